import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An operation of GitHub's OpenAPI description that a request matched. */
export interface OperationMatch {
  operationId: string;
  method: string;
  /** e.g. `/repos/{owner}/{repo}/git/trees` */
  template: string;
  /** `METHOD /path/template`, the key request counts use. */
  key: string;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
  /** Link to GitHub's documentation of the operation. */
  documentationUrl: string;
}

/** One problem found by schema validation. */
export interface SchemaIssue {
  /** `path`, `query`, `body` or `response`. */
  in: string;
  /** JSON pointer of the offending value, e.g. `/tree/0/mode`. */
  pointer: string;
  /** The field name GitHub's error would name. */
  field: string;
  code: 'missing_field' | 'invalid';
  message: string;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  multiSegmentParams: number;
  operation: any;
}

type JsonSchema = Record<string, any>;

const SPEC_PATH = require.resolve(
  '@octokit/openapi/generated/api.github.com.deref.json',
);

const SCHEMA_KEYWORDS_WITH_SUBSCHEMA = ['items', 'not', 'additionalProperties'];
const SCHEMA_KEYWORDS_WITH_SUBSCHEMAS = ['oneOf', 'anyOf', 'allOf'];

/**
 * OpenAPI 3.0 schema -> JSON Schema ajv understands: `nullable: true` becomes
 * a `null` type (or an `anyOf` with null when there is no `type`).
 */
function toJsonSchema(schema: any, memo: WeakMap<object, any>): any {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return schema;
  }
  const cached = memo.get(schema);
  if (cached) return cached;
  const out: JsonSchema = {};
  memo.set(schema, out);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable') continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(
        Object.entries(value as object).map(([name, sub]) => [
          name,
          toJsonSchema(sub, memo),
        ]),
      );
    } else if (SCHEMA_KEYWORDS_WITH_SUBSCHEMA.includes(key)) {
      out[key] = toJsonSchema(value, memo);
    } else if (
      SCHEMA_KEYWORDS_WITH_SUBSCHEMAS.includes(key) &&
      Array.isArray(value)
    ) {
      out[key] = value.map(sub => toJsonSchema(sub, memo));
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) {
        out.enum = [...out.enum, null];
      }
    } else if (out.type === undefined) {
      const inner = { ...out };
      for (const key of Object.keys(out)) delete out[key];
      out.anyOf = [{ type: 'null' }, inner];
    }
  }
  return out;
}

function escapeRegex(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function createAjv(coerce: boolean) {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    unicodeRegExp: false,
    coerceTypes: coerce ? 'array' : false,
    logger: false,
  });
  addFormats(ajv);
  return ajv;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Ajv errors -> GitHub-like messages (`"tree" wasn't supplied.`). */
