import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** A cluster, component or environment name: lowercase, as Kubernetes names them. */
export const NAME_RULE = {
  pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
  message: 'must be a lowercase name (a-z, 0-9, - and .)',
};

/** An owner filter: a group's entity ref. */
export const GROUP_REF_RULE = {
  pattern: /^group:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i,
  message: 'must be a group entity ref like group:default/platform-engineers',
};

/** A cluster, component or environment name in a query. */
export const lowercaseName = (max: number) =>
  z.string().max(max).regex(NAME_RULE.pattern, NAME_RULE.message);

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
