/**
 * Reading an upstream answer field by field, before any rule sees it: each
 * reader checks the type the upstream API defines and says exactly what is
 * wrong, with the path of the field ("status.conditions is not a list (a
 * string)").
 */

/** What parsing an answer gave: the typed value, or what was wrong with it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Kubernetes counts (replicas, scheduled agents, nodes) above this are not believed. */
export const MAX_COUNT = 100_000;

/** Kubernetes object names are DNS subdomains: at most 253 characters. */
const MAX_NAME_LENGTH = 253;

/**
 * Thrown inside a parser only and caught at its edge: a field that is not
 * what the upstream API defines. Parsers never let it (or anything) escape.
 */
export class ShapeError extends Error {}

/** Upstream text echoed in a reason is cut short: a broken answer can be megabytes. */
export function clip(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** What a value is, for a reason ("a string", "a list", "null"); never its (possibly huge or deep) content. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return `a ${typeof value}`;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a NodeList", "an ApplicationList". */
export function withArticle(noun: string): string {
  return `${/^[AEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** The error message of anything thrown, for a reason (errors from another realm included). */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return clip(
    typeof message === 'string' ? message : String(error ?? 'unknown error'),
    300,
  );
}

/**
 * One JSON object being read, with its path for messages. Required readers
 * throw a {@link ShapeError} when the field is missing or of another type;
 * optional ones return undefined for a missing field (absent or null, as Go
 * encodes an empty pointer) and still throw for a wrong type.
 */
export class Fields {
  private constructor(
    private readonly record: Record<string, unknown>,
    readonly path: string,
  ) {}

  /** Reads `value` as an object; `path` names it in messages ("" for the answer itself). */
  static of(value: unknown, path: string): Fields {
    if (!isRecord(value)) {
      throw new ShapeError(
        `${path ? `${path} ` : ''}is not an object (${describeValue(value)})`,
      );
    }
    return new Fields(value, path);
  }

  /** The raw value of a field, unchecked: for callers that check it themselves. */
  raw(key: string): unknown {
    return this.record[key];
  }

  has(key: string): boolean {
    const value = this.record[key];
    return value !== undefined && value !== null;
  }

  private fail(key: string, problem: string): never {
    throw new ShapeError(`${join(this.path, key)} ${problem}`);
  }

  private present(key: string): unknown {
    const value = this.record[key];
    if (value === undefined || value === null) this.fail(key, 'is missing');
    return value;
  }

  object(key: string): Fields {
    return Fields.of(this.present(key), join(this.path, key));
  }

  optionalObject(key: string): Fields | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }

  string(key: string): string {
    const value = this.present(key);
    if (typeof value !== 'string') {
      this.fail(key, `is not a string (${describeValue(value)})`);
    }
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  /** A Kubernetes object name: a non-empty string of at most 253 characters. */
  name(key: string): string {
    const value = this.string(key);
    if (!value) this.fail(key, 'is empty');
    if (value.length > MAX_NAME_LENGTH) {
      this.fail(key, `is longer than ${MAX_NAME_LENGTH} characters`);
    }
    return value;
  }

  optionalName(key: string): string | undefined {
    return this.has(key) ? this.name(key) : undefined;
  }

  /** A string out of a closed set the upstream API defines (enums). */
  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const value = this.string(key);
    if (!(values as readonly string[]).includes(value)) {
      this.fail(
        key,
        `is "${clip(value, 60)}", not one of ${values.join(', ')}`,
      );
    }
    return value as T;
  }

  optionalOneOf<T extends string>(
    key: string,
    values: readonly T[],
  ): T | undefined {
    return this.has(key) ? this.oneOf(key, values) : undefined;
  }

  boolean(key: string): boolean {
    const value = this.present(key);
    if (typeof value !== 'boolean') {
      this.fail(key, `is not a boolean (${describeValue(value)})`);
    }
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    return this.has(key) ? this.boolean(key) : undefined;
  }

  private number(key: string): number {
    const value = this.present(key);
    if (typeof value !== 'number') {
      this.fail(key, `is not a number (${describeValue(value)})`);
    }
    // JSON.parse turns 1e400 into Infinity
    if (!Number.isFinite(value)) this.fail(key, 'is not a finite number');
    return value;
  }

  /** A count: a whole number from 0 to `max` (default {@link MAX_COUNT}). */
  count(key: string, max = MAX_COUNT): number {
    const value = this.number(key);
    if (!Number.isInteger(value))
      this.fail(key, `is ${value}, not a whole number`);
    if (value < 0) this.fail(key, `is ${value}, below 0`);
    if (value > max) this.fail(key, `is ${value}, above ${max}`);
    return value;
  }

  optionalCount(key: string, max = MAX_COUNT): number | undefined {
    return this.has(key) ? this.count(key, max) : undefined;
  }

  /** An amount (bytes, a rate): a finite number of at least 0. */
  amount(key: string): number {
    const value = this.number(key);
    if (value < 0) this.fail(key, `is ${value}, below 0`);
    return value;
  }

  optionalAmount(key: string): number | undefined {
    return this.has(key) ? this.amount(key) : undefined;
  }

  /** A timestamp string that parses as a date (RFC 3339, as Kubernetes writes them). */
  time(key: string): string {
    const value = this.string(key);
    if (!Number.isFinite(Date.parse(value))) {
      this.fail(key, `is "${clip(value, 60)}", not a time`);
    }
    return value;
  }

  optionalTime(key: string): string | undefined {
    return this.has(key) ? this.time(key) : undefined;
  }

  /** A list of objects; absent (or null, Go's empty slice) reads as empty. */
  optionalObjectList(key: string): Fields[] {
    if (!this.has(key)) return [];
    const value = this.record[key];
    if (!Array.isArray(value)) {
      this.fail(key, `is not a list (${describeValue(value)})`);
    }
    return value.map((item, index) =>
      Fields.of(item, join(join(this.path, key), index)),
    );
  }

  /** A map of strings (labels); absent reads as empty. */
  optionalStringMap(key: string): Record<string, string> {
    const map = this.optionalObject(key);
    if (!map) return {};
    const result: Record<string, string> = {};
    for (const entry of map.keys()) result[entry] = map.string(entry);
    return result;
  }

  keys(): string[] {
    return Object.keys(this.record);
  }
}

/** A Kubernetes condition; parsed, its `status` is True, False or Unknown. */
export interface KubernetesCondition {
  type: string;
  status: string;
}

export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;

/**
 * A condition as `metav1.Condition` writes it: besides type and status, the
 * machine-readable `reason`, the human `message` and the generation it was
 * set for.
 */
export interface DetailedCondition extends KubernetesCondition {
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

/** Generations count every spec change: whole numbers from 0 up, as large as JSON can carry exactly. */
export const MAX_GENERATION = Number.MAX_SAFE_INTEGER;

/** A condition list, each read by `read`, each type once. */
function readConditionList<T extends KubernetesCondition>(
  parent: Fields,
  key: string,
  read: (condition: Fields) => T,
): T[] {
  const conditions = parent.optionalObjectList(key).map(read);
  const seen = new Set<string>();
  for (const { type } of conditions) {
    if (seen.has(type)) {
      throw new ShapeError(
        `${join(parent.path, key)} lists the ${clip(
          type,
          60,
        )} condition more than once`,
      );
    }
    seen.add(type);
  }
  return conditions;
}

/** Kubernetes conditions: a list of objects with a string `type` (each type once) and a `status` of True, False or Unknown. */
export function readConditions(
  parent: Fields,
  key = 'conditions',
): KubernetesCondition[] {
  return readConditionList(parent, key, condition => ({
    type: condition.string('type'),
    status: condition.oneOf('status', CONDITION_STATUSES),
  }));
}

/**
 * Conditions with their detail, as {@link readConditions} reads them plus a
 * string `reason` and `message` and a whole `observedGeneration` where
 * present (left out when absent).
 */
export function readDetailedConditions(
  parent: Fields,
  key = 'conditions',
): DetailedCondition[] {
  return readConditionList(parent, key, condition => {
    const type = condition.string('type');
    if (!type) throw new ShapeError(`${condition.path}.type is empty`);
    const reason = condition.optionalString('reason');
    const message = condition.optionalString('message');
    const observedGeneration = condition.optionalCount(
      'observedGeneration',
      MAX_GENERATION,
    );
    return {
      type,
      status: condition.oneOf('status', CONDITION_STATUSES),
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
      ...(observedGeneration !== undefined ? { observedGeneration } : {}),
    };
  });
}
