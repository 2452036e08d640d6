import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  HealthCheck,
  rollupCluster,
} from '@proficientnow/backstage-plugin-infra-health-common';
import express from 'express';
import request from 'supertest';
import { HealthStore } from '../database/HealthStore';
import { createRouter } from './router';

const NOW = new Date('2026-11-21T12:00:00Z');
// the API reads only what the store holds; one engine is enough here (the store's own tests cover both)
const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});
const SECRET = 'cluster-bearer-token-never-shown';

async function app(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const knex = await databases.init('SQLITE_3');
  const store = await HealthStore.create(mockServices.database({ knex }));
  const save = async (cluster: string, checks: HealthCheck[], at: string) => {
    const rollup = rollupCluster(cluster, checks, new Date(at));
    await store.save(
      {
        cluster,
        environment: cluster,
        status: rollup.status,
        collectedAt: at,
        checks,
      },
      rollup,
    );
  };
  await save(
    'prod',
    [
      {
        id: 'ceph.health',
        subsystem: 'ceph',
        status: 'warning',
        reason: 'HEALTH_WARN: OSD_DOWN',
        observedAt: '2026-11-21T11:59:00Z',
      },
      {
        id: 'nodes.ready',
        subsystem: 'nodes',
        status: 'ok',
        reason: '3 of 3 nodes Ready',
        observedAt: '2026-11-21T11:59:00Z',
      },
      {
        id: 'controlPlane.readyz',
        subsystem: 'controlPlane',
        status: 'ok',
        reason: 'ready',
        observedAt: '2026-11-21T11:59:00Z',
      },
    ],
    '2026-11-21T11:59:00Z',
  );
  // collected an hour ago and never since: must not read as healthy
  await save(
    'dev',
    [
      {
        id: 'nodes.ready',
        subsystem: 'nodes',
        status: 'ok',
        reason: '3 of 3 nodes Ready',
        observedAt: '2026-11-21T11:00:00Z',
      },
      {
        id: 'controlPlane.readyz',
        subsystem: 'controlPlane',
        status: 'ok',
        reason: 'ready',
        observedAt: '2026-11-21T11:00:00Z',
      },
    ],
    '2026-11-21T11:00:00Z',
  );
  const router = createRouter({
    store,
    // a request without a token is anonymous, as in the real backend
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    permissions: mockServices.permissions({ result }),
    staleness: { staleAfterMs: 5 * 60_000 },
    now: () => NOW,
  });
  const errorHandler = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  }).error();
  return express().use(router).use(errorHandler);
}

const auth = { Authorization: mockCredentials.user.header() };

describe('infra-health REST API', () => {
  it('serves the fleet worst first, with stale clusters as unknown', async () => {
    const res = await request(await app())
      .get('/fleet')
      .set(auth);
    expect(res.status).toBe(200);
    expect(
      res.body.clusters.map((c: any) => [c.cluster, c.status, c.stale]),
    ).toEqual([
      ['prod', 'warning', false],
      ['dev', 'unknown', true],
    ]);
    expect(res.body.counts).toEqual({
      ok: 0,
      warning: 1,
      critical: 0,
      unknown: 1,
    });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it('serves one cluster, one subsystem and the history', async () => {
    const server = await app();
    expect(
      (await request(server).get('/clusters/prod').set(auth)).body,
    ).toMatchObject({
      cluster: 'prod',
      status: 'warning',
      reason: 'Ceph: HEALTH_WARN: OSD_DOWN',
    });
    expect(
      (await request(server).get('/clusters/prod/subsystems/ceph').set(auth))
        .body,
    ).toMatchObject({ subsystem: 'ceph', status: 'warning' });
    const history = await request(server)
      .get('/clusters/prod/history?hours=24')
      .set(auth);
    expect(
      history.body.points
        .filter((p: any) => p.subsystem === '*')
        .map((p: any) => p.status),
    ).toEqual(['warning']);
    // one series when asked: what a card's sparkline needs, nothing more
    const ceph = await request(server)
      .get('/clusters/prod/history?hours=24&subsystem=ceph')
      .set(auth);
    expect(ceph.body.points.length).toBeGreaterThan(0);
    expect(ceph.body.points.every((p: any) => p.subsystem === 'ceph')).toBe(
      true,
    );
    const badSeries = await request(server)
      .get('/clusters/prod/history?subsystem=etcd')
      .set(auth);
    expect(badSeries.status).toBe(400);
    expect(badSeries.body.error.message).toMatch(/subsystem/);
  });

  it('answers bad input with 400 naming the field, unknown clusters with 404', async () => {
    const server = await app();
    const bad = await request(server)
      .get('/clusters/prod/subsystems/etcd')
      .set(auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/invalid subsystem/);
    const hours = await request(server)
      .get('/clusters/prod/history?hours=9999')
      .set(auth);
    expect(hours.status).toBe(400);
    expect(hours.body.error.message).toMatch(/hours/);
    expect(
      (await request(server).get('/clusters/nowhere').set(auth)).status,
    ).toBe(404);
  });

  it('refuses callers without infra.health.read, and anonymous callers', async () => {
    expect(
      (
        await request(await app(AuthorizeResult.DENY))
          .get('/fleet')
          .set(auth)
      ).status,
    ).toBe(403);
    expect((await request(await app()).get('/fleet')).status).toBe(401);
  });
});
