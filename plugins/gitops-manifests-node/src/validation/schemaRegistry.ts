/**
 * Reads the schema files named in schemaSources from the schema directory,
 * converts the Kubernetes-flavoured ones (CRDs, KubeVirt swagger, Kubernetes
 * OpenAPI v3) with schemaConversion, and compiles them with ajv (draft-07, or
 * draft-04 for cloud-init's cloud-config schema). Everything is read and
 * compiled on first use and cached, so one registry serves a validator for
 * its whole life.
 */
import fs from 'fs';
import path from 'path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import Ajv, { ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parseDocument } from 'yaml';
import {
  crdInfo,
  crdToJsonSchema,
  JsonSchema,
  openApiV3ComponentsToJsonSchema,
  swaggerDefinitionsToJsonSchema,
} from './schemaConversion';
import {
  KIND_SCHEMAS,
  KUBERNETES_OPENAPI_ID,
  KUBEVIRT_SWAGGER_ID,
  NETWORK_CONFIG_SCHEMA_FILE,
  OBJECT_META_ID,
  PROJECT_SCHEMA_FILES,
  SCHEMA_ID_BASE,
} from './schemaSources';

/** The schema files ship inside the package (`files: [schemas]`), found wherever it is installed. */
export function defaultSchemaDir(): string {
  return resolvePackagePath(
    '@proficientnow/backstage-plugin-gitops-manifests-node',
    'schemas',
  );
}

/** Compiled validators for the schemas in one schema directory. */
export class SchemaRegistry {
  private ajvInstance?: Ajv;
  private ajv04Instance?: AjvDraft04;
  private projectSchemasAdded = false;
  private kubevirtSwaggerAdded = false;
  private kubernetesOpenApiAdded = false;
  private readonly kindValidators = new Map<string, ValidateFunction>();
  private readonly documentValidators = new Map<string, ValidateFunction>();

  /**
   * @param schemaDir - the folder the schema files are read from.
   * @param strict - close object schemas that list properties (see schemaConversion).
   */
  constructor(
    private readonly schemaDir: string,
    private readonly strict: boolean,
  ) {}

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

  /** The validator for an `apiVersion kind` key, or undefined when KIND_SCHEMAS has none. */
  kindValidator(key: string): ValidateFunction | undefined {
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

  /** cloud-init network configuration version 2, without the top-level `network:` key. */
  networkConfigValidator(): ValidateFunction {
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

  /** The validator of a whole schema file, compiled for its JSON Schema draft. */
  documentValidator(
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
