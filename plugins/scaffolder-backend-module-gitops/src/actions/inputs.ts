/** Splits a textarea of one item per line (or a list) into trimmed, non-empty items. */
export function linesOf(
  value: string | string[] | undefined,
): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : value.split(/\r?\n/);
  return items.map(item => item.trim()).filter(item => item.length > 0);
}

/**
 * Drops the fields a template left empty ('' or undefined), at any depth; an
 * object left with no fields is dropped too, so the request's own rules say
 * what is missing.
 */
export function withoutEmptyFields(value: unknown): unknown {
  if (value === '' || value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([key, field]) => [key, withoutEmptyFields(field)] as const)
    .filter(([, field]) => field !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
