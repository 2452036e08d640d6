import fs from 'fs';
import path from 'path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import {
  DocumentOptions,
  parseAllDocuments,
  parseDocument,
  ParseOptions,
  SchemaOptions,
} from 'yaml';
import {
  crdInfo,
  crdToJsonSchema,
  dropNulls,
  JsonSchema,
  openApiV3ComponentsToJsonSchema,
  swaggerDefinitionsToJsonSchema,
} from './schemaConversion';

/** One problem found in a generated object or document. */
export interface ManifestValidationError {
  /** What was checked, e.g. `VirtualMachine dev-cp-1` or `cloud-config of VirtualMachine dev-cp-1`. */
  object: string;
  /** The file it belongs to, when known. */
  file?: string;
  /** JSON pointer into the object (`''` is the whole object), e.g. `/spec/template/spec/domain/cpu/cores`. */
  path: string;
  /** What is wrong, e.g. `must be integer` or `must NOT have additional property "runstrategy"`. */
  rule: string;
}

/** Where a checked value comes from. */
export interface ValidationContext {
  /** File the value is (or will be) written to. */
  file?: string;
  /**
   * The object an embedded document belongs to, e.g. `VirtualMachine dev-cp-1`;
   * errors then name `cloud-config of VirtualMachine dev-cp-1`.
   */
  object?: string;
}

/** An apiVersion/kind pair the validator has a schema for. */
export interface SupportedKind {
  apiVersion: string;
  kind: string;
  /** The schema file, relative to the schema directory. */
  schemaFile: string;
}

type SchemaSource =
  | { type: 'crd'; file: string; version: string }
  | { type: 'swagger'; file: string; definition: string }
  | { type: 'openapi-v3'; file: string; definition: string }
  | { type: 'json'; file: string };

const SCHEMA_ID_BASE = 'https://gitops-manifests-node.internal/schemas/';
const OBJECT_META_ID = `${SCHEMA_ID_BASE}objectmeta.schema.json`;
const KUBEVIRT_SWAGGER_ID = `${SCHEMA_ID_BASE}kubevirt.swagger.json`;
const KUBEVIRT_SWAGGER_FILE =
  'upstream/kubevirt/kubevirt-vm-vmpool-definitions.swagger.json';
const KUBERNETES_OPENAPI_ID = `${SCHEMA_ID_BASE}kubernetes.openapi-v3.json`;
const KUBERNETES_OPENAPI_FILE =
  'upstream/kubernetes/kubernetes-portal-kinds.openapi-v3.json';

/** Project-written schemas, all registered together (they reference objectmeta). */
const PROJECT_SCHEMA_FILES = [
  'project/objectmeta.schema.json',
  'project/namespace.schema.json',
  'project/configmap.schema.json',
  'project/secret.schema.json',
  'project/kustomization.schema.json',
];

