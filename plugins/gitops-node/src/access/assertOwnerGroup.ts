import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RequestValidationError } from '@proficientnow/backstage-plugin-gitops-manifests-node';

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
