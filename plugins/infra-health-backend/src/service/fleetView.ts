import {
  ClusterHealth,
  rollupCluster,
  SEVERITY,
  StalenessPolicy,
  SUBSYSTEMS,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { StoredSnapshot } from '../database/HealthStore';

export interface FleetSummary {
  clusters: ClusterHealth[];
  counts: Record<ClusterHealth['status'], number>;
  generatedAt: string;
}

/**
 * What the API serves: stored snapshots rolled up at read time, so staleness
 * is judged against now (a collector that stopped shows as stale, not as
 * healthy). Worst first, then by name.
 */
export function clusterView(
  snapshot: StoredSnapshot,
  now: Date,
  policy: StalenessPolicy,
): ClusterHealth {
  const health = rollupCluster(snapshot.cluster, snapshot.checks, now, {
    environment: snapshot.environment,
    sources: snapshot.sources,
    expected: [...SUBSYSTEMS].filter(
      s => s === 'nodes' || s === 'controlPlane',
    ),
    policy,
  });
  if (snapshot.reachable === undefined) return health;
  const view: ClusterHealth = {
    ...health,
    reachable: snapshot.reachable,
    ...(snapshot.lastSeenAt ? { lastSeenAt: snapshot.lastSeenAt } : {}),
  };
  if (!snapshot.reachable) {
    const why =
      snapshot.checks.find(c => c.id === 'nodes.ready')?.reason ?? 'no answer';
    view.reason = `unreachable (${why.replace(/^nodes: /, '')}); last seen ${
      snapshot.lastSeenAt ?? 'never'
    }`;
  }
  return view;
}

export function fleetView(
  snapshots: StoredSnapshot[],
  now: Date,
  policy: StalenessPolicy,
): FleetSummary {
  const clusters = snapshots.map(s => clusterView(s, now, policy));
  clusters.sort(
    (a, b) =>
      SEVERITY[b.status] - SEVERITY[a.status] ||
      a.cluster.localeCompare(b.cluster),
  );
  const counts = { ok: 0, warning: 0, critical: 0, unknown: 0 };
  for (const cluster of clusters) counts[cluster.status]++;
  return { clusters, counts, generatedAt: now.toISOString() };
}
