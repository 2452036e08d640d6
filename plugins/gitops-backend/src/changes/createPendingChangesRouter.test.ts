/**
 * @jest-environment node
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import express from 'express';
import request from 'supertest';
import { createPendingChangesRouter } from './createPendingChangesRouter';
import { PendingChangesService } from './PendingChangesService';
import {
  PORTAL_TOKEN,
  RepositoryWithChanges,
  startRepositoryWithChanges,
} from './__testUtils__/repositoryWithChanges';

jest.setTimeout(60_000);

let world: RepositoryWithChanges;

beforeAll(async () => {
  world = await startRepositoryWithChanges();
});

afterAll(async () => {
  await world.standin.close();
});

beforeEach(() => {
  world.standin.clearFaults();
});

function app(
  options: {
    config?: JsonObject;
    result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const service = PendingChangesService.fromConfig(
    new ConfigReader(options.config ?? world.config),
    { clientOptions: { timeScale: 0.001, writeIntervalMs: 0 } },
  );
  const router = createPendingChangesRouter({
    service,
    // a request without a token is anonymous, as in the real backend
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    permissions: mockServices.permissions({
      result: options.result ?? AuthorizeResult.ALLOW,
    }),
  });
  const errorHandler = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  }).error();
  return express().use(router).use(errorHandler);
}

const user = { Authorization: mockCredentials.user.header() };

describe('GET /changes', () => {
  it('answers the pending changes, filtered, to users and services', async () => {
    const server = app();
    const all = await request(server).get('/changes').set(user);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      configured: true,
      repository: { owner: 'proficientnow', repo: 'platform-gitops' },
      truncated: false,
    });
    expect(all.body.changes).toHaveLength(4);
    expect(JSON.stringify(all.body)).not.toContain(PORTAL_TOKEN);

    const prod = await request(server)
      .get('/changes?environment=prod&target=billing')
      .set({ Authorization: mockCredentials.service.header() });
    expect(prod.status).toBe(200);
    expect(prod.body.changes.map((c: any) => c.number)).toEqual([
      world.pulls.prodCluster,
    ]);
    expect(prod.body.changes[0]).toMatchObject({
      kind: 'cluster',
      environment: 'prod',
      target: 'billing',
      checks: { state: 'pending' },
    });
  });

  it('says how to configure GitHub when it is not, with 200 and no changes', async () => {
    const res = await request(app({ config: {} }))
      .get('/changes')
      .set(user);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      configured: false,
      reason: expect.stringMatching(
        /Set gitops\.repository\.url .* integrations\.github/,
      ),
      changes: [],
    });
  });

  it.each([
    [
      '/changes?environment=Prod',
      /invalid query: environment must be a lowercase name/,
    ],
    ['/changes?target=a%20b', /invalid query: target must be a lowercase name/],
    ['/changes?environment=dev&environment=qa', /invalid query: environment/],
    ['/changes?cluster=billing', /unknown parameter cluster/],
  ])('answers %s with 400 naming the parameter', async (url, message) => {
    const res = await request(app()).get(url).set(user);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses callers without gitops.change.read, and anonymous callers', async () => {
    const denied = await request(app({ result: AuthorizeResult.DENY }))
      .get('/changes')
      .set(user);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/gitops\.change\.read/);
    expect((await request(app()).get('/changes')).status).toBe(401);
  });

  it('answers 503 naming GitHub and its status when GitHub fails, without the token', async () => {
    world.standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls',
      status: 500,
      times: 10,
    });
    const res = await request(app()).get('/changes').set(user);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/^GitHub answered 500 to GET \/repos\//),
    });
    expect(JSON.stringify(res.body)).not.toContain(PORTAL_TOKEN);
  });
});
