import { clip, describeValue, isRecord, Parsed } from './shape';

/** One sample of an instant vector, as Prometheus answers it. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * What a series' value may be: `count` a whole number of at least 0,
 * `amount` a finite number of at least 0 (bytes, rates), or the list of
 * values it can take (0/1 flags, Ceph's 0/1/2 health levels).
 */
export type MetricValueDomain = 'count' | 'amount' | readonly number[];

/** The value domain of a metric and the labels its rule reads. */
export interface MetricShape {
  value: MetricValueDomain;
  labels?: readonly string[];
}

export interface MetricShapes {
  /** Shapes by metric name (`__name__`). */
  byName?: Partial<Record<string, MetricShape>>;
  /** The shape of every sample, e.g. of an aggregation that drops `__name__`. */
  every?: MetricShape;
}

/** Prometheus writes sample values as Go floats: decimal, exponent, NaN, +Inf, -Inf. */
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^NaN$|^[+-]Inf$/;

function seriesName(name: string, labels: Record<string, string>): string {
  const inner = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
  return clip(`${name}${inner ? `{${inner}}` : ''}`, 120);
}

function outsideDomain(
  value: number,
  domain: MetricValueDomain,
): string | undefined {
  if (domain === 'count') {
    if (!Number.isInteger(value) || value < 0)
      return 'not a whole number of at least 0';
    return undefined;
  }
  if (domain === 'amount') return value < 0 ? 'below 0' : undefined;
  return domain.includes(value) ? undefined : `not one of ${domain.join(', ')}`;
}

/** Reads one element of `data.result`; a string is what is wrong with it. */
function readSample(
  element: unknown,
  index: number,
  shapes: MetricShapes,
): MetricSample | string {
  const at = `result[${index}]`;
  if (!isRecord(element))
    return `${at} is not an object (${describeValue(element)})`;
  // Prometheus always sends a series' labels, if only `{}`
  const metric = element.metric;
  if (!isRecord(metric))
    return `${at}.metric is not an object (${describeValue(metric)})`;
  const labels: Record<string, string> = {};
  let name = '';
  for (const [key, value] of Object.entries(metric)) {
    if (typeof value !== 'string') {
      return `${at}.metric.${clip(key, 60)} is not a string (${describeValue(
        value,
      )})`;
    }
    if (key === '__name__') name = value;
    else labels[key] = value;
  }
  const series = seriesName(name, labels);
  const pair = element.value;
  if (
    !Array.isArray(pair) ||
    pair.length !== 2 ||
    typeof pair[0] !== 'number' ||
    !Number.isFinite(pair[0]) ||
    typeof pair[1] !== 'string'
  ) {
    return `series ${series}: value is not a [time, "value"] pair`;
  }
  if (!FLOAT.test(pair[1])) {
    return `series ${series}: value "${clip(pair[1], 40)}" is not a number`;
  }
  const value = Number(pair[1]);
  if (!Number.isFinite(value)) {
    return `series ${series}: value ${pair[1]} is not a finite number`;
  }
  // a query by metric names answers series of those names; any other series is not what was asked
  if (shapes.byName && !shapes.every && !(name in shapes.byName)) {
    return `series ${series}: ${
      name ? 'not one of the metrics asked for' : 'has no metric name'
    }`;
  }
  const shape = shapes.byName?.[name] ?? shapes.every;
  if (shape) {
    const problem = outsideDomain(value, shape.value);
    if (problem) return `series ${series}: value ${value} is ${problem}`;
    const missing = (shape.labels ?? []).filter(label => !(label in labels));
    if (missing.length) {
      return `series ${series}: no ${missing.join(', ')} label`;
    }
  }
  return { name, labels, value };
}

/**
 * Parses a Prometheus `/api/v1/query` answer that must be an instant
 * vector: `{status: 'success', data: {resultType: 'vector', result: [...]}}`
 * where each element has a `metric` of string labels and a `value` pair of
 * a time and a number written as a string. Values must be finite and, for
 * the metrics `shapes` names, inside their domain with the labels their rule
 * reads. One bad series fails the whole answer, named: a rule cannot tell
 * what the missing series would have said. Never throws.
 */
export function parsePrometheusVector(
  body: unknown,
  shapes: MetricShapes = {},
): Parsed<MetricSample[]> {
  const fail = (reason: string): Parsed<MetricSample[]> => ({
    ok: false,
    reason,
  });
  if (!isRecord(body)) {
    return fail(`the answer is not a query result (${describeValue(body)})`);
  }
  if (body.status !== 'success') {
    return fail(
      body.status === 'error'
        ? `error${
            typeof body.errorType === 'string'
              ? ` ${clip(body.errorType, 60)}`
              : ''
          }: ${
            typeof body.error === 'string'
              ? clip(body.error, 200)
              : 'no message'
          }`
        : `the answer's status is ${
            typeof body.status === 'string'
              ? `"${clip(body.status, 40)}"`
              : describeValue(body.status)
          }, not "success"`,
    );
  }
  const data = body.data;
  if (!isRecord(data)) {
    return fail(`the answer has no data object (${describeValue(data)})`);
  }
  if (data.resultType !== 'vector') {
    return fail(
      typeof data.resultType === 'string'
        ? `the result is a ${clip(
            data.resultType,
            40,
          )} where a vector was expected`
        : `the result type is ${describeValue(
            data.resultType,
          )} where "vector" was expected`,
    );
  }
  if (!Array.isArray(data.result)) {
    return fail(`the vector is not a list (${describeValue(data.result)})`);
  }
  const samples: MetricSample[] = [];
  for (const [index, element] of data.result.entries()) {
    const sample = readSample(element, index, shapes);
    if (typeof sample === 'string') return fail(sample);
    samples.push(sample);
  }
  return { ok: true, value: samples };
}
