import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * Runs entities through the catalog's own validation (the policies and kind
 * validators its processing applies) and returns what it rejects, by name.
 */
export async function rejectedByCatalog(
  entities: Entity[],
): Promise<Array<{ name: string; error: string }>> {
  const rejected: Array<{ name: string; error: string }> = [];
  for (const entity of entities) {
    try {
      const checked = await policy.enforce(entity);
      const validator =
        entity.kind === 'Component'
          ? componentEntityV1alpha1Validator
          : resourceEntityV1alpha1Validator;
      if (!checked || !(await validator.check(checked))) {
        throw new Error(`not a valid ${entity.kind}`);
      }
    } catch (error) {
      rejected.push({
        name: entity.metadata?.name,
        error: String((error as Error).message ?? error),
      });
    }
  }
  return rejected;
}
