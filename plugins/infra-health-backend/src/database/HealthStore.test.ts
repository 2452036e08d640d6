import { mockServices } from '@backstage/backend-test-utils';
import { portalTestDatabases } from '@internal/test-support';
import {
  HealthCheck,
  rollupCluster,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { HealthStore } from './HealthStore';

jest.setTimeout(60_000);

const databases = portalTestDatabases();

const checks = (status: HealthCheck['status'], at: string): HealthCheck[] => [
  {
    id: 'ceph.health',
    subsystem: 'ceph',
    status,
    reason: `ceph ${status}`,
    observedAt: at,
  },
  {
    id: 'nodes.ready',
    subsystem: 'nodes',
    status: 'ok',
    reason: '3 of 3 nodes Ready',
    observedAt: at,
  },
];

async function save(
  store: HealthStore,
  cluster: string,
  status: HealthCheck['status'],
  at: string,
) {
  const list = checks(status, at);
  const rollup = rollupCluster(cluster, list, new Date(at), {
    environment: 'prod',
  });
  await store.save(
    {
      cluster,
      environment: 'prod',
      status: rollup.status,
      collectedAt: at,
      checks: list,
    },
    rollup,
  );
}

describe.each(databases.eachSupportedId())('HealthStore on %s', databaseId => {
  it('keeps the latest snapshot per cluster and the history of rollups', async () => {
    const knex = await databases.init(databaseId);
    const store = await HealthStore.create(mockServices.database({ knex }));
    await save(store, 'prod', 'ok', '2026-11-21T10:00:00.000Z');
    await save(store, 'prod', 'warning', '2026-11-21T10:01:00.000Z');
    await save(store, 'dev', 'ok', '2026-11-21T10:01:00.000Z');

    const snapshots = await store.snapshots();
    expect(snapshots.map(s => [s.cluster, s.status, s.collectedAt])).toEqual([
      ['dev', 'ok', '2026-11-21T10:01:00.000Z'],
      ['prod', 'warning', '2026-11-21T10:01:00.000Z'],
    ]);
    expect((await store.snapshot('prod'))!.checks[0]).toMatchObject({
      id: 'ceph.health',
      status: 'warning',
    });

    const history = await store.history(
      'prod',
      new Date('2026-11-21T00:00:00Z'),
    );
    expect(history.filter(p => p.subsystem === '*').map(p => p.status)).toEqual(
      ['ok', 'warning'],
    );
    expect(
      history.filter(p => p.subsystem === 'ceph').map(p => p.status),
    ).toEqual(['ok', 'warning']);
  });

  it('keeps sources, reachability and the last-seen time, and forgets clusters no longer collected', async () => {
    const knex = await databases.init(databaseId);
    const store = await HealthStore.create(mockServices.database({ knex }));
    const list = checks('unknown', '2026-11-21T10:05:00.000Z');
    const rollup = rollupCluster(
      'prod',
      list,
      new Date('2026-11-21T10:05:00Z'),
    );
    await store.save(
      {
        cluster: 'prod',
        status: rollup.status,
        collectedAt: '2026-11-21T10:05:00.000Z',
        checks: list,
        sources: [
          { source: 'kubernetes', configured: true },
          { source: 'prometheus', configured: false, hint: 'set the url' },
        ],
        reachable: false,
        lastSeenAt: '2026-11-21T10:00:00.000Z',
      },
      rollup,
    );
    await save(store, 'dev', 'ok', '2026-11-21T10:05:00.000Z');
    expect(await store.snapshot('prod')).toMatchObject({
      reachable: false,
      lastSeenAt: '2026-11-21T10:00:00.000Z',
      sources: [
        { source: 'kubernetes', configured: true },
        { source: 'prometheus', configured: false, hint: 'set the url' },
      ],
    });
    expect((await store.snapshot('dev'))?.reachable).toBeUndefined();

    expect(await store.retainClusters(['dev'])).toBe(1);
    expect((await store.snapshots()).map(s => s.cluster)).toEqual(['dev']);
    expect(
      await store.history('prod', new Date('2026-11-21T00:00:00Z')),
    ).toEqual([]);
  });

  it('prunes history older than the retention, keeping newer points', async () => {
    const knex = await databases.init(databaseId);
    const store = await HealthStore.create(mockServices.database({ knex }));
    await save(store, 'prod', 'ok', '2026-11-20T09:00:00.000Z');
    await save(store, 'prod', 'ok', '2026-11-21T09:00:00.000Z');
    expect(await store.pruneHistory(new Date('2026-11-21T00:00:00Z'))).toBe(3);
    expect(
      (await store.history('prod', new Date(0))).map(p => p.observedAt),
    ).toEqual([
      '2026-11-21T09:00:00.000Z',
      '2026-11-21T09:00:00.000Z',
      '2026-11-21T09:00:00.000Z',
    ]);
  });
});
