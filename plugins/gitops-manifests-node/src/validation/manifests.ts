/**
 * Validates Kubernetes manifests: YAML files are parsed into documents the
 * way Kubernetes tooling reads them, every non-empty document is one object,
 * and each object is checked against the schema of its `apiVersion kind`
 * (from the schema registry) plus the rules the API server checks in code
 * rather than in its schemas: the metadata.name syntax of the kind and, for a
 * NetworkAttachmentDefinition, a CNI configuration that is a JSON object.
 */
import { parseAllDocuments } from 'yaml';
import { toValidationErrors } from './ajvErrors';
import { dropNulls } from './schemaConversion';
import { SchemaRegistry } from './schemaRegistry';
import {
  describeObject,
  isRecord,
  ManifestValidationError,
  withFile,
} from './validationErrors';
import { KUBERNETES_YAML } from './yamlDialects';

/** Kinds whose files are not API objects, so metadata.name is optional. */
const NAME_OPTIONAL_KINDS = new Set([
  'kustomize.config.k8s.io/v1beta1 Kustomization',
]);
/** Kinds whose name is a DNS-1123 label (at most 63 characters). */
const LABEL_NAMED_KINDS = new Set(['v1 Namespace', 'v1 Service']);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Validates one Kubernetes object (as generated, before YAML) against the
 * schema of its apiVersion and kind, and checks metadata.name. Returns no
 * errors when the object is valid.
 */
export function validateManifest(
  schemas: SchemaRegistry,
  object: unknown,
  context: { file?: string } = {},
): ManifestValidationError[] {
  const label = describeObject(object);
  const file = context.file;
  const fail = (p: string, rule: string) =>
    withFile({ object: label, path: p, rule }, file);

  if (!isRecord(object)) {
    return [fail('', 'must be object')];
  }
  const errors: ManifestValidationError[] = [];
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    if (typeof apiVersion !== 'string') {
      errors.push(fail('', 'must have required property "apiVersion"'));
    }
    if (typeof kind !== 'string') {
      errors.push(fail('', 'must have required property "kind"'));
    }
    return errors;
  }
  const key = `${apiVersion} ${kind}`;
  errors.push(...checkName(object, key, label, file));

  const validate = schemas.kindValidator(key);
  if (!validate) {
    errors.push(fail('', `no schema for ${apiVersion} ${kind}`));
    return errors;
  }
  const data = dropNulls(object);
  if (!validate(data)) {
    errors.push(...toValidationErrors(validate.errors, label, file));
  }
  if (key === 'k8s.cni.cncf.io/v1 NetworkAttachmentDefinition') {
    errors.push(...checkCniConfig(data, label, file));
  }
  return errors;
}

/**
 * Parses a (multi-document) YAML manifest file the way Kubernetes tooling
 * does (YAML 1.1 scalars) and validates every non-empty document with
 * `validateObject`.
 */
export function validateManifestYaml(
  text: string,
  context: { file?: string },
  validateObject: (
    object: unknown,
    context: { file?: string },
  ) => ManifestValidationError[],
): ManifestValidationError[] {
  const errors: ManifestValidationError[] = [];
  parseAllDocuments(text, KUBERNETES_YAML).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      errors.push(
        withFile(
          {
            object: `document ${index + 1}`,
            path: '',
            rule: `is not valid YAML: ${doc.errors[0].message}`,
          },
          context.file,
        ),
      );
      return;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) {
      errors.push(...validateObject(value, context));
    }
  });
  return errors;
}

/** metadata.name is present (unless the kind is not an API object) and has the syntax its kind requires. */
function checkName(
  object: Record<string, unknown>,
  key: string,
  label: string,
  file: string | undefined,
): ManifestValidationError[] {
  const fail = (p: string, rule: string) =>
    withFile({ object: label, path: p, rule }, file);
  const metadata = object.metadata;
  const nameOptional = NAME_OPTIONAL_KINDS.has(key);
  if (metadata === undefined || metadata === null) {
    return nameOptional
      ? []
      : [fail('', 'must have required property "metadata"')];
  }
  if (!isRecord(metadata)) {
    return []; // the schema reports the wrong type
  }
  const name = metadata.name;
  if (name === undefined || name === null) {
    return nameOptional
      ? []
      : [fail('/metadata', 'must have required property "name"')];
  }
  if (typeof name !== 'string') {
    return [fail('/metadata/name', 'must be string')];
  }
  if (LABEL_NAMED_KINDS.has(key)) {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      return [
        fail(
          '/metadata/name',
          'must be a DNS-1123 label (at most 63 lowercase alphanumerics or "-", starting and ending alphanumeric)',
        ),
      ];
    }
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [
      fail(
        '/metadata/name',
        'must be a DNS-1123 subdomain (at most 253 lowercase alphanumerics, "-" or ".", starting and ending alphanumeric)',
      ),
    ];
  }
  return [];
}

/** NetworkAttachmentDefinition `spec.config` must be a CNI configuration in JSON. */
function checkCniConfig(
  object: Record<string, unknown>,
  label: string,
  file: string | undefined,
): ManifestValidationError[] {
  const spec = object.spec;
  if (!isRecord(spec) || typeof spec.config !== 'string') {
    return [];
  }
  try {
    if (isRecord(JSON.parse(spec.config))) {
      return [];
    }
  } catch {
    // reported below
  }
  return [
    withFile(
      {
        object: label,
        path: '/spec/config',
        rule: 'must be a JSON object (a CNI configuration)',
      },
      file,
    ),
  ];
}
