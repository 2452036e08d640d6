import {
  ClusterHealth,
  HealthCheck,
  HealthStatus,
  SEVERITY,
  SourceInfo,
  Subsystem,
  SUBSYSTEM_TITLES,
  SubsystemHealth,
  SUBSYSTEMS_OF_INDEPENDENT_CHECKS,
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

function isNotInstalled(check: HealthCheck): boolean {
  return check.details?.notInstalled === true;
}

/**
 * The worst check decides; the reason names it (and how many others are not
 * ok). In a subsystem of independent checks (see
 * `SUBSYSTEMS_OF_INDEPENDENT_CHECKS`) a check whose API is not installed is
 * listed but decides only when no check of the subsystem is installed.
 */
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
  const installed = SUBSYSTEMS_OF_INDEPENDENT_CHECKS.has(subsystem)
    ? current.filter(c => !isNotInstalled(c))
    : current;
  const deciding = installed.length ? installed : current;
  const status = worstStatus(deciding.map(c => c.status));
  const offending = deciding
    .filter(c => c.status !== 'ok')
    .sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status]);
  const notInstalledCount = current.length - deciding.length;
  const reason =
    offending.length === 0
      ? `${SUBSYSTEM_TITLES[subsystem]}: all ${deciding.length} checks ok${
          notInstalledCount ? ` (${notInstalledCount} not installed)` : ''
        }`
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
  return subsystem.checks.length > 0 && subsystem.checks.every(isNotInstalled);
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
