/** The one health model of the portal, for every cluster and subsystem. */
export type HealthStatus = 'ok' | 'warning' | 'critical' | 'unknown';

export const SUBSYSTEMS = [
  'ceph',
  'cilium',
  'nodes',
  'controlPlane',
  'argocd',
  'kubevirt',
  'customResources',
] as const;
export type Subsystem = (typeof SUBSYSTEMS)[number];

export const SUBSYSTEM_TITLES: Record<Subsystem, string> = {
  ceph: 'Ceph',
  cilium: 'Cilium',
  nodes: 'Nodes',
  controlPlane: 'Control plane',
  argocd: 'Argo CD',
  kubevirt: 'KubeVirt',
  customResources: 'Custom resources',
};

/**
 * Subsystems whose checks are independent parts, one per configured kind
 * (`customResources`: one check per custom resource kind). A part whose API
 * is not installed in a cluster is listed but does not decide the
 * subsystem while another part is installed, as a whole subsystem that is
 * not installed does not decide the cluster. In the other subsystems every
 * check is a necessary part (a Cilium DaemonSet that is gone is not "not
 * installed" while CiliumNodes are there), so they keep the plain rule.
 */
export const SUBSYSTEMS_OF_INDEPENDENT_CHECKS: ReadonlySet<Subsystem> =
  new Set<Subsystem>(['customResources']);

/** One observation: what was checked, how it stands, why, and when it was seen. */
export interface HealthCheck {
  /** Stable id, e.g. `ceph.OSD_DOWN` or `nodes.ready`. */
  id: string;
  subsystem: Subsystem;
  status: HealthStatus;
  /** What a person can act on, e.g. "1 osds down" or "2 of 5 nodes not Ready: n1, n2". */
  reason: string;
  /** ISO time the source was last read successfully for this check. */
  observedAt: string;
  /** Numbers behind the check, for cards (capacity, counts, names). */
  details?: Record<string, unknown>;
}

export interface SubsystemHealth {
  subsystem: Subsystem;
  status: HealthStatus;
  reason: string;
  checks: HealthCheck[];
  /** Oldest observation among the checks. */
  observedAt?: string;
  stale: boolean;
}

/** Whether a data source is set up for a cluster, and if not, how to set it up. */
export interface SourceInfo {
  source: 'kubernetes' | 'prometheus';
  configured: boolean;
  /** For a source that is not configured: the configuration that would add it. */
  hint?: string;
}

export interface ClusterHealth {
  cluster: string;
  environment?: string;
  sources?: SourceInfo[];
  /** False when the cluster's API server did not answer at all (refused, timed out). */
  reachable?: boolean;
  /** When the API server last answered; kept while the cluster is unreachable. */
  lastSeenAt?: string;
  status: HealthStatus;
  reason: string;
  subsystems: SubsystemHealth[];
  observedAt?: string;
  stale: boolean;
}

/** Order of badness: a rollup is the worst of its parts. Unknown outranks ok: what cannot be seen is not healthy. */
export const SEVERITY: Record<HealthStatus, number> = {
  ok: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/** The status of the first rule that holds, else `otherwise`: rules read as a table, top to bottom. */
export function statusWhen(
  rules: Array<[boolean, HealthStatus]>,
  otherwise: HealthStatus,
): HealthStatus {
  return rules.find(([holds]) => holds)?.[1] ?? otherwise;
}

export function worstStatus(statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>(
    (worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst),
    'ok',
  );
}

/** The signal channel the health backend publishes on after every collection (the fleet page and cards reload on it). */
export const INFRA_HEALTH_SIGNAL_CHANNEL = 'infra-health:fleet';
