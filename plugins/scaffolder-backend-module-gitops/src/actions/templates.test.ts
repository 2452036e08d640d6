/**
 * The bundled templates' forms against the requests' own rules: every form
 * field that feeds a render action must offer only what the request accepts
 * (its enums, bounds, patterns and defaults), every field the request
 * requires must be fed, and nothing the request does not know may be sent.
 * The request schemas are the actions' input schemas, so this reads each
 * action's input as JSON Schema, the way the scaffolder checks it.
 *
 * @jest-environment node
 */
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { makeDeps } from '../__testUtils__/actionHarness';
import {
  createResizeClusterAction,
  createRetireClusterAction,
  createScaleClusterAction,
  createUpgradeClusterAction,
} from './changeCluster';
import {
  createChangeComponentAction,
  createRemoveComponentAction,
} from './changeComponent';
import { createRenderBootstrapAction } from './renderBootstrap';
import { createRevertChangeAction } from './revertChange';
import { createRenderClusterAction } from './renderCluster';
import { createRenderComponentAction } from './renderComponent';
import { createRenderPortalAction } from './renderPortal';

type JsonSchema = Record<string, any>;

const templatesDir = path.resolve(__dirname, '../../../../templates');
const deps = makeDeps({});
const actions: Record<
  string,
  TemplateAction<any, any, any>
> = Object.fromEntries(
  [
    createRenderClusterAction(deps),
    createScaleClusterAction(deps),
    createResizeClusterAction(deps),
    createRetireClusterAction(deps),
    createUpgradeClusterAction(deps),
    createRenderComponentAction(deps),
    createChangeComponentAction(deps),
    createRemoveComponentAction(deps),
    createRenderBootstrapAction(deps),
    createRenderPortalAction(deps),
    createRevertChangeAction(deps),
  ].map(action => [action.id, action]),
);

/** Every property a template's form can hold, by name (a name can stand in several branches). */
function formFields(parameters: unknown): Map<string, JsonSchema[]> {
  const fields = new Map<string, JsonSchema[]>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const schema = node as JsonSchema;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      fields.set(name, [...(fields.get(name) ?? []), property as JsonSchema]);
    }
    for (const key of [
      'dependencies',
      'allOf',
      'anyOf',
      'oneOf',
      'then',
      'else',
    ])
      if (schema[key]) visit(Object.values(schema[key]));
  };
  visit(parameters);
  return fields;
}

/** `${{ parameters.x }}` names x; any other expression names nothing. */
function parameterOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\$\{\{\s*parameters\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value)?.[1];
}

const ajv = new Ajv({ strict: false, allErrors: true });

/** What the form field may hold that the request field refuses, in words. */
function mismatches(
  where: string,
  form: JsonSchema,
  request: JsonSchema,
): string[] {
  const problems: string[] = [];
  const accepts = (value: unknown) => ajv.validate(request, value);
  // a branch's const offers one value: a list of one
  const listed =
    form.enum ?? (form.const !== undefined ? [form.const] : undefined);
  const values = [
    ...(listed ?? []),
    ...(form.items?.enum ?? []).map((v: unknown) => [v]),
    ...(form.default !== undefined ? [form.default] : []),
  ];
  for (const value of values)
    if (!accepts(value))
      problems.push(
        `${where}: the form offers ${JSON.stringify(
          value,
        )}, which the request refuses (${ajv.errorsText()})`,
      );
  // a field limited to a list of values is checked by its values above
  const bound = (key: string, tighter: (f: number, r: number) => boolean) => {
    for (const [f, r, choices] of [
      [form[key], request[key], form.enum],
      [form.items?.[key], request.items?.[key], form.items?.enum],
    ])
      if (!choices && r !== undefined && (f === undefined || !tighter(f, r)))
        problems.push(
          `${where}: ${key} is ${r} in the request, ${
            f ?? 'unset'
          } in the form`,
        );
  };
  bound('minimum', (f, r) => f >= r);
  bound('maximum', (f, r) => f <= r);
  bound('maxLength', (f, r) => f <= r);
  // JSON Schema and YAML write a slash with or without its escape
  const pattern = (p?: string) => p?.replace(/\\\//g, '/');
  if (
    request.pattern &&
    pattern(form.pattern) !== pattern(request.pattern) &&
    !form.enum
  )
    problems.push(
      `${where}: the request's pattern ${request.pattern} is not the form's ${
        form.pattern ?? '(none)'
      }`,
    );
  if (request.type === 'integer' && form.type !== 'integer')
    problems.push(
      `${where}: the request takes whole numbers, the form ${form.type}`,
    );
  if (request.enum && !listed && !form['ui:field'] && form.type !== 'boolean')
    problems.push(
      `${where}: the request takes one of ${request.enum.join(
        ', ',
      )}; the form offers free text`,
    );
  return problems;
}

/** The action input's JSON Schema property at a path of nested objects. */
function propertyAt(
  schema: JsonSchema,
  keys: string[],
): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const key of keys) {
    node = node?.properties?.[key];
    node = node?.anyOf ? { ...node, ...node.anyOf[0] } : node;
  }
  return node;
}

