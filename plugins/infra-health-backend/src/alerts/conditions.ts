import { HealthStatus } from '@proficientnow/backstage-plugin-infra-health-common';

/** The alert levels a cluster moves between; `unknown` (cannot be seen) moves nothing. */
export type AlertLevel = 'ok' | 'warning' | 'critical';

/** A cluster's condition as the alerting keeps it between collections. */
export interface Condition {
  cluster: string;
  environment?: string;
  /** the level that held for the debounce time */
  confirmed: AlertLevel;
  confirmedSince: string;
  /** a different level seen since `pendingSince`, not yet held long enough */
  pending?: AlertLevel;
  pendingSince?: string;
  /** the last level the owners were told of */
  notified?: AlertLevel;
  reason?: string;
  issueNumber?: number;
  /** the reason the open issue last described */
  issueReason?: string;
  /** what could not be told, with its reason */
  problem?: string;
}

/**
 * Moves a condition by one observation, debounced: a level different from
 * the confirmed one becomes pending, and is confirmed only when every
 * observation for `debounceMs` saw it. A level that flaps back and forth
 * inside the window never confirms, so it notifies nobody; `unknown` (the
 * cluster could not be judged) neither starts nor ends a condition. A
 * cluster seen for the first time starts from ok, so a cluster that is
 * critical from the start is told once it held.
 */
export function observeCondition(
  previous: Condition | undefined,
  observed: {
    cluster: string;
    environment?: string;
    status: HealthStatus;
    reason: string;
  },
  now: Date,
  debounceMs: number,
): { condition: Condition; changed?: { from: AlertLevel; to: AlertLevel } } {
  const at = now.toISOString();
  const base: Condition = previous ?? {
    cluster: observed.cluster,
    confirmed: 'ok',
    confirmedSince: at,
  };
  const condition: Condition = {
    ...base,
    ...(observed.environment ? { environment: observed.environment } : {}),
  };
  if (observed.status === 'unknown') return { condition };
  const level = observed.status as AlertLevel;
  condition.reason = observed.reason;
  if (level === condition.confirmed) {
    delete condition.pending;
    delete condition.pendingSince;
    return { condition };
  }
  if (condition.pending !== level || !condition.pendingSince) {
    condition.pending = level;
    condition.pendingSince = at;
  }
  if (now.getTime() - Date.parse(condition.pendingSince) < debounceMs)
    return { condition };
  const from = condition.confirmed;
  condition.confirmed = level;
  condition.confirmedSince = condition.pendingSince;
  delete condition.pending;
  delete condition.pendingSince;
  return { condition, changed: { from, to: level } };
}