const KIND_SCHEMAS: Record<string, SchemaSource> = {
  'argoproj.io/v1alpha1 Application': {
    type: 'crd',
    file: 'upstream/argocd/application-crd.yaml',
    version: 'v1alpha1',
  },
  'argoproj.io/v1alpha1 AppProject': {
    type: 'crd',
    file: 'upstream/argocd/appproject-crd.yaml',
    version: 'v1alpha1',
  },
  'kubevirt.io/v1 VirtualMachine': {
    type: 'swagger',
    file: KUBEVIRT_SWAGGER_FILE,
    definition: 'v1.VirtualMachine',
  },
  'kubevirt.io/v1 VirtualMachineInstance': {
    type: 'swagger',
    file: KUBEVIRT_SWAGGER_FILE,
    definition: 'v1.VirtualMachineInstance',
  },
  'pool.kubevirt.io/v1beta1 VirtualMachinePool': {
    type: 'swagger',
    file: KUBEVIRT_SWAGGER_FILE,
    definition: 'v1beta1.VirtualMachinePool',
  },
  'cdi.kubevirt.io/v1beta1 DataVolume': {
    type: 'crd',
    file: 'upstream/kubevirt/cdi-datavolumes.cdi.kubevirt.io-crd.yaml',
    version: 'v1beta1',
  },
  'k8s.cni.cncf.io/v1 NetworkAttachmentDefinition': {
    type: 'crd',
    file: 'upstream/multus/network-attachment-definitions.k8s.cni.cncf.io-crd.yaml',
    version: 'v1',
  },
  'kubeovn.io/v1 Subnet': {
    type: 'crd',
    file: 'upstream/kube-ovn/subnets.kubeovn.io-crd.yaml',
    version: 'v1',
  },
  'kubeovn.io/v1 Vlan': {
    type: 'crd',
    file: 'upstream/kube-ovn/vlans.kubeovn.io-crd.yaml',
    version: 'v1',
  },
  'kubeovn.io/v1 ProviderNetwork': {
    type: 'crd',
    file: 'upstream/kube-ovn/provider-networks.kubeovn.io-crd.yaml',
    version: 'v1',
  },
  'bitnami.com/v1alpha1 SealedSecret': {
    type: 'crd',
    file: 'upstream/sealed-secrets/bitnami.com_sealedsecrets.yaml',
    version: 'v1alpha1',
  },
  'metallb.io/v1beta1 IPAddressPool': {
    type: 'crd',
    file: 'upstream/metallb/metallb.io_ipaddresspools.yaml',
    version: 'v1beta1',
  },
  'metallb.io/v1beta1 L2Advertisement': {
    type: 'crd',
    file: 'upstream/metallb/metallb.io_l2advertisements.yaml',
    version: 'v1beta1',
  },
  'apps/v1 Deployment': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.apps.v1.Deployment',
  },
  'v1 Service': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.core.v1.Service',
  },
  'v1 ServiceAccount': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.core.v1.ServiceAccount',
  },
  'networking.k8s.io/v1 Ingress': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.networking.v1.Ingress',
  },
  'policy/v1 PodDisruptionBudget': {
    type: 'openapi-v3',
    file: KUBERNETES_OPENAPI_FILE,
    definition: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  },
  'postgresql.cnpg.io/v1 Cluster': {
    type: 'crd',
    file: 'upstream/cloudnative-pg/postgresql.cnpg.io_clusters.subset.yaml',
    version: 'v1',
  },
  'v1 Namespace': { type: 'json', file: 'project/namespace.schema.json' },
  'v1 ConfigMap': { type: 'json', file: 'project/configmap.schema.json' },
  'v1 Secret': { type: 'json', file: 'project/secret.schema.json' },
  'kustomize.config.k8s.io/v1beta1 Kustomization': {
    type: 'json',
    file: 'project/kustomization.schema.json',
  },
};

const CLOUD_CONFIG_SCHEMA_FILE =
  'upstream/cloud-init/schema-cloud-config-v1.json';
const NETWORK_CONFIG_SCHEMA_FILE =
  'upstream/cloud-init/schema-network-config-v2.json';
const MICROK8S_SCHEMA_FILE =
  'upstream/microk8s/launch-configuration.schema.json';

/** Kinds whose files are not API objects, so metadata.name is optional. */
const NAME_OPTIONAL_KINDS = new Set([
  'kustomize.config.k8s.io/v1beta1 Kustomization',
]);
/** Kinds whose name is a DNS-1123 label (at most 63 characters). */
const LABEL_NAMED_KINDS = new Set(['v1 Namespace', 'v1 Service']);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * YAML as Kubernetes tooling reads it: sigs.k8s.io/yaml uses go-yaml v2,
 * which follows YAML 1.1 scalars (`yes`/`on`/`y` are booleans, `0644` is
 * octal) but has no base-60 numbers (`12:30` stays a string) and hands
 * timestamps on as strings.
 */
