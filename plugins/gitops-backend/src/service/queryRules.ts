import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** A cluster, component or environment name in a query: lowercase, as Kubernetes names them. */
export const lowercaseName = (max: number) =>
  z
    .string()
    .max(max)
    .regex(
      /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
      'must be a lowercase name (a-z, 0-9, - and .)',
    );

/**
 * Parses a route's query with its (strict) schema, or throws a 400 naming
 * each bad parameter and its rule, and the parameters the route knows.
 */
export function parseQuery<T extends z.ZodType>(
  schema: T,
  query: unknown,
  known: string,
): z.output<T> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  throw new InputError(
    `invalid query: ${result.error.issues
      .map(issue =>
        issue.code === 'unrecognized_keys'
          ? `unknown parameter ${issue.keys.join(', ')} (only ${known})`
          : `${issue.path.join('.')} ${issue.message}`,
      )
      .join('; ')}`,
  );
}
