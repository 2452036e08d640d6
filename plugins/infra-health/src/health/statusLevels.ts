import {
  HealthStatus,
  SEVERITY,
} from '@proficientnow/backstage-plugin-infra-health-common';

export const STATUS_LABELS: Record<HealthStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  unknown: 'Unknown',
};

/** Worst first: the order of filters and legends. */
export const STATUSES_WORST_FIRST: HealthStatus[] = (
  Object.keys(SEVERITY) as HealthStatus[]
).sort((a, b) => SEVERITY[b] - SEVERITY[a]);

export function isHealthStatus(value: unknown): value is HealthStatus {
  return typeof value === 'string' && value in SEVERITY;
}
