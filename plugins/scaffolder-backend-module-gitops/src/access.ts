import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gitopsChangeCreatePermission,
  gitopsChangeUpdatePermission,
  gitopsProtectedChangeCreatePermission,
  isProtectedChange,
  ProtectedChangeRules,
} from '@proficientnow/backstage-plugin-gitops-common';

/**
 * Decides, with the initiator's credentials and the permission framework,
 * whether this person may request this change. Runs before anything is
 * rendered or sent; the form has no say.
 */
export async function authorizeGitOpsChange(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  rules: ProtectedChangeRules;
  change: {
    environment?: string;
    domain?: string;
    what: string;
    targetRef?: string;
    removal?: boolean;
  };
}): Promise<{ protected: boolean }> {
  const { change } = options;
  const protectedChange =
    !!change.removal || isProtectedChange(options.rules, change);
  // a change to an existing target is decided on the target (its owners may), the rest by who asks
  let request: Parameters<PermissionsService['authorize']>[0][number] = {
    permission: gitopsChangeCreatePermission,
  };
  if (protectedChange)
    request = { permission: gitopsProtectedChangeCreatePermission };
  else if (change.targetRef)
    request = {
      permission: gitopsChangeUpdatePermission,
      resourceRef: change.targetRef,
    };
  const [decision] = await options.permissions.authorize([request], {
    credentials: options.credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    let why = 'you may not request GitOps changes';
    if (change.removal)
      why =
        'removing something from the platform is a protected change; only the platform admin groups may request it';
    else if (protectedChange)
      why = `${
        change.environment &&
        options.rules.environments.includes(change.environment)
          ? `the ${change.environment} environment`
          : `the ${change.domain} domain`
      } is protected; only the platform admin groups may request changes to it`;
    else if (change.targetRef)
      why = `only the owners of ${change.targetRef} (and the platform admin groups) may change it`;
    throw new NotAllowedError(`not allowed to request ${change.what}: ${why}`);
  }
  return { protected: protectedChange };
}
