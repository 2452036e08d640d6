import type { HealthCheck } from '@proficientnow/backstage-plugin-infra-health-common';

/**
 * Typed reads of a check's `details`: the backend sends what its rules
 * found, so every field may be missing or of another type, and a card shows
 * what is there instead of failing.
 */
export function detailNumber(
  check: HealthCheck | undefined,
  key: string,
): number | undefined {
  const value = check?.details?.[key];
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

export function detailStrings(
  check: HealthCheck | undefined,
  key: string,
): string[] {
  const value = check?.details?.[key];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** A `Record<string, number>` detail (PG states, drops by reason), largest first. */
export function detailCounts(
  check: HealthCheck | undefined,
  key: string,
): Array<[string, number]> {
  const value = check?.details?.[key];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** An array-of-objects detail (Ceph pools), each entry checked by the caller's guard. */
export function detailObjects<T>(
  check: HealthCheck | undefined,
  key: string,
  guard: (value: unknown) => value is T,
): T[] {
  const value = check?.details?.[key];
  return Array.isArray(value) ? value.filter(guard) : [];
}