const KUBERNETES_YAML: YamlOptions = {
  version: '1.1',
  customTags: tags =>
    tags.filter(
      tag =>
        typeof tag !== 'object' ||
        (tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'),
    ),
};
/** YAML as cloud-init reads it: PyYAML, YAML 1.1 including timestamps. */
const PYYAML: YamlOptions = { version: '1.1' };

/** User-data formats other than cloud-config that cloud-init recognises by their first line. */
const OTHER_USER_DATA_PREFIXES = [
  '#!',
  '#include',
  '#cloud-boothook',
  '#part-handler',
  '#upstart-job',
  '#cloud-config-archive',
  '## template: jinja',
  'Content-Type:',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function listValues(values: unknown): string {
  if (!Array.isArray(values)) {
    return describeValue(values);
  }
  const shown = values.slice(0, 12).map(describeValue).join(', ');
  return values.length > 12 ? `${shown}, ...` : shown;
}

function typeRule(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return `must be ${types.join(' or ')}`;
}

/** One ajv error as a rule, or undefined for errors that only repeat others. */
function ruleOf(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  let rule: string;
  switch (error.keyword) {
    case 'type':
      rule = typeRule(params.type);
      break;
    case 'required':
      rule = `must have required property "${params.missingProperty}"`;
      break;
    case 'additionalProperties':
      rule = `must NOT have additional property "${params.additionalProperty}"`;
      break;
    case 'enum':
      rule = `must be one of ${listValues(params.allowedValues)}`;
      break;
    case 'const':
      rule = `must be ${describeValue(params.allowedValue)}`;
      break;
    case 'pattern':
      rule = `must match pattern "${params.pattern}"`;
      break;
    case 'format':
      rule = `must match format "${params.format}"`;
      break;
    case 'propertyNames':
    case 'if':
      // Both only summarise the errors reported underneath them.
      return undefined;
    default:
      rule = error.message ?? `fails "${error.keyword}"`;
  }
  return error.propertyName !== undefined
    ? `property name "${error.propertyName}" ${rule}`
    : rule;
}

/**
 * Collapses "integer or string" style alternatives: when every error under
 * an anyOf/oneOf is a type error on the same value, one error naming all the
 * accepted types replaces them.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      continue;
    }
    const prefix = `${error.schemaPath}/`;
    const children = errors.filter(e => e.schemaPath.startsWith(prefix));
    if (
      children.length > 0 &&
      children.every(
        e => e.keyword === 'type' && e.instancePath === error.instancePath,
      )
    ) {
      const types = new Set<string>();
      for (const child of children) {
        const t = (child.params as Record<string, unknown>).type;
        for (const one of Array.isArray(t) ? t : String(t).split(',')) {
          types.add(String(one));
        }
        dropped.add(child);
      }
      replaced.set(error, {
        ...error,
        keyword: 'type',
        params: { type: [...types] },
      });
    }
  }
  return errors.filter(e => !dropped.has(e)).map(e => replaced.get(e) ?? e);
}

function toValidationErrors(
  errors: ErrorObject[] | null | undefined,
  object: string,
  file: string | undefined,
): ManifestValidationError[] {
  const out: ManifestValidationError[] = [];
  const seen = new Set<string>();
  for (const error of collapseAlternatives(errors ?? [])) {
    const rule = ruleOf(error);
    if (rule === undefined) {
      continue;
    }
    const key = `${error.instancePath}\u0000${rule}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    out.push(withFile({ object, path: error.instancePath, rule }, file));
  }
  return out;
}

function withFile(
  error: Omit<ManifestValidationError, 'file'>,
  file: string | undefined,
): ManifestValidationError {
  return file === undefined ? error : { ...error, file };
}

function embeddedLabel(what: string, context: ValidationContext): string {
  return context.object ? `${what} of ${context.object}` : what;
}

/** Label of a Kubernetes object in errors: `<kind> <name>`. */
export function describeObject(object: unknown): string {
  if (!isRecord(object)) {
    return 'object';
  }
  const kind = typeof object.kind === 'string' ? object.kind : 'object';
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name =
    typeof metadata.name === 'string' && metadata.name !== ''
      ? metadata.name
      : '(unnamed)';
  return `${kind} ${name}`;
}

/**
 * One line per error: `<file>: <object> at <path>: <rule>` (the file part
 * is left out when unknown; the whole object is shown as `(root)`).
 */
export function formatValidationErrors(
  errors: readonly ManifestValidationError[],
): string {
  return errors
    .map(error => {
      const where = `${error.object} at ${
        error.path === '' ? '(root)' : error.path
      }: ${error.rule}`;
      return error.file ? `${error.file}: ${where}` : where;
    })
    .join('\n');
}

/** The schema files ship inside the package (`files: [schemas]`), found wherever it is installed. */
function defaultSchemaDir(): string {
  return resolvePackagePath(
    '@internal/plugin-gitops-manifests-node',
    'schemas',
  );
}

export interface ManifestValidatorOptions {
  /**
   * Close object schemas that list properties (see schemaConversion).
   * Defaults to true; turn off only to see what the API server itself accepts.
   */
  strict?: boolean;
}

/**
 * Validates generated Kubernetes objects, cloud-init user-data and network
 * config, and MicroK8s launch configurations against the upstream schemas
 * kept in the package's `schemas/` folder. Schemas are read and compiled on
 * first use and cached, so keep one instance around.
 */
export class ManifestValidator {
  private readonly schemaDir: string;
  private readonly strict: boolean;
  private ajvInstance?: Ajv;
  private ajv04Instance?: AjvDraft04;
  private projectSchemasAdded = false;
  private kubevirtSwaggerAdded = false;
  private kubernetesOpenApiAdded = false;
  private readonly kindValidators = new Map<string, ValidateFunction>();
  private readonly documentValidators = new Map<string, ValidateFunction>();

  /**
   * @param schemaDir - the package's `schemas/` folder. Defaults to
   *   `../../schemas` from this source file; when the package is bundled
   *   (`dist/index.cjs.js`), `../schemas` is used if the first does not exist.
   */
  constructor(
    schemaDir: string = defaultSchemaDir(),
    options: ManifestValidatorOptions = {},
  ) {
    this.schemaDir = schemaDir;
    this.strict = options.strict ?? true;
  }

  /** The apiVersion/kind pairs {@link validateManifest} has schemas for. */
  static supportedKinds(): SupportedKind[] {
    return Object.entries(KIND_SCHEMAS).map(([key, source]) => {
      const [apiVersion, kind] = key.split(' ');
      return { apiVersion, kind, schemaFile: source.file };
    });
  }

  /**
   * Validates one Kubernetes object (as generated, before YAML) against the
   * schema of its apiVersion and kind, and checks metadata.name. Returns no
   * errors when the object is valid.
   */
  validateManifest(
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
    errors.push(...this.checkName(object, key, label, file));

    const validate = this.kindValidator(key);
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

  /** {@link validateManifest} for several objects. */
  validateManifests(
    objects: readonly unknown[],
    context: { file?: string } = {},
  ): ManifestValidationError[] {
    return objects.flatMap(object => this.validateManifest(object, context));
  }

  /**
   * Parses a (multi-document) YAML manifest file the way Kubernetes tooling
   * does (YAML 1.1 scalars) and validates every non-empty document.
   */
  validateYaml(
    text: string,
    context: { file?: string } = {},
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
        errors.push(...this.validateManifest(value, context));
      }
    });
    return errors;
  }

  /**
   * Validates cloud-init user-data: the first line must be `#cloud-config`,
   * the rest YAML (read as YAML 1.1, like PyYAML) that conforms to
   * cloud-init's cloud-config schema.
   */
  validateCloudConfig(
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
    const validate = this.documentValidator(
      CLOUD_CONFIG_SCHEMA_FILE,
      'draft-04',
    );
    return validate(value)
      ? []
      : toValidationErrors(validate.errors, object, context.file);
  }

  /**
   * Validates cloud-init network configuration version 2 (netplan style),
   * given parsed or as YAML text; with or without the top-level `network:` key.
   */
  validateNetworkConfig(
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
    const validate = this.networkConfigValidator();
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
          ...toValidationErrors(validate.errors, object, context.file).map(
            e => ({
              ...e,
              path: `/network${e.path}`,
            }),
          ),
        );
      }
      return errors;
    }
    return validate(value)
      ? []
      : toValidationErrors(validate.errors, object, context.file);
  }

  /**
   * Validates one MicroK8s launch configuration document (parsed, or YAML
   * text with one or more `---` separated documents).
   */
  validateMicroK8sLaunchConfig(
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
    const validate = this.documentValidator(MICROK8S_SCHEMA_FILE, 'draft-07');
    // Nulls stay: in the extra*Args/*Env maps a null removes the argument.
    return documents.flatMap(document =>
      validate(document)
        ? []
        : toValidationErrors(validate.errors, object, context.file),
    );
  }

  /**
   * Validates the cloud-init user-data (when it is cloud-config, or has no
   * recognised header) and network data embedded in the `cloudInitNoCloud` /
   * `cloudInitConfigDrive` volumes of a VirtualMachine,
   * VirtualMachineInstance or VirtualMachinePool. Not part of
   * {@link validateManifest}, so callers that validate the embedded
   * documents separately do not get every error twice.
   */
  validateVirtualMachineCloudInit(
    object: unknown,
    context: { file?: string } = {},
  ): ManifestValidationError[] {
    const owner = describeObject(object);
    const errors: ManifestValidationError[] = [];
    for (const volume of cloudInitVolumes(object)) {
      for (const sourceKey of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
        const source = volume[sourceKey];
        if (!isRecord(source)) {
          continue;
        }
        const userData = textOrBase64(source.userData, source.userDataBase64);
        if (
          userData !== undefined &&
          !OTHER_USER_DATA_PREFIXES.some(prefix => userData.startsWith(prefix))
        ) {
          errors.push(
            ...this.validateCloudConfig(userData, {
              ...context,
              object: owner,
            }),
          );
        }
        const networkData = textOrBase64(
          source.networkData,
          source.networkDataBase64,
        );
        if (networkData !== undefined) {
          errors.push(
            ...this.validateNetworkConfig(networkData, {
              ...context,
              object: owner,
            }),
          );
        }
      }
    }
    return errors;
  }

  private checkName(
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

  private get ajv(): Ajv {
    if (!this.ajvInstance) {
      this.ajvInstance = new Ajv({ allErrors: true, strict: false });
      addFormats(this.ajvInstance);
    }
    return this.ajvInstance;
  }

  private get ajv04(): AjvDraft04 {
    if (!this.ajv04Instance) {
      this.ajv04Instance = new AjvDraft04({ allErrors: true, strict: false });
      addFormats(this.ajv04Instance);
    }
    return this.ajv04Instance;
  }

  private readText(file: string): string {
    return fs.readFileSync(path.join(this.schemaDir, file), 'utf8');
  }

  private readJson(file: string): JsonSchema {
    return JSON.parse(this.readText(file));
  }

  private ensureProjectSchemas(): void {
    if (this.projectSchemasAdded) {
      return;
    }
    for (const file of PROJECT_SCHEMA_FILES) {
      this.ajv.addSchema(this.readJson(file));
    }
    this.projectSchemasAdded = true;
  }

  private kindValidator(key: string): ValidateFunction | undefined {
    const cached = this.kindValidators.get(key);
    if (cached) {
      return cached;
    }
    const source = KIND_SCHEMAS[key];
    if (!source) {
      return undefined;
    }
    this.ensureProjectSchemas();
    let validate: ValidateFunction;
    if (source.type === 'json') {
      const id = (this.readJson(source.file) as { $id: string }).$id;
      const found = this.ajv.getSchema(id);
      if (!found) {
        throw new Error(`schema ${source.file} was not registered`);
      }
      validate = found;
    } else if (source.type === 'swagger') {
      if (!this.kubevirtSwaggerAdded) {
        this.ajv.addSchema(
          swaggerDefinitionsToJsonSchema(this.readJson(source.file), {
            strict: this.strict,
            id: KUBEVIRT_SWAGGER_ID,
          }),
        );
        this.kubevirtSwaggerAdded = true;
      }
      validate = this.ajv.compile({
        $ref: `${KUBEVIRT_SWAGGER_ID}#/definitions/${source.definition}`,
      });
    } else if (source.type === 'openapi-v3') {
      if (!this.kubernetesOpenApiAdded) {
        this.ajv.addSchema(
          openApiV3ComponentsToJsonSchema(this.readJson(source.file), {
            strict: this.strict,
            id: KUBERNETES_OPENAPI_ID,
          }),
        );
        this.kubernetesOpenApiAdded = true;
      }
      // upstream ObjectMeta, plus the label and annotation key syntax the
      // API server checks in code (the project's ObjectMeta schema)
      validate = this.ajv.compile({
        allOf: [
          {
            $ref: `${KUBERNETES_OPENAPI_ID}#/components/schemas/${source.definition}`,
          },
        ],
        properties: { metadata: { $ref: OBJECT_META_ID } },
      });
    } else {
      validate = this.ajv.compile(this.crdSchema(key, source));
    }
    this.kindValidators.set(key, validate);
    return validate;
  }

  private crdSchema(
    key: string,
    source: { file: string; version: string },
  ): JsonSchema {
    const crd = parseDocument(this.readText(source.file)).toJS();
    const info = crdInfo(crd);
    if (`${info.group}/${source.version} ${info.kind}` !== key) {
      throw new Error(
        `${source.file} defines ${info.group}/${source.version} ${info.kind}, not ${key}`,
      );
    }
    const schema = crdToJsonSchema(crd, source.version, {
      strict: this.strict,
    });
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    // The API server checks metadata itself; a CRD may only narrow name and
    // generateName, so the common ObjectMeta schema stands in for the
    // usual bare `type: object`.
    const crdMetadata = properties.metadata;
    const ownChecks =
      crdMetadata &&
      Object.keys(crdMetadata).some(
        k => k !== 'type' && k !== 'additionalProperties',
      );
    properties.metadata = ownChecks
      ? { allOf: [{ $ref: OBJECT_META_ID }, crdMetadata] }
      : { $ref: OBJECT_META_ID };
    return { ...schema, properties };
  }

  private networkConfigValidator(): ValidateFunction {
    const cached = this.documentValidators.get(NETWORK_CONFIG_SCHEMA_FILE);
    if (cached) {
      return cached;
    }
    const id = `${SCHEMA_ID_BASE}${NETWORK_CONFIG_SCHEMA_FILE}`;
    this.ajv.addSchema({
      ...this.readJson(NETWORK_CONFIG_SCHEMA_FILE),
      $id: id,
    });
    const validate = this.ajv.compile({
      $ref: `${id}#/$defs/network_config_version2`,
    });
    this.documentValidators.set(NETWORK_CONFIG_SCHEMA_FILE, validate);
    return validate;
  }

  private documentValidator(
    file: string,
    draft: 'draft-04' | 'draft-07',
  ): ValidateFunction {
    const cached = this.documentValidators.get(file);
    if (cached) {
      return cached;
    }
    const schema = this.readJson(file);
    const validate =
      draft === 'draft-04'
        ? this.ajv04.compile(schema)
        : this.ajv.compile(schema);
    this.documentValidators.set(file, validate);
    return validate;
  }
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

function textOrBase64(text: unknown, base64: unknown): string | undefined {
  if (typeof text === 'string') {
    return text;
  }
  if (typeof base64 === 'string') {
    return Buffer.from(base64, 'base64').toString('utf8');
  }
  return undefined;
}

function cloudInitVolumes(object: unknown): Record<string, unknown>[] {
  if (!isRecord(object)) {
    return [];
  }
  const dig = (value: unknown, ...keys: string[]): unknown =>
    keys.reduce<unknown>(
      (current, k) => (isRecord(current) ? current[k] : undefined),
      value,
    );
  let volumes: unknown;
  switch (object.kind) {
    case 'VirtualMachineInstance':
      volumes = dig(object, 'spec', 'volumes');
      break;
    case 'VirtualMachine':
      volumes = dig(object, 'spec', 'template', 'spec', 'volumes');
      break;
    case 'VirtualMachinePool':
      volumes = dig(
        object,
        'spec',
        'virtualMachineTemplate',
        'spec',
        'template',
        'spec',
        'volumes',
      );
      break;
    default:
      volumes = undefined;
  }
  return Array.isArray(volumes) ? volumes.filter(isRecord) : [];
}