function toIssues(where: string, errors: ErrorObject[]): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const error of errors) {
    // oneOf/anyOf failures repeat the branch errors; keep the summary only once
    let pointer = error.instancePath;
    let field = pointer.split('/').filter(Boolean).pop() ?? '';
    let code: SchemaIssue['code'] = 'invalid';
    let message: string;
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string })
        .missingProperty;
      pointer = `${pointer}/${missing}`;
      field = missing;
      code = 'missing_field';
      message = `"${missing}" wasn't supplied.`;
    } else if (error.keyword === 'type') {
      const expected = (error.params as { type: string | string[] }).type;
      message = `For '${where}${error.instancePath || ''}', ${JSON.stringify(
        error.data,
      )} is not ${[expected].flat().join(' or ')} (${jsonTypeOf(error.data)}).`;
    } else if (error.keyword === 'enum') {
      message = `For '${where}${error.instancePath}', ${JSON.stringify(
        error.data,
      )} is not a member of [${(
        error.params as { allowedValues: unknown[] }
      ).allowedValues
        .map(v => JSON.stringify(v))
        .join(', ')}].`;
    } else {
      message = `For '${where}${error.instancePath}', ${error.message}.`;
    }
    const key = `${pointer}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ in: where, pointer, field, code, message });
  }
  return issues;
}

const GENERIC_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['message'],
  properties: {
    message: { type: 'string' },
    documentation_url: { type: 'string' },
    status: { type: 'string' },
    errors: { type: 'array' },
  },
};

/**
 * GitHub's REST API description (`@octokit/openapi`, api.github.com,
 * dereferenced): matches requests to operations and validates requests and
 * responses with per-operation ajv validators compiled on first use.
 */
export class OpenApiValidator {
  private readonly routes = new Map<string, Route[]>();
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly memo = new WeakMap<object, any>();
  private readonly plainAjv = createAjv(false);
  private readonly coercingAjv = createAjv(true);
  private readonly genericError: ValidateFunction;

  private readonly webhooks: Record<string, any>;

  constructor(spec: {
    paths: Record<string, Record<string, any>>;
    /** Webhook payload schemas by event (`x-webhooks` of the description). */
    webhooks?: Record<string, any>;
  }) {
    this.webhooks = spec.webhooks ?? {};
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation || typeof operation !== 'object' || !operation.responses)
          continue;
        const multi = new Set<string>(
          (operation.parameters ?? [])
            .filter((p: any) => p.in === 'path' && p['x-multi-segment'])
            .map((p: any) => p.name),
        );
        const paramNames: string[] = [];
        let multiSegmentParams = 0;
        const pattern = template
          .split(/(\{[^}]+\})/)
          .map(part => {
            const param = /^\{([^}]+)\}$/.exec(part);
            if (!param) return escapeRegex(part);
            paramNames.push(param[1]);
            if (multi.has(param[1])) {
              multiSegmentParams++;
              return '(.+?)';
            }
            return '([^/]+)';
          })
          .join('');
        const route: Route = {
          method: method.toUpperCase(),
          template,
          regex: new RegExp(`^${pattern}/?$`),
          paramNames,
          literalSegments: template
            .split('/')
            .filter(s => s && !s.includes('{')).length,
          multiSegmentParams,
          operation,
        };
        const list = this.routes.get(route.method) ?? [];
        list.push(route);
        this.routes.set(route.method, list);
      }
    }
    this.genericError = this.plainAjv.compile(GENERIC_ERROR_SCHEMA);
  }

  /** The operation for `method path` (path without any `/api/v3` prefix). */
  match(method: string, rawPath: string): OperationMatch | undefined {
    const lookup = method === 'HEAD' ? 'GET' : method;
    let best: { route: Route; values: string[] } | undefined;
    for (const route of this.routes.get(lookup) ?? []) {
      const m = route.regex.exec(rawPath);
      if (!m) continue;
      if (
        !best ||
        route.literalSegments > best.route.literalSegments ||
        (route.literalSegments === best.route.literalSegments &&
          route.multiSegmentParams < best.route.multiSegmentParams)
      ) {
        best = { route, values: m.slice(1) };
      }
    }
    if (!best) return undefined;
    const pathParams: Record<string, string> = {};
    try {
      best.route.paramNames.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(best!.values[i]);
      });
    } catch {
      return undefined;
    }
    const { operation, template } = best.route;
    return {
      operationId: operation.operationId,
      method: lookup,
      template,
      key: `${lookup} ${template}`,
      pathParams,
      documentationUrl:
        operation.externalDocs?.url ?? 'https://docs.github.com/rest',
    };
  }

  private operation(match: OperationMatch): any {
    const route = this.routes
      .get(match.method)!
      .find(r => r.template === match.template)!;
    return route.operation;
  }

  private validator(
    key: string,
    build: () => { schema: JsonSchema; coerce: boolean } | undefined,
  ): ValidateFunction | null {
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const built = build();
      validate = built
        ? (built.coerce ? this.coercingAjv : this.plainAjv).compile(
            built.schema,
          )
        : null;
      this.validators.set(key, validate);
    }
    return validate;
  }

  private paramsValidator(match: OperationMatch, where: 'path' | 'query') {
    return this.validator(`${match.key}#${where}`, () => {
      const params = (this.operation(match).parameters ?? []).filter(
        (p: any) => p.in === where,
      );
      return {
        coerce: true,
        schema: {
          type: 'object',
          properties: Object.fromEntries(
            params.map((p: any) => [p.name, toJsonSchema(p.schema, this.memo)]),
          ),
          required: params
            .filter((p: any) => p.required)
            .map((p: any) => p.name),
        },
      };
    });
  }

  /**
   * Validates path and query parameters (coercing them in place to their
   * declared types) and the JSON body. Returns the problems found.
   */
  validateRequest(
    match: OperationMatch,
    query: Record<string, unknown>,
    body: unknown,
  ): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    const pathParams: Record<string, unknown> = match.pathParams;
    for (const [where, data] of [
      ['path', pathParams],
      ['query', query],
    ] as const) {
      const validate = this.paramsValidator(match, where)!;
      if (!validate(data)) issues.push(...toIssues(where, validate.errors!));
    }
    const requestBody = this.operation(match).requestBody;
    const schema = requestBody?.content?.['application/json']?.schema;
    if (schema) {
      if (body === undefined) {
        if (requestBody.required) {
          issues.push({
            in: 'body',
            pointer: '',
            field: '',
            code: 'missing_field',
            message: 'A JSON request body is required.',
          });
        }
      } else {
        const validate = this.validator(`${match.key}#body`, () => ({
          coerce: false,
          schema: toJsonSchema(schema, this.memo),
        }))!;
        if (!validate(body)) issues.push(...toIssues('body', validate.errors!));
      }
    }
    return issues;
  }

  /**
   * Validates a response the stand-in is about to send against the schema
   * declared for its status. Undeclared error statuses must still look like
   * GitHub's error objects; undeclared success statuses are a mismatch.
   */
  validateResponse(
    match: OperationMatch,
    status: number,
    body: unknown,
  ): SchemaIssue[] {
    const responses = this.operation(match).responses ?? {};
    const declared = responses[String(status)];
    const issue = (message: string): SchemaIssue[] => [
      { in: 'response', pointer: '', field: '', code: 'invalid', message },
    ];
    if (!declared) {
      if (status >= 400) {
        return this.genericError(body)
          ? []
          : toIssues('response', this.genericError.errors!);
      }
      return issue(`status ${status} is not declared for ${match.key}`);
    }
    const content = declared.content ?? {};
    const mediaType =
      'application/json' in content
        ? 'application/json'
        : Object.keys(content).find(type => type.includes('json'));
    if (!mediaType) {
      // GitHub sends its error object even where the description shows none
      if (body === undefined) return [];
      if (status >= 400) {
        return this.genericError(body)
          ? []
          : toIssues('response', this.genericError.errors!);
      }
      return issue(`status ${status} of ${match.key} has no body`);
    }
    if (body === undefined) {
      return issue(`status ${status} of ${match.key} needs a JSON body`);
    }
    const validate = this.validator(`${match.key}#${status}`, () => ({
      coerce: false,
      schema: toJsonSchema(content[mediaType].schema ?? {}, this.memo),
    }))!;
    return validate(body) ? [] : toIssues('response', validate.errors!);
  }

  /** Validates a webhook payload the stand-in is about to deliver against GitHub's schema for the event. */
  validateWebhook(event: WebhookEvent, payload: unknown): SchemaIssue[] {
    const schema = this.webhooks[event];
    if (!schema) {
      return [
        {
          in: 'response',
          pointer: '',
          field: '',
          code: 'invalid',
          message: `no schema for the ${event} webhook in the description`,
        },
      ];
    }
    const validate = this.validator(`webhook ${event}`, () => ({
      coerce: false,
      schema: toJsonSchema(schema, this.memo),
    }))!;
    return validate(payload) ? [] : toIssues('response', validate.errors!);
  }
}

