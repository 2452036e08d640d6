import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RequestValidationError } from '@internal/plugin-gitops-common';
import { GitOpsModuleConfig } from '../config';
import { GitHubAccess } from '../github/GitHubAccess';

/** What every GitOps action needs, wired once by the module. */
export interface GitOpsActionDeps {
  config: GitOpsModuleConfig;
  github: GitHubAccess;
  permissions: PermissionsService;
  catalog: CatalogService;
}

/** The generators' field-named errors become Backstage input errors (HTTP 400, shown in the task log). */
export function asInputError(error: unknown): never {
  if (error instanceof RequestValidationError)
    throw new InputError(error.message);
  if (
    error instanceof Error &&
    error.name === 'InputError' &&
    !(error instanceof InputError)
  ) {
    throw new InputError(error.message);
  }
  throw error;
}

/** Splits a textarea of one item per line (or a list) into trimmed, non-empty items. */
export function linesOf(
  value: string | string[] | undefined,
): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : value.split(/\r?\n/);
  return items.map(item => item.trim()).filter(item => item.length > 0);
}
