/**
 * Turns Kubernetes-flavoured OpenAPI schemas into plain JSON Schema (draft-07)
 * that ajv can compile.
 *
 * Three inputs are supported:
 *  - the `openAPIV3Schema` of one version of a CustomResourceDefinition,
 *  - the `definitions` of a swagger 2.0 document (KubeVirt publishes its API
 *    that way; references stay `#/definitions/<name>` inside one document), and
 *  - the `components.schemas` of an OpenAPI v3 document (Kubernetes' own
 *    API; references stay `#/components/schemas/<name>`).
 *
 * What the conversion does (facts about the API server's behaviour are from
 * the Kubernetes structural-schema rules):
 *  - `x-kubernetes-int-or-string: true` and swagger `format: int-or-string`
 *    become "integer or string";
 *  - `nullable: true` adds `null` to the allowed types;
 *  - `x-kubernetes-list-type: set` becomes `uniqueItems: true`;
 *  - every other `x-kubernetes-*` keyword, `description`, `example` and
 *    `externalDocs` is dropped;
 *  - `format`s are kept only where ajv-formats checks the same thing the API
 *    server checks; the others are dropped rather than mis-checked;
 *  - in strict mode every object schema that lists `properties`, has no
 *    `additionalProperties` and is not `x-kubernetes-preserve-unknown-fields`
 *    gets `additionalProperties: false`. The API server silently prunes
 *    unknown fields, so a misspelt field in a generator would otherwise vanish
 *    without a trace; here it fails.
 *
 * Strictness is never added inside `allOf` / `anyOf` / `oneOf` / `not`: there
 * `properties` only add value checks to the structural schema around them.
 */

/** A JSON Schema as a plain object. */
export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaConversionOptions {
  /**
   * Reject fields the schema does not list (see the module comment).
   * Defaults to true.
   */
  strict?: boolean;
}

/** Formats whose ajv-formats check matches the Kubernetes (go-openapi) one. */
const KEPT_FORMATS = new Set([
  'int32',
  'int64',
  'byte',
  'date-time',
  'date',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** Keywords dropped because they carry documentation only. */
const DOC_KEYWORDS = new Set(['description', 'example', 'externalDocs']);

/** Keywords whose value is a map of name to schema. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions'];

/** Keywords whose value is a list of alternative or combined schemas. */
const COMBINATOR_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];

const INT_OR_STRING: JsonSchema[] = [{ type: 'integer' }, { type: 'string' }];

interface WalkState {
  strict: boolean;
  /** True inside allOf/anyOf/oneOf/not: no strictness is added there. */
  inValueValidation: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isIntOrStringPair(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 2) {
    return false;
  }
  const types = value
    .map(branch => (isPlainObject(branch) ? branch.type : undefined))
    .sort();
  return types[0] === 'integer' && types[1] === 'string';
}

function addNullType(schema: JsonSchema): void {
  const type = schema.type;
  if (typeof type === 'string') {
    schema.type = type === 'null' ? type : [type, 'null'];
  } else if (Array.isArray(type) && !type.includes('null')) {
    schema.type = [...type, 'null'];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...schema.enum, null];
  }
  // Without `type` or `enum`, null is allowed already.
}

function convertNode(node: unknown, state: WalkState): unknown {
  if (Array.isArray(node)) {
    return node.map(item => convertNode(item, state));
  }
  if (!isPlainObject(node)) {
    return node;
  }

  const out: JsonSchema = {};
  const preserveUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString =
    node['x-kubernetes-int-or-string'] === true ||
    node.format === 'int-or-string';
  const valueState: WalkState = { ...state, inValueValidation: true };

  for (const [keyword, value] of Object.entries(node)) {
    if (
      DOC_KEYWORDS.has(keyword) ||
      keyword.startsWith('x-kubernetes-') ||
      keyword === 'nullable'
    ) {
      continue;
    }
    if (SCHEMA_MAP_KEYWORDS.includes(keyword) && isPlainObject(value)) {
      const converted: JsonSchema = {};
      for (const [name, child] of Object.entries(value)) {
        converted[name] = convertNode(child, state);
      }
      out[keyword] = converted;
    } else if (keyword === 'items' || keyword === 'additionalItems') {
      out[keyword] = convertNode(value, state);
    } else if (keyword === 'additionalProperties') {
      out[keyword] = isPlainObject(value) ? convertNode(value, state) : value;
    } else if (COMBINATOR_KEYWORDS.includes(keyword) && Array.isArray(value)) {
      out[keyword] = value.map(branch => convertNode(branch, valueState));
    } else if (keyword === 'not') {
      out[keyword] = convertNode(value, valueState);
    } else if (keyword === 'format') {
      if (typeof value === 'string' && KEPT_FORMATS.has(value)) {
        out.format = value;
      }
    } else {
      out[keyword] = value;
    }
  }

  if (intOrString) {
    delete out.type;
    delete out.format;
    const existing = out.anyOf;
    out.anyOf = INT_OR_STRING.map(branch => ({ ...branch }));
    if (existing !== undefined && !isIntOrStringPair(existing)) {
      out.allOf = [
        ...(Array.isArray(out.allOf) ? out.allOf : []),
        { anyOf: existing },
      ];
    }
  }

  if (node['x-kubernetes-list-type'] === 'set' && out.type === 'array') {
    out.uniqueItems = true;
  }

  if (node.nullable === true) {
    addNullType(out);
  }

  if (
    state.strict &&
    !state.inValueValidation &&
    !preserveUnknown &&
    isPlainObject(out.properties) &&
    !('additionalProperties' in out)
  ) {
    out.additionalProperties = false;
  }

  return out;
}

