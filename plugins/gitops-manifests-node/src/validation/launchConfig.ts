/**
 * Validates MicroK8s launch configurations, parsed or as (multi-document)
 * YAML text read as Kubernetes tooling reads it, against the MicroK8s launch
 * configuration schema from the schema registry.
 */
import { parseAllDocuments } from 'yaml';
import { toValidationErrors } from './ajvErrors';
import { SchemaRegistry } from './schemaRegistry';
import { MICROK8S_SCHEMA_FILE } from './schemaSources';
import {
  embeddedLabel,
  ManifestValidationError,
  ValidationContext,
  withFile,
} from './validationErrors';
import { KUBERNETES_YAML } from './yamlDialects';

/**
 * Validates one MicroK8s launch configuration document (parsed, or YAML
 * text with one or more `---` separated documents).
 */
export function validateMicroK8sLaunchConfig(
  schemas: SchemaRegistry,
  config: unknown,
  context: ValidationContext = {},
): ManifestValidationError[] {
  const object = embeddedLabel('MicroK8s launch configuration', context);
  let documents: unknown[] = [config];
  if (typeof config === 'string') {
    documents = [];
    for (const doc of parseAllDocuments(config, KUBERNETES_YAML)) {
      if (doc.errors.length > 0) {
        return [
          withFile(
            {
              object,
              path: '',
              rule: `is not valid YAML: ${doc.errors[0].message}`,
            },
            context.file,
          ),
        ];
      }
      documents.push(doc.toJS());
    }
  }
  const validate = schemas.documentValidator(MICROK8S_SCHEMA_FILE, 'draft-07');
  // Nulls stay: in the extra*Args/*Env maps a null removes the argument.
  return documents.flatMap(document =>
    validate(document)
      ? []
      : toValidationErrors(validate.errors, object, context.file),
  );
}
