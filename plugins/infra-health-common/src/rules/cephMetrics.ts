import { HealthCheck, HealthStatus, statusWhen } from '../model';
import { MetricSample, MetricShape } from '../parse/prometheus';
import { capacityStatus, cephLevel } from './ceph';

/** The ceph-mgr `prometheus` module metrics the Ceph rules read (one PromQL query fetches them all). */
export const CEPH_METRIC_NAMES = [
  'ceph_health_status',
  'ceph_health_detail',
  'ceph_osd_up',
  'ceph_osd_in',
  'ceph_pg_total',
  'ceph_pg_active',
  'ceph_pg_clean',
  'ceph_pg_degraded',
  'ceph_pg_undersized',
  'ceph_pg_stale',
  'ceph_pg_peering',
  'ceph_pg_down',
  'ceph_pg_unknown',
  'ceph_pg_incomplete',
  'ceph_pg_inconsistent',
  'ceph_pg_remapped',
  'ceph_pg_backfill_toofull',
  'ceph_cluster_total_bytes',
  'ceph_cluster_total_used_bytes',
  'ceph_mon_quorum_status',
  'ceph_pool_metadata',
  'ceph_pool_stored',
  'ceph_pool_max_avail',
  'ceph_pool_objects',
] as const;

const FLAG = [0, 1] as const;

/**
 * What each ceph-mgr metric may hold and the labels the rules read (see
 * `parsePrometheusVector`): an answer outside these is unknown, not judged.
 */
export const CEPH_METRIC_SHAPES: Record<
  (typeof CEPH_METRIC_NAMES)[number],
  MetricShape
> = {
  ceph_health_status: { value: [0, 1, 2] },
  ceph_health_detail: { value: FLAG, labels: ['name', 'severity'] },
  ceph_osd_up: { value: FLAG, labels: ['ceph_daemon'] },
  ceph_osd_in: { value: FLAG, labels: ['ceph_daemon'] },
  ceph_pg_total: { value: 'count' },
  ceph_pg_active: { value: 'count' },
  ceph_pg_clean: { value: 'count' },
  ceph_pg_degraded: { value: 'count' },
  ceph_pg_undersized: { value: 'count' },
  ceph_pg_stale: { value: 'count' },
  ceph_pg_peering: { value: 'count' },
  ceph_pg_down: { value: 'count' },
  ceph_pg_unknown: { value: 'count' },
  ceph_pg_incomplete: { value: 'count' },
  ceph_pg_inconsistent: { value: 'count' },
  ceph_pg_remapped: { value: 'count' },
  ceph_pg_backfill_toofull: { value: 'count' },
  ceph_cluster_total_bytes: { value: 'amount' },
  ceph_cluster_total_used_bytes: { value: 'amount' },
  ceph_mon_quorum_status: { value: FLAG, labels: ['ceph_daemon'] },
  ceph_pool_metadata: { value: 'amount', labels: ['pool_id', 'name'] },
  ceph_pool_stored: { value: 'amount', labels: ['pool_id'] },
  ceph_pool_max_avail: { value: 'amount', labels: ['pool_id'] },
  ceph_pool_objects: { value: 'count', labels: ['pool_id'] },
};

const PG_PROBLEM_STATES = [
  'degraded',
  'undersized',
  'stale',
  'peering',
  'down',
  'unknown',
  'incomplete',
  'inconsistent',
  'remapped',
  'backfill_toofull',
];

function byName(samples: MetricSample[], name: string): MetricSample[] {
  return samples.filter(s => s.name === name);
}

function sum(samples: MetricSample[], name: string): number | undefined {
  const found = byName(samples, name);
  return found.length
    ? found.reduce((total, s) => total + s.value, 0)
    : undefined;
}

function percent(used: number, total: number): string {
  return `${Math.round((used / total) * 1000) / 10}%`;
}

const HEALTH_LEVELS = ['HEALTH_OK', 'HEALTH_WARN', 'HEALTH_ERR'];

/**
 * Rules for the ceph-mgr metrics in Prometheus: `ceph_health_status` (0, 1,
 * 2 = OK, WARN, ERR), each firing `ceph_health_detail` (value 1; cleared
 * checks stay as 0-valued series and are ignored), OSDs up/in, PG states,
 * capacity, monitor quorum and pools. `exporterFresh: false` means the mgr
 * stopped refreshing its cache (a lost monitor connection leaves the last
 * values, HEALTH_OK included, on /metrics for ever): the health is then
 * unknown, not ok.
 */