/**
 * Converts one OpenAPI v3 schema node (as found in a CRD's
 * `openAPIV3Schema`) to JSON Schema. The input is not modified.
 */
export function convertOpenApiV3Schema(
  schema: unknown,
  options: SchemaConversionOptions = {},
): JsonSchema {
  if (!isPlainObject(schema)) {
    throw new Error('an OpenAPI schema must be an object');
  }
  return convertNode(schema, {
    strict: options.strict ?? true,
    inValueValidation: false,
  }) as JsonSchema;
}

/** The group/versions/kind a CRD declares, as read by {@link crdInfo}. */
export interface CrdInfo {
  group: string;
  kind: string;
  /** Names of the versions the API server serves. */
  servedVersions: string[];
}

function crdSpec(crd: unknown): Record<string, unknown> {
  if (
    !isPlainObject(crd) ||
    crd.kind !== 'CustomResourceDefinition' ||
    !isPlainObject(crd.spec)
  ) {
    throw new Error('not a CustomResourceDefinition');
  }
  return crd.spec;
}

/** Reads the group, kind and served versions of a CustomResourceDefinition. */
export function crdInfo(crd: unknown): CrdInfo {
  const spec = crdSpec(crd);
  const names = isPlainObject(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  return {
    group: String(spec.group ?? ''),
    kind: String(names.kind ?? ''),
    servedVersions: versions
      .filter(v => isPlainObject(v) && v.served === true)
      .map(v => String((v as Record<string, unknown>).name)),
  };
}

/**
 * Converts the `openAPIV3Schema` of one served version of a
 * CustomResourceDefinition (apiextensions.k8s.io/v1) to JSON Schema.
 * Throws when the version does not exist, is not served, or has no schema.
 */
export function crdToJsonSchema(
  crd: unknown,
  version: string,
  options: SchemaConversionOptions = {},
): JsonSchema {
  const spec = crdSpec(crd);
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const entry = versions.find(v => isPlainObject(v) && v.name === version) as
    | Record<string, unknown>
    | undefined;
  const crdName =
    isPlainObject(crd) && isPlainObject(crd.metadata)
      ? String(crd.metadata.name)
      : '(unnamed CRD)';
  if (!entry) {
    throw new Error(`${crdName} has no version ${version}`);
  }
  if (entry.served !== true) {
    throw new Error(`${crdName} does not serve version ${version}`);
  }
  const schema = isPlainObject(entry.schema)
    ? entry.schema.openAPIV3Schema
    : undefined;
  if (!isPlainObject(schema)) {
    throw new Error(`${crdName} version ${version} has no openAPIV3Schema`);
  }
  return convertOpenApiV3Schema(schema, options);
}

export interface SwaggerConversionOptions extends SchemaConversionOptions {
  /** `$id` of the resulting document, so ajv can reference its definitions. */
  id?: string;
}

/**
 * Converts the `definitions` of a swagger 2.0 document into one JSON Schema
 * document `{ $id?, definitions }`. References (`#/definitions/<name>`) are
 * left as they are and resolve inside that document; validate a kind by
 * referencing `<id>#/definitions/<name>`.
 */
export function swaggerDefinitionsToJsonSchema(
  swagger: unknown,
  options: SwaggerConversionOptions = {},
): JsonSchema {
  if (!isPlainObject(swagger) || !isPlainObject(swagger.definitions)) {
    throw new Error('not a swagger document with definitions');
  }
  const state: WalkState = {
    strict: options.strict ?? true,
    inValueValidation: false,
  };
  const definitions: JsonSchema = {};
  for (const [name, definition] of Object.entries(swagger.definitions)) {
    definitions[name] = convertNode(definition, state);
  }
  return options.id ? { $id: options.id, definitions } : { definitions };
}

export interface OpenApiV3ConversionOptions extends SchemaConversionOptions {
  /** `$id` of the resulting document, so ajv can reference its schemas. */
  id?: string;
}

/**
 * Converts the `components.schemas` of an OpenAPI v3 document (Kubernetes
 * publishes its built-in API that way, one document per group version) into
 * one JSON Schema document `{ $id?, components: { schemas } }`. References
 * (`#/components/schemas/<name>`) are left as they are and resolve inside
 * that document; validate a kind by referencing
 * `<id>#/components/schemas/<name>`.
 */
export function openApiV3ComponentsToJsonSchema(
  document: unknown,
  options: OpenApiV3ConversionOptions = {},
): JsonSchema {
  const components =
    isPlainObject(document) && isPlainObject(document.components)
      ? document.components
      : undefined;
  if (!components || !isPlainObject(components.schemas)) {
    throw new Error('not an OpenAPI v3 document with components.schemas');
  }
  const state: WalkState = {
    strict: options.strict ?? true,
    inValueValidation: false,
  };
  const schemas: JsonSchema = {};
  for (const [name, schema] of Object.entries(components.schemas)) {
    schemas[name] = convertNode(schema, state);
  }
  const converted = { components: { schemas } };
  return options.id ? { $id: options.id, ...converted } : converted;
}

/**
 * Returns a copy of `value` with every object key whose value is `null`
 * removed, at any depth. `null` items of arrays are kept.
 *
 * The API server prunes such nulls for non-nullable fields before it
 * validates, and YAML reads `key:` with all children commented out as
 * `null`, so validating without this step reports errors no cluster would.
 */
export function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(item => dropNulls(item)) as unknown as T;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== null) {
        out[key] = dropNulls(child);
      }
    }
    return out as T;
  }
  return value;
}