const templates = readdirSync(templatesDir).map(name => {
  const template = parse(
    readFileSync(path.join(templatesDir, name, 'template.yaml'), 'utf8'),
  );
  const step = template.spec.steps.find((s: any) => actions[s.action]);
  return { name, template, step };
});

describe('the bundled templates and the requests they feed', () => {
  it('cover every render action', () => {
    expect(templates.map(t => t.step?.action).sort()).toEqual(
      Object.keys(actions).sort(),
    );
  });

  it.each(templates.map(t => [t.name, t]))(
    '%s: the form offers only what the request accepts, and feeds what it requires',
    (_name, { template, step }) => {
      const input = actions[step.action].schema?.input as JsonSchema;
      const fields = formFields(template.spec.parameters);
      const problems: string[] = [];
      const walk = (value: any, keys: string[]) => {
        const property = propertyAt(input, keys);
        const where = `input.${keys.join('.')}`;
        if (!property) {
          problems.push(`${where} is not in the request`);
          return;
        }
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [key, inner] of Object.entries(value))
            walk(inner, [...keys, key]);
          return;
        }
        const parameter = parameterOf(value);
        if (!parameter) return;
        const forms = fields.get(parameter);
        if (!forms) {
          problems.push(
            `${where} reads parameters.${parameter}, which no page defines`,
          );
          return;
        }
        for (const form of forms)
          problems.push(
            ...mismatches(`${where} (parameters.${parameter})`, form, property),
          );
      };
      for (const [key, value] of Object.entries(step.input)) walk(value, [key]);
      for (const required of input.required ?? [])
        if (!(required in step.input))
          problems.push(
            `input.${required} is required by the request, and the template does not send it`,
          );
      expect(problems).toEqual([]);
    },
  );

  it('catches a form that offers more than the request (the check itself works)', () => {
    const property = propertyAt(
      actions['gitops:cluster:render'].schema?.input as JsonSchema,
      ['workerCount'],
    )!;
    expect(
      mismatches(
        'input.workerCount',
        { type: 'integer', minimum: 0, maximum: 500 },
        property,
      ),
    ).toEqual([
      'input.workerCount: maximum is 50 in the request, 500 in the form',
    ]);
    const environment = propertyAt(
      actions['gitops:cluster:render'].schema?.input as JsonSchema,
      ['environment'],
    )!;
    expect(
      mismatches(
        'input.environment',
        { type: 'string', enum: ['dev', 'uat'] },
        environment,
      ),
    ).toEqual([
      expect.stringMatching(
        /^input\.environment: the form offers "uat", which the request refuses/,
      ),
    ]);
  });
});
