/**
 * Turns the `ErrorObject`s ajv reports into the project's
 * `ManifestValidationError`s: one readable rule per problem (`must be integer
 * or string`, `must NOT have additional property "x"`, ...) at the JSON
 * pointer of the offending value. Alternatives that differ only in type are
 * collapsed into one error, errors that merely summarise others are dropped,
 * and duplicates are reported once.
 */
import { ErrorObject } from 'ajv';
import { ManifestValidationError, withFile } from './validationErrors';

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

export function toValidationErrors(
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
