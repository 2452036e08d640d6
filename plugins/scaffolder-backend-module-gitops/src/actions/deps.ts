import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RequestValidationError } from '@internal/plugin-gitops-manifests-node';
import { GitHubAccess, GitOpsModuleConfig } from '@internal/plugin-gitops-node';

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

/** The zod the scaffolder hands to action schemas (its v3 API). */
type Zod = typeof import('zod/v3').z;

/**
 * What an action that renders one platform component outputs, for
 * `gitops:pull-request:open` to take unchanged: shared by the component and
 * the portal actions.
 */
export const componentChangeOutput = {
  files: (z: Zod) => z.array(z.string()).describe('Repository paths written'),
  branchName: (z: Zod) => z.string().describe('Branch for this request'),
  title: (z: Zod) => z.string().describe('Pull request title'),
  pullRequestBody: (z: Zod) =>
    z
      .string()
      .describe(
        'Pull request body: what changes, what was validated, who must approve',
      ),
  labels: (z: Zod) => z.array(z.string()),
  teamReviewers: (z: Zod) => z.array(z.string()),
  entityRef: (z: Zod) => z.string().describe('Catalog entity of the component'),
  domain: (z: Zod) => z.string(),
};