export function evaluateCephMetrics(
  samples: MetricSample[],
  observedAt: string,
  options: { exporterFresh?: boolean } = {},
): HealthCheck[] {
  const source = { source: 'prometheus' };
  const checks: HealthCheck[] = [];
  const level = byName(samples, 'ceph_health_status')[0]?.value;
  if (level === undefined) {
    return [
      {
        id: 'ceph.health',
        subsystem: 'ceph',
        status: 'unknown',
        reason:
          'Prometheus has no ceph_health_status: is the ceph-mgr prometheus module enabled and scraped?',
        observedAt,
        details: source,
      },
    ];
  }
  const levelName = HEALTH_LEVELS[level] ?? `level ${level}`;
  const firing = byName(samples, 'ceph_health_detail').filter(
    s => s.value === 1,
  );
  const stuck = options.exporterFresh === false;
  checks.push({
    id: 'ceph.health',
    subsystem: 'ceph',
    status: stuck ? 'unknown' : cephLevel(levelName),
    reason: stuck
      ? `the ceph-mgr exporter stopped refreshing (no health collection in the last minute; a monitor may be unreachable); it last said ${levelName}`
      : `${levelName}${
          firing.length ? `: ${firing.map(s => s.labels.name).join(', ')}` : ''
        }`,
    observedAt,
    details: { ...source, level: levelName },
  });
  for (const check of firing) {
    checks.push({
      id: `ceph.${check.labels.name}`,
      subsystem: 'ceph',
      status: cephLevel(check.labels.severity),
      reason: `${check.labels.name} (${check.labels.severity}); the message is in \`ceph health detail\``,
      observedAt,
      details: { ...source, severity: check.labels.severity },
    });
  }

  const up = byName(samples, 'ceph_osd_up');
  if (up.length) {
    const upCount = up.filter(s => s.value === 1).length;
    const inCount = byName(samples, 'ceph_osd_in').filter(
      s => s.value === 1,
    ).length;
    const total = up.length;
    const down = up.filter(s => s.value !== 1).map(s => s.labels.ceph_daemon);
    const out = byName(samples, 'ceph_osd_in')
      .filter(s => s.value !== 1)
      .map(s => s.labels.ceph_daemon);
    checks.push({
      id: 'ceph.osds',
      subsystem: 'ceph',
      status: statusWhen(
        [
          [upCount === total && inCount === total, 'ok'],
          [upCount === 0, 'critical'],
        ],
        'warning',
      ),
      reason: `${upCount} of ${total} OSDs up, ${inCount} in${
        down.length ? `; down: ${down.join(', ')}` : ''
      }${out.length ? `; out: ${out.join(', ')}` : ''}`,
      observedAt,
      details: { ...source, total, up: upCount, in: inCount, down, out },
    });
  }

  const pgTotal = sum(samples, 'ceph_pg_total');
  if (pgTotal !== undefined) {
    const states: Record<string, number> = {};
    for (const state of ['active', 'clean', ...PG_PROBLEM_STATES]) {
      const count = sum(samples, `ceph_pg_${state}`);
      if (count) states[state] = count;
    }
    const notActive = pgTotal - (states.active ?? 0);
    const notClean = pgTotal - (states.clean ?? 0);
    const problems = PG_PROBLEM_STATES.filter(s => states[s]);
    const healthy = notActive === 0 && notClean === 0 && problems.length === 0;
    const parts = [
      ...(notActive ? [`${notActive} not active`] : []),
      ...(notClean ? [`${notClean} not clean`] : []),
      ...problems.map(s => `${states[s]} ${s}`),
    ];
    checks.push({
      id: 'ceph.pgs',
      subsystem: 'ceph',
      status: healthy ? 'ok' : 'warning',
      reason: healthy
        ? `${pgTotal} PGs active+clean`
        : `${pgTotal} PGs: ${parts.join(', ')}`,
      observedAt,
      details: { ...source, total: pgTotal, states },
    });
  }

  const bytesTotal = sum(samples, 'ceph_cluster_total_bytes');
  const bytesUsed = sum(samples, 'ceph_cluster_total_used_bytes');
  if (bytesTotal !== undefined && bytesUsed !== undefined) {
    checks.push({
      id: 'ceph.capacity',
      subsystem: 'ceph',
      status: capacityStatus(bytesUsed, bytesTotal),
      reason:
        bytesTotal > 0
          ? `${percent(bytesUsed, bytesTotal)} of raw capacity used`
          : 'no capacity reported',
      observedAt,
      details: {
        ...source,
        bytesUsed,
        bytesTotal,
        bytesAvailable: bytesTotal - bytesUsed,
      },
    });
  }

  const mons = byName(samples, 'ceph_mon_quorum_status');
  if (mons.length) {
    const quorum = mons
      .filter(s => s.value === 1)
      .map(s => s.labels.ceph_daemon);
    const outside = mons
      .filter(s => s.value !== 1)
      .map(s => s.labels.ceph_daemon);
    const status: HealthStatus = statusWhen(
      [
        [quorum.length === mons.length, 'ok'],
        [quorum.length > mons.length / 2, 'warning'],
      ],
      'critical',
    );
    checks.push({
      id: 'ceph.quorum',
      subsystem: 'ceph',
      status,
      reason: `${quorum.length} of ${mons.length} monitors in quorum${
        outside.length ? `; out of quorum: ${outside.join(', ')}` : ''
      }`,
      observedAt,
      details: { ...source, quorum, mons: mons.length },
    });
  }

  const pools = byName(samples, 'ceph_pool_metadata');
  if (pools.length) {
    const poolValue = (name: string, id: string) =>
      byName(samples, name).find(s => s.labels.pool_id === id)?.value ?? 0;
    const list = pools
      .map(p => ({
        id: Number(p.labels.pool_id),
        name: p.labels.name,
        bytesUsed: poolValue('ceph_pool_stored', p.labels.pool_id),
        maxAvailBytes: poolValue('ceph_pool_max_avail', p.labels.pool_id),
        objects: poolValue('ceph_pool_objects', p.labels.pool_id),
      }))
      .sort((a, b) => a.id - b.id);
    const full = list.filter(p => p.maxAvailBytes === 0).map(p => p.name);
    checks.push({
      id: 'ceph.pools',
      subsystem: 'ceph',
      status: full.length ? 'critical' : 'ok',
      reason: full.length
        ? `no space left for pool(s) ${full.join(', ')}`
        : `${list.length} pools, all with space available`,
      observedAt,
      details: { ...source, pools: list },
    });
  }
  return checks;
}