/** Checked in {@link OpenApiValidator.validateWebhook}. */
export type WebhookEvent = 'push';

const SCHEMA_ANNOTATIONS = [
  'description',
  'example',
  'examples',
  'title',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
];

/** Drops a schema's annotations (docs, examples), keeping what validation needs. */
function trimSchema(schema: any): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) {
    schema.forEach(trimSchema);
    return;
  }
  for (const key of SCHEMA_ANNOTATIONS) delete schema[key];
  for (const key of ['properties', 'patternProperties']) {
    if (schema[key]) Object.values(schema[key]).forEach(trimSchema);
  }
  for (const key of [
    'items',
    'not',
    'additionalProperties',
    'oneOf',
    'anyOf',
    'allOf',
  ]) {
    trimSchema(schema[key]);
  }
}

/**
 * Keeps what matching and validation use: the description is ~70 MB of JSON,
 * mostly examples and prose; what is left is under 10 MB.
 */
function trimPaths(paths: Record<string, Record<string, any>>) {
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !operation.responses) {
        continue;
      }
      for (const key of ['description', 'summary', 'tags', 'x-github']) {
        delete operation[key];
      }
      for (const parameter of operation.parameters ?? []) {
        delete parameter.description;
        delete parameter.example;
        delete parameter.examples;
        trimSchema(parameter.schema);
      }
      const contents = [
        operation.requestBody,
        ...Object.values(operation.responses),
      ].flatMap((part: any) => Object.values(part?.content ?? {}));
      for (const part of [
        operation.requestBody,
        ...Object.values(operation.responses),
      ]) {
        if (part) {
          delete (part as any).description;
          delete (part as any).headers;
        }
      }
      for (const content of contents as any[]) {
        delete content.example;
        delete content.examples;
        trimSchema(content.schema);
      }
    }
  }
  return paths;
}

