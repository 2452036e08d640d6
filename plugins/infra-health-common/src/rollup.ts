import {
  ClusterHealth,
  HealthCheck,
  HealthStatus,
  SEVERITY,
  SourceInfo,
  Subsystem,
  SUBSYSTEM_TITLES,
  SubsystemHealth,
  worstStatus,
} from './model';

export interface StalenessPolicy {
  /** Observations older than this are stale: shown as unknown, never as ok. */
  staleAfterMs: number;
}

export const DEFAULT_STALENESS: StalenessPolicy = { staleAfterMs: 5 * 60_000 };

/**
 * A check as it stands now: an observation older than the staleness limit
 * becomes unknown, with the time it was last seen in the reason.
 */
export function applyStaleness(
  check: HealthCheck,
  now: Date,
  policy: StalenessPolicy = DEFAULT_STALENESS,
): HealthCheck & { stale: boolean } {
  const age = now.getTime() - Date.parse(check.observedAt);
  if (!Number.isFinite(age) || age > policy.staleAfterMs) {
    return {
      ...check,
      status: 'unknown',
      reason: `stale: last observed ${check.observedAt} (${
        Number.isFinite(age) ? `${Math.round(age / 1000)}s ago` : 'never'
      }); was ${check.status}: ${check.reason}`,
      stale: true,
    };
  }
  return { ...check, stale: false };
}

function oldest(times: Array<string | undefined>): string | undefined {
  const valid = times.filter((t): t is string => !!t).sort();
  return valid[0];
}

/** The worst check decides; the reason names it (and how many others are not ok). */
export function rollupSubsystem(
  subsystem: Subsystem,
  checks: HealthCheck[],
  now: Date,
  policy?: StalenessPolicy,
): SubsystemHealth {
  if (checks.length === 0) {
    return {
      subsystem,
      status: 'unknown',
      reason: `${SUBSYSTEM_TITLES[subsystem]}: no data collected`,
      checks: [],
      stale: false,
    };
  }
  const current = checks.map(check => applyStaleness(check, now, policy));
  const status = worstStatus(current.map(c => c.status));
  const offending = current
    .filter(c => c.status !== 'ok')
    .sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status]);
  const reason =
    offending.length === 0
      ? `${SUBSYSTEM_TITLES[subsystem]}: all ${current.length} checks ok`
      : `${offending[0].reason}${
          offending.length > 1 ? ` (and ${offending.length - 1} more)` : ''
        }`;
  return {
    subsystem,
    status,
    reason,
    checks: current.map(({ stale: _stale, ...check }) => check),
    observedAt: oldest(checks.map(c => c.observedAt)),
    stale: current.some(c => c.stale),
  };
}

function clusterReason(
  status: HealthStatus,
  worst: SubsystemHealth | undefined,
): string {
  if (status === 'ok') return 'all subsystems ok';
  if (!worst) return 'no data collected';
  return `${SUBSYSTEM_TITLES[worst.subsystem]}: ${worst.reason}`;
}

/** True when every check of a subsystem says its API is not installed in the cluster. */
export function notInstalled(subsystem: SubsystemHealth): boolean {
  return (
    subsystem.checks.length > 0 &&
    subsystem.checks.every(c => c.details?.notInstalled === true)
  );
}

/** A cluster's health: the worst subsystem decides. Subsystems with no checks are left out unless expected. */
export function rollupCluster(
  cluster: string,
  checks: HealthCheck[],
  now: Date,
  options: {
    environment?: string;
    sources?: SourceInfo[];
    expected?: Subsystem[];
    policy?: StalenessPolicy;
  } = {},
): ClusterHealth {
  const bySubsystem = new Map<Subsystem, HealthCheck[]>();
  for (const check of checks) {
    bySubsystem.set(check.subsystem, [
      ...(bySubsystem.get(check.subsystem) ?? []),
      check,
    ]);
  }
  for (const subsystem of options.expected ?? []) {
    if (!bySubsystem.has(subsystem)) bySubsystem.set(subsystem, []);
  }
  const subsystems = [...bySubsystem].map(([subsystem, list]) =>
    rollupSubsystem(subsystem, list, now, options.policy),
  );
  subsystems.sort(
    (a, b) =>
      SEVERITY[b.status] - SEVERITY[a.status] ||
      a.subsystem.localeCompare(b.subsystem),
  );
  // a subsystem the cluster does not run (its API is not installed, e.g. no
  // Argo CD in a nested cluster) is listed as unknown but does not decide
  const deciding = subsystems.filter(s => !notInstalled(s));
  const status: HealthStatus = deciding.length
    ? worstStatus(deciding.map(s => s.status))
    : 'unknown';
  const worst = deciding.find(s => s.status === status);
  return {
    cluster,
    environment: options.environment,
    ...(options.sources ? { sources: options.sources } : {}),
    status,
    reason: clusterReason(status, worst),
    subsystems,
    observedAt: oldest(subsystems.map(s => s.observedAt)),
    stale: subsystems.some(s => s.stale),
  };
}
