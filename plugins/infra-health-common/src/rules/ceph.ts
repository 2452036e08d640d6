import { HealthCheck, HealthStatus, statusWhen } from '../model';
import { MAX_UNREADABLE_DETAILS } from '../parse/kubernetesObjects';
import { RookCephCluster, RookCephClusterList } from '../parse/rook';

/** Ceph's own health levels, as `ceph health` and Rook report them. */
export function cephLevel(level: string | undefined): HealthStatus {
  switch (level) {
    case 'HEALTH_OK':
      return 'ok';
    case 'HEALTH_WARN':
      return 'warning';
    case 'HEALTH_ERR':
      return 'critical';
    default:
      return 'unknown';
  }
}

/** Capacity rule: above 85 % used is a warning, above 95 % critical (Ceph's own nearfull/full defaults). */
export function capacityStatus(used: number, total: number): HealthStatus {
  if (!(total > 0)) return 'unknown';
  const ratio = used / total;
  if (ratio >= 0.95) return 'critical';
  if (ratio >= 0.85) return 'warning';
  return 'ok';
}

function percent(used: number, total: number): string {
  return `${Math.round((used / total) * 1000) / 10}%`;
}

/**
 * Rules for `ceph status -f json` (the mgr's view): the overall health, one
 * check per active Ceph health check with its message, OSDs up/in, placement
 * groups not active+clean, monitor quorum, capacity.
 */
export function evaluateCephStatus(
  status: any,
  observedAt: string,
): HealthCheck[] {
  const checks: HealthCheck[] = [];
  const health = status?.health ?? {};
  const overall = cephLevel(health.status);
  checks.push({
    id: 'ceph.health',
    subsystem: 'ceph',
    status: overall,
    reason:
      overall === 'ok'
        ? 'HEALTH_OK'
        : `${health.status ?? 'no health in ceph status'}: ${
            Object.keys(health.checks ?? {}).join(', ') || 'no checks listed'
          }`,
    observedAt,
  });
  for (const [name, check] of Object.entries<any>(health.checks ?? {})) {
    if (check?.muted) continue;
    checks.push({
      id: `ceph.${name}`,
      subsystem: 'ceph',
      status: cephLevel(check?.severity),
      reason: `${name}: ${check?.summary?.message ?? 'no message'}`,
      observedAt,
      details: { count: check?.summary?.count },
    });
  }
  const osd = status?.osdmap;
  if (osd && typeof osd.num_osds === 'number') {
    const { num_osds: total, num_up_osds: up, num_in_osds: inCount } = osd;
    const osdStatus: HealthStatus = statusWhen(
      [
        [up === total && inCount === total, 'ok'],
        [up === 0, 'critical'],
      ],
      'warning',
    );
    checks.push({
      id: 'ceph.osds',
      subsystem: 'ceph',
      status: total === 0 ? 'critical' : osdStatus,
      reason: `${up} of ${total} OSDs up, ${inCount} in`,
      observedAt,
      details: { total, up, in: inCount },
    });
  }
  const pgmap = status?.pgmap;
  if (pgmap && Array.isArray(pgmap.pgs_by_state)) {
    const total =
      pgmap.num_pgs ??
      pgmap.pgs_by_state.reduce((n: number, s: any) => n + (s.count ?? 0), 0);
    const clean = pgmap.pgs_by_state
      .filter((s: any) => s.state_name === 'active+clean')
      .reduce((n: number, s: any) => n + s.count, 0);
    const states = Object.fromEntries(
      pgmap.pgs_by_state.map((s: any) => [s.state_name, s.count]),
    );
    checks.push({
      id: 'ceph.pgs',
      subsystem: 'ceph',
      status: clean === total ? 'ok' : 'warning',
      reason:
        clean === total
          ? `${total} PGs active+clean`
          : `${
              total - clean
            } of ${total} PGs not active+clean (${Object.entries(states)
              .filter(([s]) => s !== 'active+clean')
              .map(([s, n]) => `${n} ${s}`)
              .join(', ')})`,
      observedAt,
      details: { total, states },
    });
    if (typeof pgmap.bytes_total === 'number') {
      checks.push({
        id: 'ceph.capacity',
        subsystem: 'ceph',
        status: capacityStatus(pgmap.bytes_used, pgmap.bytes_total),
        reason:
          pgmap.bytes_total > 0
            ? `${percent(
                pgmap.bytes_used,
                pgmap.bytes_total,
              )} of raw capacity used`
            : 'no capacity reported',
        observedAt,
        details: {
          bytesUsed: pgmap.bytes_used,
          bytesTotal: pgmap.bytes_total,
          bytesAvailable: pgmap.bytes_avail,
        },
      });
    }
  }
  const quorum: unknown[] | undefined = status?.quorum_names;
  const mons: number | undefined = status?.monmap?.num_mons;
  if (Array.isArray(quorum) && typeof mons === 'number') {
    checks.push({
      id: 'ceph.quorum',
      subsystem: 'ceph',
      status: statusWhen(
        [
          [quorum.length === mons, 'ok'],
          [quorum.length > mons / 2, 'warning'],
        ],
        'critical',
      ),
      reason: `${quorum.length} of ${mons} monitors in quorum`,
      observedAt,
      details: { quorum, mons },
    });
  }
  return checks;
}

