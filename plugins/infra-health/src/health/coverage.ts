import {
  Subsystem,
  SUBSYSTEM_TITLES,
  SubsystemHealth,
} from '@proficientnow/backstage-plugin-infra-health-common';
import type { ClusterHealthView, HealthSourceState } from '../api/types';

/**
 * Reasons the backend gives when a source is missing rather than unhealthy:
 * a source not configured, an API or CRD not installed (404), no CephCluster.
 */
const NOT_REPORTED =
  /not configured|not available in this cluster|no CephCluster in this cluster/i;

export type SubsystemCoverage =
  | { kind: 'reported'; health: SubsystemHealth }
  | {
      kind: 'notReported';
      /** What the backend said, or that nothing was collected. */
      reasons: string[];
      /** How to configure what is missing, from the backend's source hints. */
      hints: string[];
    };

/** The sources the backend reports as not configured for this cluster (none when it does not say). */
export function unconfiguredSources(
  cluster: ClusterHealthView,
): HealthSourceState[] {
  return (cluster.sources ?? []).filter(s => !s.configured);
}

export function sourceHint(source: HealthSourceState): string {
  const name = source.source === 'kubernetes' ? 'Kubernetes API' : 'Prometheus';
  return source.hint ? `${name}: ${source.hint}` : `${name} is not configured`;
}

/**
 * Whether a subsystem has real findings for a cluster, or is not reported
 * (no checks, or only unknown checks that say a source is missing). A card
 * shows the second as "not configured, and how", never as an unhealthy
 * cluster.
 */
export function subsystemCoverage(
  cluster: ClusterHealthView,
  subsystem: Subsystem,
): SubsystemCoverage {
  const hints = unconfiguredSources(cluster).map(sourceHint);
  const health = cluster.subsystems.find(s => s.subsystem === subsystem);
  if (!health || health.checks.length === 0) {
    return {
      kind: 'notReported',
      reasons: [
        health?.reason ??
          `no ${SUBSYSTEM_TITLES[subsystem]} checks collected for ${cluster.cluster}`,
      ],
      hints,
    };
  }
  const allUnknown = health.checks.every(c => c.status === 'unknown');
  const missing = health.checks.some(c => NOT_REPORTED.test(c.reason));
  if (allUnknown && missing) {
    return {
      kind: 'notReported',
      reasons: health.checks.map(c => c.reason),
      hints,
    };
  }
  return { kind: 'reported', health };
}
