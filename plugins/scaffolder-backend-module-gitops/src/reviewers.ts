import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

export const TEAM_SLUG_ANNOTATION = 'github.com/team-slug';

export interface Approvers {
  /** GitHub team slugs (without the org) asked to review. */
  teamReviewers: string[];
  /** `@org/slug` handles, for CODEOWNERS and the pull request body. */
  handles: string[];
  labels: string[];
}

/**
 * Who must approve: the owner group's GitHub team (its github.com/team-slug
 * annotation) and, for a protected change, the platform team too. Labels say
 * it is a GitOps change and for which environment.
 */
export async function resolveApprovers(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  owner: string;
  platformTeam: string;
  protectedChange: boolean;
  environment?: string;
}): Promise<Approvers> {
  const ownerRef = stringifyEntityRef(
    parseEntityRef(options.owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
  const group = await options.catalog.getEntityByRef(ownerRef, {
    credentials: options.credentials,
  });
  const handles: string[] = [];
  const ownerSlug = group?.metadata.annotations?.[TEAM_SLUG_ANNOTATION];
  if (ownerSlug) handles.push(ownerSlug);
  if (options.protectedChange && !handles.includes(options.platformTeam))
    handles.push(options.platformTeam);
  return {
    teamReviewers: handles.map(handle => handle.split('/').pop()!),
    handles: handles.map(handle => `@${handle}`),
    labels: [
      'gitops',
      ...(options.environment ? [`env:${options.environment}`] : []),
    ],
  };
}
