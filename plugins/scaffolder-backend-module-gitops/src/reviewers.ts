import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RequestValidationError } from '@proficientnow/backstage-plugin-gitops-manifests-node';

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

/**
 * The owner a request names must be a Group the catalog holds (as the
 * person asking sees it): an owner nobody can find would own the change
 * and review nothing. A value the request's own rules refuse is left to
 * them, so every problem is named once.
 */
export async function assertOwnerGroup(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  owner: unknown,
): Promise<void> {
  if (typeof owner !== 'string' || owner === '') return;
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return;
  }
  const text = stringifyEntityRef(ref);
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group')
    throw new RequestValidationError([
      { field: 'owner', rule: `must be a group (got ${text})` },
    ]);
  const entity = await catalog.getEntityByRef(text, { credentials });
  if (!entity)
    throw new RequestValidationError([
      {
        field: 'owner',
        rule: `must be a group in the catalog: ${text} is not there`,
      },
    ]);
}
