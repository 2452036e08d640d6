/**
 * Validates cloud-init network configuration version 2 (netplan style),
 * parsed or as YAML text read as PyYAML reads it, with or without the
 * top-level `network:` key, against cloud-init's network-config v2 schema
 * from the schema registry.
 */
import { parseDocument } from 'yaml';
import { toValidationErrors } from './ajvErrors';
import { SchemaRegistry } from './schemaRegistry';
import {
  embeddedLabel,
  isRecord,
  ManifestValidationError,
  ValidationContext,
  withFile,
} from './validationErrors';
import { PYYAML } from './yamlDialects';

/**
 * Validates cloud-init network configuration version 2 (netplan style),
 * given parsed or as YAML text; with or without the top-level `network:` key.
 */
export function validateNetworkConfig(
  schemas: SchemaRegistry,
  config: unknown,
  context: ValidationContext = {},
): ManifestValidationError[] {
  const object = embeddedLabel('network-config', context);
  let value = config;
  if (typeof config === 'string') {
    const doc = parseDocument(config, PYYAML);
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
    value = doc.toJS();
  }
  // The schema is oneOf [config, { network: config }]; choosing the branch
  // here gives one error list instead of the union of both branches'.
  const validate = schemas.networkConfigValidator();
  if (isRecord(value) && 'network' in value) {
    const errors = Object.keys(value)
      .filter(key => key !== 'network')
      .map(key =>
        withFile(
          {
            object,
            path: '',
            rule: `must NOT have additional property "${key}"`,
          },
          context.file,
        ),
      );
    if (!validate(value.network)) {
      errors.push(
        ...toValidationErrors(validate.errors, object, context.file).map(e => ({
          ...e,
          path: `/network${e.path}`,
        })),
      );
    }
    return errors;
  }
  return validate(value)
    ? []
    : toValidationErrors(validate.errors, object, context.file);
}
