import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RequestValidationError } from '@proficientnow/backstage-plugin-gitops-manifests-node';

/**
 * The owner a new cluster or component names must be a Group the catalog
 * holds, as the scaffolder's render actions require; seen with the caller's
 * credentials.
 */
export async function assertOwnerGroupExists(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  owner: string,
): Promise<void> {
  const ref = stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
  if (!(await catalog.getEntityByRef(ref, { credentials })))
    throw new RequestValidationError([
      {
        field: 'owner',
        rule: `must be a group in the catalog: ${ref} is not there`,
      },
    ]);
}
