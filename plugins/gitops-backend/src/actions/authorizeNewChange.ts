import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gitopsChangeCreatePermission,
  gitopsProtectedChangeCreatePermission,
  isProtectedChange,
  ProtectedChangeRules,
} from '@proficientnow/backstage-plugin-gitops-common';

/**
 * The scaffolder's rule for a new cluster or component (its
 * authorizeGitOpsChange without the day-2 cases): a protected change (by
 * default a prod cluster or an infrastructure component, gitops.protected)
 * needs gitops.change.protected.create, any other gitops.change.create. A
 * dry run is refused exactly when the real request would be.
 */
export async function authorizeNewChange(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  rules: ProtectedChangeRules;
  change: { environment?: string; domain?: string; what: string };
}): Promise<{ protected: boolean }> {
  const { change, rules } = options;
  const protectedChange = isProtectedChange(rules, change);
  const [decision] = await options.permissions.authorize(
    [
      {
        permission: protectedChange
          ? gitopsProtectedChangeCreatePermission
          : gitopsChangeCreatePermission,
      },
    ],
    { credentials: options.credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    const why = !protectedChange
      ? 'you may not request GitOps changes'
      : `${
          change.environment && rules.environments.includes(change.environment)
            ? `the ${change.environment} environment`
            : `the ${change.domain} domain`
        } is protected; only the platform admin groups may request changes to it (${
          gitopsProtectedChangeCreatePermission.name
        })`;
    throw new NotAllowedError(`not allowed to request ${change.what}: ${why}`);
  }
  return { protected: protectedChange };
}