/** The earlier of two ISO times: a clock running ahead upstream must not keep a verdict fresh for ever. */
function earlier(time: string | undefined, fetchedAt: string): string {
  if (!time) return fetchedAt;
  return Date.parse(time) < Date.parse(fetchedAt) ? time : fetchedAt;
}

/**
 * Rules for Rook's CephCluster status (what the operator last saw, parsed by
 * `parseCephClusterList`): the health with each detail's message, and
 * capacity. The observation time is Rook's lastChecked when it has one (but
 * never later than the fetch), so a stuck operator shows as stale.
 */
export function evaluateRookCephCluster(
  cephCluster: RookCephCluster,
  fetchedAt: string,
): HealthCheck[] {
  const ceph = cephCluster.status?.ceph;
  const name = cephCluster.metadata.name;
  if (!ceph) {
    return [
      {
        id: 'ceph.health',
        subsystem: 'ceph',
        status: 'unknown',
        reason: `${name} has no status.ceph yet (the Rook operator has not reported)`,
        observedAt: fetchedAt,
      },
    ];
  }
  const observedAt = earlier(ceph.lastChecked, fetchedAt);
  const details = ceph.details ?? {};
  const checks: HealthCheck[] = [
    {
      id: 'ceph.health',
      subsystem: 'ceph',
      status: cephLevel(ceph.health),
      reason:
        cephLevel(ceph.health) === 'ok'
          ? 'HEALTH_OK'
          : `${ceph.health}: ${
              Object.keys(details).join(', ') || 'no details'
            }`,
      observedAt,
    },
  ];
  for (const [check, detail] of Object.entries(details)) {
    checks.push({
      id: `ceph.${check}`,
      subsystem: 'ceph',
      status: cephLevel(detail.severity),
      reason: `${check}: ${detail.message}`,
      observedAt,
    });
  }
  const capacity = ceph.capacity;
  if (capacity && capacity.bytesTotal !== undefined) {
    // Rook leaves zero values out: no bytesUsed is nothing used
    const bytesUsed = capacity.bytesUsed ?? 0;
    checks.push({
      id: 'ceph.capacity',
      subsystem: 'ceph',
      status: capacityStatus(bytesUsed, capacity.bytesTotal),
      reason:
        capacity.bytesTotal > 0
          ? `${percent(bytesUsed, capacity.bytesTotal)} of raw capacity used`
          : 'no capacity reported',
      observedAt: capacity.lastUpdated
        ? earlier(capacity.lastUpdated, fetchedAt)
        : observedAt,
      details: {
        bytesUsed,
        bytesTotal: capacity.bytesTotal,
        bytesAvailable: capacity.bytesAvailable,
      },
    });
  }
  return checks;
}

/**
 * Rules for every CephCluster of a cluster (Rook runs one per namespace):
 * each judged on its own. A CephCluster that did not parse is an unknown
 * health check of its own, naming it and what was wrong (the others keep
 * their verdicts: they are separate Ceph clusters). No CephCluster at all is
 * unknown.
 */
export function evaluateRookCephClusterList(
  list: RookCephClusterList,
  fetchedAt: string,
): HealthCheck[] {
  const reasons = list.unreadable ?? [];
  const more = reasons.length - MAX_UNREADABLE_DETAILS;
  const unreadable: HealthCheck[] = reasons
    .slice(0, MAX_UNREADABLE_DETAILS)
    .map((reason, index) => ({
      id: 'ceph.health',
      subsystem: 'ceph',
      status: 'unknown',
      reason:
        more > 0 && index === MAX_UNREADABLE_DETAILS - 1
          ? `${reason} (and ${more} more CephClusters unreadable)`
          : reason,
      observedAt: fetchedAt,
      details: { unreadable: true },
    }));
  if (!list.items.length && !unreadable.length) {
    return [
      {
        id: 'ceph.health',
        subsystem: 'ceph',
        status: 'unknown',
        reason: 'no CephCluster in this cluster',
        observedAt: fetchedAt,
      },
    ];
  }
  return [
    ...list.items.flatMap(cluster =>
      evaluateRookCephCluster(cluster, fetchedAt),
    ),
    ...unreadable,
  ];
}
