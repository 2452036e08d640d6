import fs from 'node:fs';
import path from 'node:path';
import { parseExposition } from '../__testUtils__/parseExposition';
import { MetricSample } from '../parse/prometheus';
import { evaluateCephMetrics } from './cephMetrics';

const AT = '2026-11-21T10:00:00.000Z';
const capture = (file: string) =>
  parseExposition(
    fs.readFileSync(path.join(__dirname, '../__fixtures__', file), 'utf8'),
  );
const byId = (checks: ReturnType<typeof evaluateCephMetrics>) =>
  Object.fromEntries(checks.map(c => [c.id, c]));

describe('evaluateCephMetrics (real ceph-mgr captures)', () => {
  it('reads a healthy Ceph 16.2.15 as ok in every check', () => {
    const checks = byId(
      evaluateCephMetrics(capture('live-mgr-metrics-sample.txt'), AT),
    );
    expect(checks['ceph.health']).toMatchObject({
      status: 'ok',
      reason: 'HEALTH_OK',
    });
    expect(checks['ceph.osds']).toMatchObject({
      status: 'ok',
      reason: '1 of 1 OSDs up, 1 in',
    });
    expect(checks['ceph.pgs']).toMatchObject({
      status: 'ok',
      reason: '9 PGs active+clean',
    });
    expect(checks['ceph.quorum']).toMatchObject({
      status: 'ok',
      details: expect.objectContaining({ quorum: ['mon.a'], mons: 1 }),
    });
    expect(checks['ceph.capacity'].details).toMatchObject({
      bytesTotal: 1073741824,
    });
    expect(checks['ceph.pools'].details?.pools).toEqual([
      expect.objectContaining({ id: 1, name: 'testpool', objects: 3 }),
      expect.objectContaining({ id: 2, name: 'device_health_metrics' }),
    ]);
    expect(Object.values(checks).every(c => c.details?.source)).toBe(true);
  });

  it('reads the OSD-down capture as HEALTH_WARN with each firing check, ignoring cleared ones', () => {
    const checks = byId(
      evaluateCephMetrics(capture('live-mgr-metrics-degraded.txt'), AT),
    );
    expect(checks['ceph.health']).toMatchObject({
      status: 'warning',
      reason:
        'HEALTH_WARN: OSD_DOWN, OSD_HOST_DOWN, OSD_ROOT_DOWN, PG_AVAILABILITY',
    });
    expect(checks['ceph.OSD_DOWN'].status).toBe('warning');
    expect(checks['ceph.PG_AVAILABILITY'].status).toBe('warning');
    // OSDMAP_FLAGS and PG_DEGRADED are 0-valued series of checks that cleared earlier
    expect(checks['ceph.OSDMAP_FLAGS']).toBeUndefined();
    expect(checks['ceph.PG_DEGRADED']).toBeUndefined();
    expect(checks['ceph.osds']).toMatchObject({
      status: 'critical',
      reason: '0 of 1 OSDs up, 1 in; down: osd.0',
    });
    expect(checks['ceph.pgs']).toMatchObject({
      status: 'warning',
      reason: '9 PGs: 9 stale',
    });
  });
});

describe('evaluateCephMetrics rules', () => {
  const sample = (
    name: string,
    value: number,
    labels: Record<string, string> = {},
  ): MetricSample => ({ name, value, labels });

  it('says unknown, naming the missing metric, when Prometheus has no Ceph data', () => {
    const [check] = evaluateCephMetrics([], AT);
    expect(check).toMatchObject({ id: 'ceph.health', status: 'unknown' });
    expect(check.reason).toContain('ceph_health_status');
  });

  it('maps HEALTH_ERR to critical', () => {
    const checks = byId(
      evaluateCephMetrics(
        [
          sample('ceph_health_status', 2),
          sample('ceph_health_detail', 1, {
            name: 'OSD_FULL',
            severity: 'HEALTH_ERR',
          }),
        ],
        AT,
      ),
    );
    expect(checks['ceph.health'].status).toBe('critical');
    expect(checks['ceph.OSD_FULL']).toMatchObject({ status: 'critical' });
  });

  it('does not trust a stuck exporter: its cached HEALTH_OK becomes unknown', () => {
    const [health] = evaluateCephMetrics(
      [sample('ceph_health_status', 0)],
      AT,
      {
        exporterFresh: false,
      },
    );
    expect(health.status).toBe('unknown');
    expect(health.reason).toContain('stopped refreshing');
  });

  it('warns on an OSD marked out and on a lost monitor, critical without a majority', () => {
    const checks = byId(
      evaluateCephMetrics(
        [
          sample('ceph_health_status', 0),
          sample('ceph_osd_up', 1, { ceph_daemon: 'osd.0' }),
          sample('ceph_osd_in', 0, { ceph_daemon: 'osd.0' }),
          sample('ceph_mon_quorum_status', 1, { ceph_daemon: 'mon.a' }),
          sample('ceph_mon_quorum_status', 0, { ceph_daemon: 'mon.b' }),
          sample('ceph_mon_quorum_status', 0, { ceph_daemon: 'mon.c' }),
        ],
        AT,
      ),
    );
    expect(checks['ceph.osds']).toMatchObject({
      status: 'warning',
      reason: '1 of 1 OSDs up, 0 in; out: osd.0',
    });
    expect(checks['ceph.quorum']).toMatchObject({
      status: 'critical',
      reason: '1 of 3 monitors in quorum; out of quorum: mon.b, mon.c',
    });
  });

  it('applies the capacity thresholds and flags a pool with no space left', () => {
    const checks = byId(
      evaluateCephMetrics(
        [
          sample('ceph_health_status', 0),
          sample('ceph_cluster_total_bytes', 100),
          sample('ceph_cluster_total_used_bytes', 90),
          sample('ceph_pool_metadata', 1, { pool_id: '3', name: 'rbd' }),
          sample('ceph_pool_max_avail', 0, { pool_id: '3' }),
        ],
        AT,
      ),
    );
    expect(checks['ceph.capacity']).toMatchObject({
      status: 'warning',
      reason: '90% of raw capacity used',
    });
    expect(checks['ceph.pools']).toMatchObject({
      status: 'critical',
      reason: 'no space left for pool(s) rbd',
    });
  });
});
