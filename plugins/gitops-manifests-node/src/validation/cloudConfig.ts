/**
 * Validates cloud-init user-data in cloud-config format: the `#cloud-config`
 * header line, YAML as PyYAML reads it, and cloud-init's own cloud-config
 * schema (draft-04) from the schema registry.
 */
import { parseDocument } from 'yaml';
import { toValidationErrors } from './ajvErrors';
import { SchemaRegistry } from './schemaRegistry';
import { CLOUD_CONFIG_SCHEMA_FILE } from './schemaSources';
import {
  embeddedLabel,
  ManifestValidationError,
  ValidationContext,
  withFile,
} from './validationErrors';
import { PYYAML } from './yamlDialects';

/**
 * Validates cloud-init user-data: the first line must be `#cloud-config`,
 * the rest YAML (read as YAML 1.1, like PyYAML) that conforms to
 * cloud-init's cloud-config schema.
 */
export function validateCloudConfig(
  schemas: SchemaRegistry,
  userData: string,
  context: ValidationContext = {},
): ManifestValidationError[] {
  const object = embeddedLabel('cloud-config', context);
  const fail = (p: string, rule: string) =>
    withFile({ object, path: p, rule }, context.file);
  const firstLine = userData.split(/\r?\n/, 1)[0];
  if (firstLine.trimEnd() !== '#cloud-config') {
    return [fail('', 'must start with the line "#cloud-config"')];
  }
  const doc = parseDocument(userData, PYYAML);
  if (doc.errors.length > 0) {
    return [fail('', `is not valid YAML: ${doc.errors[0].message}`)];
  }
  const value = doc.toJS() ?? {};
  const validate = schemas.documentValidator(
    CLOUD_CONFIG_SCHEMA_FILE,
    'draft-04',
  );
  return validate(value)
    ? []
    : toValidationErrors(validate.errors, object, context.file);
}
