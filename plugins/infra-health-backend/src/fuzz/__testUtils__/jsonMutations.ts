import { FieldSpec } from './collectorSources';
import { SeededRandom } from './seededRandom';

/**
 * Bytes written into a JSON answer as they are, where `JSON.stringify`
 * cannot go: `1e400`, nesting thousands deep, bytes that are not UTF-8.
 */
export class RawJson {
  constructor(readonly bytes: Buffer, readonly label: string) {}

  static text(text: string, label = text): RawJson {
    return new RawJson(Buffer.from(text, 'utf8'), label);
  }
}

const RAW_TOKEN = /"@@fuzz-raw:(\d+)@@"/g;

/** A JSON value to the bytes of an answer, with every {@link RawJson} spliced in. */
export function serializeJson(value: unknown): Buffer {
  const raws: RawJson[] = [];
  const text = JSON.stringify(value, (_key, v) =>
    v instanceof RawJson ? `@@fuzz-raw:${raws.push(v) - 1}@@` : v,
  );
  if (!raws.length) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(RAW_TOKEN)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'));
    parts.push(raws[Number(match[1])].bytes);
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** One place a field spec names in an answer: present, or an optional field its parent could carry. */
export interface FieldLocation {
  spec: FieldSpec;
  /** The concrete path, e.g. `items[2].status.conditions[0].status`. */
  path: string;
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  value: unknown;
  present: boolean;
}

type Step =
  | { kind: 'key'; key: string }
  | { kind: 'each' }
  | { kind: 'entries' };

function stepsOf(pattern: string): Step[] {
  if (pattern === '') return [];
  return pattern.split('.').flatMap(token => {
    const wildcard = /(\[\*\]|\{\*\})$/.exec(token);
    const key = wildcard ? token.slice(0, -3) : token;
    const steps: Step[] = key ? [{ kind: 'key', key }] : [];
    if (wildcard)
      steps.push({ kind: wildcard[1] === '[*]' ? 'each' : 'entries' });
    return steps;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * Every place `spec` names in `holder.root`: present fields, and (for an
 * optional field whose parent object is there) the absent field, which a
 * mutation can add with a wrong type.
 */
export function locate(
  holder: { root: unknown },
  spec: FieldSpec,
): FieldLocation[] {
  let current: FieldLocation[] = [
    {
      spec,
      path: '',
      parent: holder as Record<string, unknown>,
      key: 'root',
      value: holder.root,
      present: true,
    },
  ];
  const steps = stepsOf(spec.path);
  steps.forEach((step, index) => {
    const last = index === steps.length - 1;
    const next: FieldLocation[] = [];
    for (const location of current) {
      if (!location.present) continue;
      const value = location.value;
      if (step.kind === 'each') {
        if (!Array.isArray(value)) continue;
        value.forEach((item, i) =>
          next.push({
            spec,
            path: join(location.path, i),
            parent: value,
            key: i,
            value: item,
            present: true,
          }),
        );
      } else if (step.kind === 'entries') {
        if (!isRecord(value)) continue;
        for (const [key, item] of Object.entries(value)) {
          next.push({
            spec,
            path: join(location.path, key),
            parent: value,
            key,
            value: item,
            present: true,
          });
        }
      } else if (Array.isArray(value) && /^\d+$/.test(step.key)) {
        const i = Number(step.key);
        if (i < value.length)
          next.push({
            spec,
            path: join(location.path, i),
            parent: value,
            key: i,
            value: value[i],
            present: true,
          });
      } else if (isRecord(value)) {
        const present =
          value[step.key] !== undefined && value[step.key] !== null;
        if (present || (last && !spec.required)) {
          next.push({
            spec,
            path: join(location.path, step.key),
            parent: value,
            key: step.key,
            value: value[step.key],
            present,
          });
        }
      }
    }
    current = next;
  });
  return current;
}

/** Every location of every spec, present ones only unless `withAbsent`. */
export function locateAll(
  holder: { root: unknown },
  specs: FieldSpec[],
  withAbsent = false,
): FieldLocation[] {
  return specs.flatMap(spec =>
    locate(holder, spec).filter(l => l.present || withAbsent),
  );
}

export function setAt(location: FieldLocation, value: unknown): void {
  (location.parent as Record<string | number, unknown>)[location.key] = value;
}

/** Describes a replacement for a mutation's detail, never the (possibly huge) value itself. */
export function shown(value: unknown): string {
  if (value instanceof RawJson) return value.label;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A value of another JSON type than `spec` defines (or a value its type never takes). */
export function wrongTyped(
  spec: FieldSpec,
  current: unknown,
  random: SeededRandom,
): unknown {
  const scalarsNotString = [42, true, [], {}, ['x']];
  const candidates: unknown[] = (() => {
    switch (spec.type) {
      case 'object':
        return [[], [current ?? {}], '{}', 0, true];
      case 'list':
        return [
          {},
          { 0: Array.isArray(current) ? current[0] ?? {} : {} },
          'True',
          1,
          false,
        ];
      case 'string':
        return scalarsNotString;
      case 'name':
        return [...scalarsNotString, '', 'n'.repeat(254)];
      case 'time':
        return [...scalarsNotString, 'not a time', 'yesterday', ''];
      case 'enum': {
        const values = spec.values ?? [];
        const near =
          typeof current === 'string'
            ? [current.toLowerCase(), ` ${current}`, `${current}s`]
            : [];
        return [
          ...scalarsNotString,
          ...near.filter(v => !values.includes(v)),
          'Fine',
        ];
      }
      case 'boolean':
        return ['true', 'false', 1, 0, [], {}];
      case 'count':
        return ['3', true, [], {}, '0'];
      case 'amount':
        return ['1024', true, [], {}];
      case 'timestamp':
        return ['1795255200.123', true, [], {}];
      case 'sample':
        return [1, 0, true, [], {}];
      default:
        return [Symbol.for('unreachable')];
    }
  })();
  // null is "missing": garbage only where the field is required
  if (spec.required && spec.path !== '') candidates.push(null);
  return random.pick(candidates);
}

/** `[[[...]]]` or `{"a":{"a":...}}`, `depth` deep: never of the type a list (or anything else) expects. */
export function deeplyNested(spec: FieldSpec, depth: number): RawJson {
  return spec.type === 'list'
    ? RawJson.text(
        `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`,
        `an object nested ${depth} deep`,
      )
    : RawJson.text(
        `${'['.repeat(depth)}${']'.repeat(depth)}`,
        `a list nested ${depth} deep`,
      );
}

/** Bytes UTF-8 never uses, a lone continuation byte, a truncated sequence. */
export const INVALID_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xfe, 0xfd]),
  Buffer.from([0x80]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate, encoded
];

/** A JSON string with `bytes` in its middle: still JSON to a lossy decoder, garbage to anything else. */
export function stringWithBytes(text: string, bytes: Buffer): RawJson {
  const middle = Math.floor(text.length / 2);
  const quoted = JSON.stringify(text);
  const head = JSON.stringify(text.slice(0, middle)).slice(0, -1);
  const tail = JSON.stringify(text.slice(middle)).slice(1);
  return new RawJson(
    Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)]),
    `${quoted} with bytes ${[...bytes]
      .map(b => `\\x${b.toString(16)}`)
      .join('')} in it`,
  );
}

/** The first bytes of an answer, readable: bytes outside printable ASCII as `\xNN`. */
export function previewBody(body: Buffer, max = 300): string {
  let text = '';
  for (const byte of body.subarray(0, max)) {
    text +=
      byte >= 0x20 && byte < 0x7f
        ? String.fromCharCode(byte)
        : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return body.length > max ? `${text}... (${body.length} bytes)` : text;
}
