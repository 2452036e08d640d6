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
} from '@internal/plugin-gitops-common';

/**
 * Decides, with the initiator's credentials and the permission framework,
 * whether this person may request this change. Runs before anything is
 * rendered or sent; the form has no say.
 */
export async function authorizeGitOpsChange(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  rules: ProtectedChangeRules;
  change: { environment?: string; domain?: string; what: string };
}): Promise<{ protected: boolean }> {
  const protectedChange = isProtectedChange(options.rules, options.change);
  const permission = protectedChange
    ? gitopsProtectedChangeCreatePermission
    : gitopsChangeCreatePermission;
  const [decision] = await options.permissions.authorize([{ permission }], {
    credentials: options.credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    const why = protectedChange
      ? `${
          options.change.environment &&
          options.rules.environments.includes(options.change.environment)
            ? `the ${options.change.environment} environment`
            : `the ${options.change.domain} domain`
        } is protected; only the platform admin groups may request changes to it`
      : 'you may not request GitOps changes';
    throw new NotAllowedError(
      `not allowed to request ${options.change.what}: ${why}`,
    );
  }
  return { protected: protectedChange };
}
