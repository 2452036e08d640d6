import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Any GitOps change requested through the portal (a pull request on the
 * GitOps repository). Every signed-in user has it by default.
 */
export const gitopsChangeCreatePermission = createPermission({
  name: 'gitops.change.create',
  attributes: { action: 'create' },
});

/**
 * A change to something protected: by default a prod cluster or an
 * infrastructure component (configurable with gitops.protected). The portal's
 * policy gives it to the platform admin groups only.
 */
export const gitopsProtectedChangeCreatePermission = createPermission({
  name: 'gitops.change.protected.create',
  attributes: { action: 'create' },
});

/**
 * Reading the portal's changes (the pull requests it opened, their state).
 * Every signed-in user has it by default; the GitOps backend registers it.
 */
export const gitopsChangeReadPermission = createPermission({
  name: 'gitops.change.read',
  attributes: { action: 'read' },
});

/**
 * A change to something that exists (scale, resize or change it), decided
 * per target entity: the portal's policy gives it, conditionally, to the
 * owners of the entity (the catalog's isEntityOwner rule), and to the
 * platform admin groups. Protected targets and every removal need
 * gitops.change.protected.create instead.
 */
export const gitopsChangeUpdatePermission = createPermission({
  name: 'gitops.change.update',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

export const gitopsPermissions = [
  gitopsChangeCreatePermission,
  gitopsProtectedChangeCreatePermission,
  gitopsChangeUpdatePermission,
];

/** What counts as protected; from configuration (gitops.protected). */
export interface ProtectedChangeRules {
  environments: string[];
  domains: string[];
}

export const DEFAULT_PROTECTED_CHANGES: ProtectedChangeRules = {
  environments: ['prod'],
  domains: ['infrastructure'],
};

export function isProtectedChange(
  rules: ProtectedChangeRules,
  change: { environment?: string; domain?: string },
): boolean {
  return (
    (change.environment !== undefined &&
      rules.environments.includes(change.environment)) ||
    (change.domain !== undefined && rules.domains.includes(change.domain))
  );
}
