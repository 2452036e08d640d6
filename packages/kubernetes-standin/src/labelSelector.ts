/** One parsed requirement of a label selector. */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] };

/** Thrown for a selector a real API server would reject (answered with 400). */
export class LabelSelectorError extends Error {}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const KEY_RE = new RegExp(`^${KEY}$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim());
}

function checkKey(key: string, requirement: string) {
  if (!KEY_RE.test(key)) {
    throw new LabelSelectorError(
      `unable to parse requirement: invalid label key "${key}" in "${requirement}"`,
    );
  }
}

function checkValue(value: string, requirement: string) {
  if (!VALUE_RE.test(value) || value.length > 63) {
    throw new LabelSelectorError(
      `unable to parse requirement: invalid label value "${value}" in "${requirement}"`,
    );
  }
}

/**
 * Parses a Kubernetes label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`, joined by commas (all must hold).
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  return splitTopLevel(selector).map(part => {
    if (part === '') {
      throw new LabelSelectorError(
        `unable to parse requirement: empty requirement in "${selector}"`,
      );
    }
    const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
    if (set) {
      checkKey(set[1], part);
      const values = set[3].split(',').map(v => v.trim());
      if (values.length === 1 && values[0] === '') {
        throw new LabelSelectorError(
          `unable to parse requirement: for 'in', 'notin' operators, values set can't be empty`,
        );
      }
      values.forEach(v => checkValue(v, part));
      return { key: set[1], op: set[2] as 'in' | 'notin', values };
    }
    const equality = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(part);
    if (equality) {
      checkKey(equality[1], part);
      checkValue(equality[3], part);
      return {
        key: equality[1],
        op: equality[2] === '!=' ? 'neq' : 'eq',
        value: equality[3],
      };
    }
    const not = /^!\s*(\S+)$/.exec(part);
    if (not) {
      checkKey(not[1], part);
      return { key: not[1], op: 'notexists' };
    }
    checkKey(part, part);
    return { key: part, op: 'exists' };
  });
}

/** Whether `labels` satisfy every requirement (Kubernetes semantics: `!=` and `notin` match a missing label). */
export function matchesLabelSelector(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const all = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(all, r.key);
    const value = all[r.key];
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'eq':
        return has && value === r.value;
      case 'neq':
        return !has || value !== r.value;
      case 'in':
        return has && r.values.includes(value);
      case 'notin':
        return !has || !r.values.includes(value);
      default:
        return false;
    }
  });
}
