import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { evaluateRookCephClusterList } from '../rules/ceph';
import { parseCephClusterList } from './rook';

const NOW = '2026-11-21T12:00:00Z';
const fixture = (name: string) =>
  parse(readFileSync(path.join(__dirname, '../__fixtures__', name), 'utf8'));

/** Rook's derived HEALTH_WARN CephCluster (see the fixture's header), with `ceph` replaced when given. */
const cephCluster = (name: string, ceph?: unknown) => {
  const base = fixture('cephcluster-status-derived-warn.yaml');
  return {
    ...base,
    metadata: { ...base.metadata, name },
    status: ceph === undefined ? base.status : { ...base.status, ceph },
  };
};
const list = (...items: unknown[]) => ({
  kind: 'CephClusterList',
  apiVersion: 'ceph.rook.io/v1',
  metadata: {},
  items,
});
const healthyCeph = {
  health: 'HEALTH_OK',
  lastChecked: '2026-11-21T11:59:00Z',
  capacity: {
    bytesTotal: 1000,
    bytesUsed: 100,
    bytesAvailable: 900,
    lastUpdated: '2026-11-21T11:59:00Z',
  },
};

describe('parseCephClusterList', () => {
  it('reads the upstream CephCluster samples', () => {
    const parsed = parseCephClusterList(
      list(cephCluster('rook-ceph'), {
        ...cephCluster('docs'),
        status: fixture('cephcluster-status-docs-example.yaml').status,
      }),
    );
    expect(parsed.ok && parsed.value.unreadable).toBeUndefined();
    expect(parsed.ok && parsed.value.items[0].status?.ceph).toMatchObject({
      health: 'HEALTH_WARN',
      lastChecked: '2026-01-01T10:05:00Z',
      details: {
        OSD_DOWN: { severity: 'HEALTH_WARN', message: '1 osds down' },
      },
      capacity: { bytesTotal: 33436786688, bytesUsed: 13611479040 },
    });
  });

  it('reads a CephCluster Rook has not reported on yet as having no status.ceph', () => {
    const parsed = parseCephClusterList(
      list({
        kind: 'CephCluster',
        metadata: { name: 'new', namespace: 'rook-ceph' },
      }),
    );
    expect(parsed.ok && parsed.value.items).toEqual([
      { metadata: { name: 'new', namespace: 'rook-ceph' }, status: {} },
    ]);
  });

  it.each([
    [
      'health is a number',
      { ...healthyCeph, health: 0 },
      'status.ceph.health is not a string (a number)',
    ],
    [
      'health is missing',
      { lastChecked: NOW },
      'status.ceph.health is missing',
    ],
    [
      'lastChecked is not a time',
      { ...healthyCeph, lastChecked: 'yesterday' },
      'status.ceph.lastChecked is "yesterday", not a time',
    ],
    [
      'a detail has no message',
      { ...healthyCeph, details: { OSD_DOWN: { severity: 'HEALTH_WARN' } } },
      'status.ceph.details.OSD_DOWN.message is missing',
    ],
    [
      'details are a list',
      { ...healthyCeph, details: ['OSD_DOWN'] },
      'status.ceph.details is not an object (a list)',
    ],
    [
      'capacity is negative',
      { ...healthyCeph, capacity: { bytesTotal: -1, bytesUsed: 0 } },
      'status.ceph.capacity.bytesTotal is -1, below 0',
    ],
    [
      'capacity is huge beyond a number',
      {
        ...healthyCeph,
        capacity: { bytesTotal: JSON.parse('1e400'), bytesUsed: 0 },
      },
      'status.ceph.capacity.bytesTotal is not a finite number',
    ],
    [
      'capacity is a string',
      { ...healthyCeph, capacity: { bytesTotal: '1Ti', bytesUsed: 0 } },
      'status.ceph.capacity.bytesTotal is not a number (a string)',
    ],
    [
      'status.ceph is a string',
      'HEALTH_OK',
      'status.ceph is not an object (a string)',
    ],
  ])('names a CephCluster whose %s', (_label, ceph, problem) => {
    expect(parseCephClusterList(list(cephCluster('rook-ceph', ceph)))).toEqual({
      ok: true,
      value: {
        items: [],
        unreadable: [`CephCluster rook-ceph/rook-ceph: ${problem}`],
      },
    });
  });

  it.each([
    [{}, 'the answer is not a CephClusterList (kind is missing)'],
    [{ items: [] }, 'the answer is not a CephClusterList (kind is missing)'],
    ['HEALTH_OK', 'the answer is not a CephClusterList (a string)'],
    [
      {
        kind: 'Status',
        status: 'Failure',
        message: 'cephclusters.ceph.rook.io is forbidden',
        code: 403,
      },
      'the answer is not a CephClusterList (kind Status: cephclusters.ceph.rook.io is forbidden)',
    ],
  ])('is not a CephClusterList: %j', (body, reason) => {
    expect(parseCephClusterList(body)).toEqual({ ok: false, reason });
  });
});

describe('the Rook rules over a parsed list', () => {
  function judge(body: unknown) {
    const parsed = parseCephClusterList(body);
    if (!parsed.ok) throw new Error(parsed.reason);
    return evaluateRookCephClusterList(parsed.value, NOW);
  }

  it('judges each CephCluster; one that does not parse is unknown on its own, named', () => {
    const checks = judge(
      list(
        cephCluster('a', healthyCeph),
        cephCluster('b', { ...healthyCeph, health: ['HEALTH_OK'] }),
      ),
    );
    expect(checks.map(c => [c.id, c.status, c.reason])).toEqual([
      ['ceph.health', 'ok', 'HEALTH_OK'],
      ['ceph.capacity', 'ok', '10% of raw capacity used'],
      [
        'ceph.health',
        'unknown',
        'CephCluster rook-ceph/b: status.ceph.health is not a string (a list)',
      ],
    ]);
  });

  it('no CephCluster at all is unknown', () => {
    expect(judge(list())).toEqual([
      expect.objectContaining({
        status: 'unknown',
        reason: 'no CephCluster in this cluster',
      }),
    ]);
  });

  it('a lastChecked in the future does not keep the verdict fresh: it counts from the fetch', () => {
    const [health] = judge(
      list(
        cephCluster('a', {
          ...healthyCeph,
          lastChecked: '2999-01-01T00:00:00Z',
        }),
      ),
    );
    expect(health.observedAt).toBe(NOW);
  });

  it('Rook leaving out a zero bytesUsed reads as nothing used; no total is no capacity', () => {
    const checks = judge(
      list(
        cephCluster('a', {
          health: 'HEALTH_OK',
          capacity: { bytesTotal: 1000 },
        }),
      ),
    );
    expect(checks.find(c => c.id === 'ceph.capacity')?.reason).toBe(
      '0% of raw capacity used',
    );
    const empty = judge(
      list(
        cephCluster('a', { health: 'HEALTH_OK', capacity: { bytesTotal: 0 } }),
      ),
    );
    expect(empty.find(c => c.id === 'ceph.capacity')).toMatchObject({
      status: 'unknown',
      reason: 'no capacity reported',
    });
  });
});
