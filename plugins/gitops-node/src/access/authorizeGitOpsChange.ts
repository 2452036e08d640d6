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

/** What a GitOps change asks for, as the permission decision sees it. */
export interface GitOpsChangeToAuthorize {
  /** The environment a cluster change is in (a protected one, e.g. prod, needs the platform admins). */
  environment?: string;
  /** The domain a component change is in (a protected one, e.g. infrastructure, needs the platform admins). */
  domain?: string;
  /** The change in words, for the refusal: "a prod cluster". */
  what: string;
  /** The existing entity a day-2 change is made to: its owners may change it. */
  targetRef?: string;
  /** A removal is always a protected change. */
  removal?: boolean;
}

/**
 * Decides, with the caller's credentials and the permission framework,
 * whether this person may request this change; throws a NotAllowedError
 * saying why not. A protected change (by default a prod cluster or an
 * infrastructure component, gitops.protected) and any removal need
 * gitops.change.protected.create; a change to an existing target
 * gitops.change.update on it (its owners may); a new change
 * gitops.change.create. The scaffolder's render actions and the MCP dry runs
 * decide with it, so a dry run is refused exactly when the real request would
 * be. `namePermission` adds the permission a refused protected change needs
 * to the message (for a caller that cannot see the policy).
 */
export async function authorizeGitOpsChange(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  rules: ProtectedChangeRules;
  change: GitOpsChangeToAuthorize;
  namePermission?: boolean;
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
    if (protectedChange && options.namePermission)
      why += ` (${gitopsProtectedChangeCreatePermission.name})`;
    throw new NotAllowedError(`not allowed to request ${change.what}: ${why}`);
  }
  return { protected: protectedChange };
}
