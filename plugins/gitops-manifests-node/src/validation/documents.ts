/**
 * Validates the documents the generators embed in objects rather than write
 * as files of their own, each against its upstream schema from the schema
 * registry: cloud-init user-data (cloud-config), cloud-init network
 * configuration v2, and MicroK8s launch configurations. Text is parsed as
 * the tool that reads the document parses it (PyYAML for cloud-init,
 * Kubernetes YAML for MicroK8s).
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import { toValidationErrors } from './ajvErrors';
import { SchemaRegistry } from './schemaRegistry';
import {
  CLOUD_CONFIG_SCHEMA_FILE,
  MICROK8S_SCHEMA_FILE,
} from './schemaSources';
import {
  embeddedLabel,
  isRecord,
  ManifestValidationError,
  ValidationContext,
  withFile,
} from './validationErrors';
import { KUBERNETES_YAML, PYYAML } from './yamlDialects';

/** How errors of one embedded document are labelled, and a whole-document problem. */
function documentErrors(what: string, context: ValidationContext) {
  const object = embeddedLabel(what, context);
  return {
    object,
    whole: (rule: string): ManifestValidationError[] => [
      withFile({ object, path: '', rule }, context.file),
    ],
    schema: (errors: Parameters<typeof toValidationErrors>[0]) =>
      toValidationErrors(errors, object, context.file),
  };
}

/**
 * Validates cloud-init user-data: the first line must be `#cloud-config`,
 * the rest YAML (read as YAML 1.1, like PyYAML) that conforms to
 * cloud-init's cloud-config schema (draft-04).
 */
export function validateCloudConfig(
  schemas: SchemaRegistry,
  userData: string,
  context: ValidationContext = {},
): ManifestValidationError[] {
  const report = documentErrors('cloud-config', context);
  if (userData.split(/\r?\n/, 1)[0].trimEnd() !== '#cloud-config')
    return report.whole('must start with the line "#cloud-config"');
  const doc = parseDocument(userData, PYYAML);
  if (doc.errors.length > 0)
    return report.whole(`is not valid YAML: ${doc.errors[0].message}`);
  const validate = schemas.documentValidator(
    CLOUD_CONFIG_SCHEMA_FILE,
    'draft-04',
  );
  return validate(doc.toJS() ?? {}) ? [] : report.schema(validate.errors);
}

/**
 * Validates cloud-init network configuration version 2 (netplan style),
 * given parsed or as YAML text; with or without the top-level `network:` key.
 */
export function validateNetworkConfig(
  schemas: SchemaRegistry,
  config: unknown,
  context: ValidationContext = {},
): ManifestValidationError[] {
  const report = documentErrors('network-config', context);
  let value = config;
  if (typeof config === 'string') {
    const doc = parseDocument(config, PYYAML);
    if (doc.errors.length > 0)
      return report.whole(`is not valid YAML: ${doc.errors[0].message}`);
    value = doc.toJS();
  }
  // The schema is oneOf [config, { network: config }]; choosing the branch
  // here gives one error list instead of the union of both branches'.
  const validate = schemas.networkConfigValidator();
  if (isRecord(value) && 'network' in value) {
    const errors = Object.keys(value)
      .filter(key => key !== 'network')
      .flatMap(key =>
        report.whole(`must NOT have additional property "${key}"`),
      );
    if (!validate(value.network))
      errors.push(
        ...report
          .schema(validate.errors)
          .map(e => ({ ...e, path: `/network${e.path}` })),
      );
    return errors;
  }
  return validate(value) ? [] : report.schema(validate.errors);
}

/**
 * Validates MicroK8s launch configurations, parsed or as YAML text with one
 * or more `---` separated documents, against the launch configuration
 * schema (draft-07).
 */
export function validateMicroK8sLaunchConfig(
  schemas: SchemaRegistry,
  config: unknown,
  context: ValidationContext = {},
): ManifestValidationError[] {
  const report = documentErrors('MicroK8s launch configuration', context);
  let documents: unknown[] = [config];
  if (typeof config === 'string') {
    const parsed = parseAllDocuments(config, KUBERNETES_YAML);
    const broken = parsed.find(doc => doc.errors.length > 0);
    if (broken)
      return report.whole(`is not valid YAML: ${broken.errors[0].message}`);
    documents = parsed.map(doc => doc.toJS());
  }
  const validate = schemas.documentValidator(MICROK8S_SCHEMA_FILE, 'draft-07');
  // Nulls stay: in the extra*Args/*Env maps a null removes the argument.
  return documents.flatMap(document =>
    validate(document) ? [] : report.schema(validate.errors),
  );
}
