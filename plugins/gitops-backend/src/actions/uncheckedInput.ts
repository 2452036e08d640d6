import { ZodTypeAny } from 'zod/v3';

const UNCHECKED = '$unchecked';

/**
 * A dry run's input schema: the tool shows the scaffolder's field rules, but
 * a request that breaks them reaches the action (kept as it came) instead of
 * being refused by the registry in one line, so the answer can name every
 * field and its rule. The action checks the request itself (requestOf).
 */
export function answeringInvalidRequests<S extends ZodTypeAny>(schema: S): S {
  return schema.catch((ctx: { input: unknown }) => ({
    [UNCHECKED]: ctx.input,
  })) as unknown as S;
}

/** The request as the caller sent it, whether or not it passed the schema. */
export function requestOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null && UNCHECKED in input
    ? (input as Record<string, unknown>)[UNCHECKED]
    : input;
}

/** A field of the request when it is a string (for the permission decision before anything is checked). */
export function stringField(
  request: unknown,
  name: string,
): string | undefined {
  const value =
    typeof request === 'object' && request !== null
      ? (request as Record<string, unknown>)[name]
      : undefined;
  return typeof value === 'string' ? value : undefined;
}
