import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/**
 * Permissions kept for the platform admin groups: changing what the portal
 * knows about the platform (registering or removing catalog locations and
 * entities), and requesting protected GitOps changes (by default prod
 * clusters and infrastructure components; which changes are protected is
 * gitops.protected). Reading, searching, running templates and requesting
 * other GitOps changes stay open to every signed-in user.
 */
const PLATFORM_ADMIN_PERMISSIONS = new Set([
  'catalog.entity.delete',
  'catalog.location.create',
  'catalog.location.delete',
  'gitops.change.protected.create',
]);

export const DEFAULT_PLATFORM_ADMIN_GROUPS = [
  'group:default/platform-engineers',
];

export interface PlatformPolicyOptions {
  /** Entity refs of the groups whose members may administer the platform catalog. */
  platformAdminGroups: string[];
}

export function readPlatformPolicyOptions(
  config: Config,
): PlatformPolicyOptions {
  const groups = config.getOptionalStringArray(
    'portal.permissions.platformAdminGroups',
  );
  for (const [index, ref] of (groups ?? []).entries()) {
    if (!/^group:[^/]+\/.+$/.test(ref)) {
      throw new Error(
        `portal.permissions.platformAdminGroups[${index}] must be a group entity ref like 'group:default/platform-engineers', got '${ref}'`,
      );
    }
  }
  return {
    platformAdminGroups: groups?.length
      ? groups
      : DEFAULT_PLATFORM_ADMIN_GROUPS,
  };
}

/** Changes to something that exists: its owners may make them (decided on the entity). */
const OWNER_PERMISSIONS = new Set(['gitops.change.update']);

/**
 * The portal's permission policy: everyone signed in may read and request;
 * the owners of a cluster or component may change it (a conditional
 * decision the catalog applies to the entity); only members of the platform
 * admin groups may change the catalog's sources and request protected
 * changes. A request without a user (an unauthenticated caller) is denied
 * for admin and owner permissions.
 */
export class PlatformPermissionPolicy implements PermissionPolicy {
  constructor(private readonly options: PlatformPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (PLATFORM_ADMIN_PERMISSIONS.has(request.permission.name)) {
      return this.isPlatformAdmin(user)
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    if (OWNER_PERMISSIONS.has(request.permission.name)) {
      if (this.isPlatformAdmin(user)) return { result: AuthorizeResult.ALLOW };
      if (!user || !isResourcePermission(request.permission, 'catalog-entity'))
        return { result: AuthorizeResult.DENY };
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }

  private isPlatformAdmin(user?: PolicyQueryUser): boolean {
    const refs = user?.info.ownershipEntityRefs ?? [];
    return this.options.platformAdminGroups.some(group => refs.includes(group));
  }
}