/**
 * The trimmed description, cached in the temp directory per @octokit/openapi
 * version and file (parsing the full file takes ~0.5 s, the trimmed one ~0.05 s).
 */
async function readDescription(): Promise<{
  paths: Record<string, Record<string, any>>;
  webhooks: Record<string, any>;
}> {
  const stat = await fs.stat(SPEC_PATH);
  let version = 'unknown';
  try {
    version = JSON.parse(
      await fs.readFile(
        path.join(path.dirname(SPEC_PATH), '..', 'package.json'),
        'utf8',
      ),
    ).version;
  } catch {
    // no version in the key then
  }
  const cacheFile = path.join(
    os.tmpdir(),
    `github-standin-openapi-v2-${version}-${stat.size}-${Math.floor(
      stat.mtimeMs,
    )}.json`,
  );
  try {
    const cached = JSON.parse(await fs.readFile(cacheFile, 'utf8'));
    return { paths: cached.paths, webhooks: cached.webhooks ?? {} };
  } catch {
    // not cached yet (or unreadable): build it
  }
  const spec = JSON.parse(await fs.readFile(SPEC_PATH, 'utf8'));
  const paths = trimPaths(spec.paths);
  // the payload schemas of the webhooks the stand-in delivers
  const webhooks: Record<string, any> = {};
  for (const event of ['push']) {
    const schema =
      spec['x-webhooks']?.[event]?.post?.requestBody?.content?.[
        'application/json'
      ]?.schema;
    if (schema) {
      trimSchema(schema);
      webhooks[event] = schema;
    }
  }
  try {
    const temporary = `${cacheFile}.${process.pid}.${Date.now()}`;
    await fs.writeFile(temporary, JSON.stringify({ paths, webhooks }));
    await fs.rename(temporary, cacheFile);
  } catch {
    // caching is only an optimisation
  }
  return { paths, webhooks };
}

let shared: Promise<OpenApiValidator> | undefined;

/**
 * Loads GitHub's description once per process, on first use. The
 * per-operation validators are compiled on first use too.
 */
export function loadOpenApiValidator(): Promise<OpenApiValidator> {
  if (!shared) {
    shared = readDescription().then(
      description => new OpenApiValidator(description),
    );
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}
