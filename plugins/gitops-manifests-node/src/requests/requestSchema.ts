import {
  RefinementCtx,
  z as zod,
  ZodErrorMap,
  ZodIssue,
  ZodTypeAny,
} from 'zod/v3';
import { RequestIssue, RequestValidationError } from './RequestValidationError';

/**
 * The zod API the scaffolder hands to action schemas (zod's v3 API). Request
 * schemas are built from a `Zod` passed in, so the same definition is the
 * scaffolder action's input schema and the generators' validator.
 */
export type Zod = typeof zod;
/** The zod the generators use when no scaffolder hands one in. */
export const requestZod: Zod = zod;

/**
 * Words every failure of a field by its rule from fieldRules, so a type
 * error, a bound or a pattern all read as the person-facing rule
 * ("must be a DNS-1123 label: ..."), whatever zod check caught it.
 */
export function worded(rule: (value: unknown) => string | undefined): {
  errorMap: ZodErrorMap;
} {
  return {
    errorMap: (_issue, ctx) => ({
      message: rule(ctx.data) ?? ctx.defaultError,
    }),
  };
}

/** A fixed message for every failure of a field (its rule does not depend on the value). */
export function always(message: string): { errorMap: ZodErrorMap } {
  return { errorMap: () => ({ message }) };
}

/** `a.b[0].c` for a zod path: the field names requests are reported by. */
export function fieldOf(path: ReadonlyArray<string | number>): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${part}`,
    )
    .join('');
}

/** The issues of a failed parse, by field, each (field, rule) once. */
export function requestIssues(issues: ZodIssue[]): RequestIssue[] {
  const seen = new Set<string>();
  const out: RequestIssue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path) || 'request';
    const key = `${field}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, rule: issue.message });
  }
  return out;
}

/**
 * Parses a request against its schema: the checked request with its
 * defaults, or a RequestValidationError (an InputError) naming every bad
 * field and its rule at once.
 */
export function parseRequest<S extends ZodTypeAny>(
  schema: S,
  request: unknown,
): zod.output<S> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  throw new RequestValidationError(requestIssues(result.error.issues));
}

/** Splits a textarea of one item per line (or a list) into trimmed, non-empty items. */
export function linesOf(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .split(/\r?\n/)
      .map(item => item.trim())
      .filter(item => item.length > 0);
  }
  return Array.isArray(value)
    ? value.map(item => (typeof item === 'string' ? item.trim() : item))
    : value;
}

/** A zod refinement that adds the rule's message when a value breaks it. */
export function refineWith(rule: (value: unknown) => string | undefined) {
  return (value: unknown, ctx: RefinementCtx) => {
    const message = rule(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}
