import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { evaluateCephStatus, evaluateRookCephCluster } from './ceph';

const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '../__fixtures__', name), 'utf8');
const NOW = '2026-11-21T12:00:00Z';

describe('evaluateCephStatus (ceph status -f json from a real Ceph 16.2.15)', () => {
  it('reports a healthy cluster as ok, with OSDs, PGs, quorum and capacity', () => {
    const checks = evaluateCephStatus(
      JSON.parse(fixture('live-ceph-status.json')),
      NOW,
    );
    expect(checks.map(c => [c.id, c.status])).toEqual([
      ['ceph.health', 'ok'],
      ['ceph.osds', 'ok'],
      ['ceph.pgs', 'ok'],
      ['ceph.capacity', 'ok'],
      ['ceph.quorum', 'ok'],
    ]);
    expect(checks.find(c => c.id === 'ceph.osds')!.reason).toBe(
      '1 of 1 OSDs up, 1 in',
    );
  });

  it('turns HEALTH_WARN into a warning and lists each Ceph check with its message', () => {
    const checks = evaluateCephStatus(
      JSON.parse(fixture('live-ceph-status-degraded.json')),
      NOW,
    );
    const byId = Object.fromEntries(checks.map(c => [c.id, c]));
    expect(byId['ceph.health'].status).toBe('warning');
    expect(byId['ceph.OSD_DOWN']).toMatchObject({
      status: 'warning',
      reason: 'OSD_DOWN: 1 osds down',
    });
    expect(byId['ceph.PG_AVAILABILITY'].reason).toBe(
      'PG_AVAILABILITY: Reduced data availability: 9 pgs stale',
    );
    // no OSD up at all is critical, whatever Ceph's own level says
    expect(byId['ceph.osds']).toMatchObject({
      status: 'critical',
      reason: '0 of 1 OSDs up, 1 in',
    });
    expect(byId['ceph.pgs']).toMatchObject({
      status: 'warning',
      reason: '9 of 9 PGs not active+clean (9 stale+active+clean)',
    });
  });

  it('is critical on HEALTH_ERR and on a nearly full cluster', () => {
    const status = JSON.parse(fixture('live-ceph-status.json'));
    status.health = {
      status: 'HEALTH_ERR',
      checks: {
        OSD_FULL: {
          severity: 'HEALTH_ERR',
          summary: { message: '1 full osd(s)' },
        },
      },
    };
    status.pgmap.bytes_used = status.pgmap.bytes_total * 0.96;
    const byId = Object.fromEntries(
      evaluateCephStatus(status, NOW).map(c => [c.id, c]),
    );
    expect(byId['ceph.health'].status).toBe('critical');
    expect(byId['ceph.OSD_FULL']).toMatchObject({
      status: 'critical',
      reason: 'OSD_FULL: 1 full osd(s)',
    });
    expect(byId['ceph.capacity']).toMatchObject({
      status: 'critical',
      reason: '96% of raw capacity used',
    });
  });

  it('reads the upstream Rook test fixture (Luminous, HEALTH_WARN with four checks)', () => {
    const checks = evaluateCephStatus(
      JSON.parse(fixture('ceph-status-json-fixture.json')),
      NOW,
    );
    expect(checks[0].status).toBe('warning');
    expect(checks.filter(c => /^ceph\.[A-Z_]+$/.test(c.id))).toHaveLength(4);
  });
});

describe('evaluateRookCephCluster (CephCluster.status from Rook)', () => {
  it('lists each health detail with its message and the capacity, observed at lastChecked', () => {
    const checks = evaluateRookCephCluster(
      parse(fixture('cephcluster-status-derived-warn.yaml')),
      NOW,
    );
    const byId = Object.fromEntries(checks.map(c => [c.id, c]));
    expect(byId['ceph.health']).toMatchObject({
      status: 'warning',
      observedAt: '2026-01-01T10:05:00Z',
    });
    expect(byId['ceph.POOL_APP_NOT_ENABLED'].reason).toBe(
      'POOL_APP_NOT_ENABLED: application not enabled on 1 pool(s)',
    );
    expect(byId['ceph.capacity']).toMatchObject({
      status: 'ok',
      reason: '40.7% of raw capacity used',
    });
  });

  it('says when Rook has not reported yet instead of guessing', () => {
    expect(
      evaluateRookCephCluster(
        { metadata: { name: 'rook-ceph' }, status: {} },
        NOW,
      ),
    ).toEqual([
      {
        id: 'ceph.health',
        subsystem: 'ceph',
        status: 'unknown',
        reason:
          'rook-ceph has no status.ceph yet (the Rook operator has not reported)',
        observedAt: NOW,
      },
    ]);
  });
});
