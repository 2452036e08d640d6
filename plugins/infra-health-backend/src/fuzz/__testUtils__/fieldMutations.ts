import {
  deeplyNested,
  FieldLocation,
  INVALID_UTF8,
  locateAll,
  RawJson,
  setAt,
  shown,
  stringWithBytes,
  wrongTyped,
} from './jsonMutations';
import { PrometheusSource, SourceKey } from './collectorSources';
import { fieldsOf, familyOf, MutationKind, shapeOfSeries } from './fuzzAnswer';
import { SeededRandom } from './seededRandom';

/**
 * Mutations of one field a parser reads, in an otherwise well-formed JSON
 * answer: a wrong type, a required field gone, a number out of range, deep
 * nesting, bytes that are not UTF-8. Each returns what it did, or
 * undefined when the answer has no field of that kind.
 */

const COUNT_BREAKERS: unknown[] = [
  0.5,
  -1,
  18446744073709552000,
  RawJson.text('1e400'),
  100001,
  RawJson.text('-1e400'),
  2.5,
];
const AMOUNT_BREAKERS: unknown[] = [
  -1,
  -0.5,
  RawJson.text('1e400'),
  RawJson.text('-1e400'),
];
/** Numbers where the field is not a number at all. */
const NUMBER_FOR_OTHER: unknown[] = [
  RawJson.text('1e400'),
  0.5,
  18446744073709552000,
  -1,
];

/** Sample values outside what a series may hold (values parse as numbers in Prometheus' own syntax where noted). */
function sampleBreakers(domain: unknown): string[] {
  const always = [
    '1e400',
    '-1e400',
    'NaN',
    '+Inf',
    '-Inf',
    '',
    '0x1',
    ' 1',
    'one',
  ];
  if (domain === 'count') return [...always, '0.5', '-1', '2.5', '-3'];
  if (domain === 'amount') return [...always, '-1', '-0.5'];
  if (Array.isArray(domain))
    return [...always, '0.5', '-1', '3', '18446744073709552000'];
  return always;
}

type JsonMutation = (
  holder: { root: unknown },
  source: SourceKey,
  random: SeededRandom,
) => string | undefined;

function pickLocation(
  random: SeededRandom,
  locations: FieldLocation[],
): FieldLocation | undefined {
  return locations.length ? random.pick(locations) : undefined;
}

const mutateWrongType: JsonMutation = (holder, source, random) => {
  const location = pickLocation(
    random,
    locateAll(holder, fieldsOf(source), true),
  );
  if (!location) return undefined;
  const value = wrongTyped(location.spec, location.value, random);
  setAt(location, value);
  return `${location.path || '(the answer)'}: ${
    location.present ? shown(location.value) : 'absent'
  } -> ${shown(value)}`;
};

const mutateMissingField: JsonMutation = (holder, source, random) => {
  const locations = locateAll(
    holder,
    fieldsOf(source).filter(s => s.required && s.path !== ''),
  );
  // a series of a named family without a label its rule reads
  if (familyOf(source) === 'prometheus') {
    const result = (holder.root as any)?.data?.result;
    (Array.isArray(result) ? result : []).forEach((series, index) => {
      for (const label of shapeOfSeries(source as PrometheusSource, series)
        ?.labels ?? []) {
        if (series?.metric?.[label] !== undefined) {
          locations.push({
            spec: { path: 'label', type: 'string', required: true },
            path: `data.result[${index}].metric.${label}`,
            parent: series.metric,
            key: label,
            value: series.metric[label],
            present: true,
          });
        }
      }
    });
  }
  const location = pickLocation(random, locations);
  if (!location) return undefined;
  const pairElement = /value\.[01]$/.test(location.spec.path);
  if (Array.isArray(location.parent) && pairElement) {
    // a value pair one short
    location.parent.splice(location.key as number, 1);
  } else if (
    Array.isArray(location.parent) ||
    location.spec.path.endsWith('{*}')
  ) {
    // an element or map entry gone would only shorten the list or map: null is what is missing there
    setAt(location, null);
  } else {
    delete (location.parent as Record<string, unknown>)[location.key as string];
  }
  return `${location.path}: removed (was ${shown(location.value)})`;
};

const mutateBadNumber: JsonMutation = (holder, source, random) => {
  const all = locateAll(holder, fieldsOf(source), true);
  const numeric = all.filter(l =>
    ['count', 'amount', 'sample', 'timestamp'].includes(l.spec.type),
  );
  const location = pickLocation(
    random,
    numeric.length && random.chance(0.8) ? numeric : all,
  );
  if (!location) return undefined;
  let value: unknown;
  switch (location.spec.type) {
    case 'count':
      value = random.pick(COUNT_BREAKERS);
      break;
    case 'amount':
      value = random.pick(AMOUNT_BREAKERS);
      break;
    case 'timestamp':
      value = random.pick([RawJson.text('1e400'), RawJson.text('-1e400')]);
      break;
    case 'sample': {
      const series = (holder.root as any).data.result[
        Number(/result\[(\d+)\]/.exec(location.path)?.[1])
      ];
      value = random.pick(
        sampleBreakers(
          shapeOfSeries(source as PrometheusSource, series)?.value,
        ),
      );
      break;
    }
    default:
      value = random.pick(NUMBER_FOR_OTHER);
  }
  setAt(location, value);
  return `${location.path || '(the answer)'}: ${
    location.present ? shown(location.value) : 'absent'
  } -> ${shown(value)}`;
};

const mutateDeepNesting: JsonMutation = (holder, source, random) => {
  const location = pickLocation(random, locateAll(holder, fieldsOf(source)));
  if (!location) return undefined;
  const value = deeplyNested(location.spec, random.int(2_000, 20_000));
  setAt(location, value);
  return `${location.path || '(the answer)'}: -> ${value.label}`;
};

const mutateInvalidUtf8: JsonMutation = (holder, source, random) => {
  const locations = locateAll(holder, fieldsOf(source));
  const strings = locations.filter(l => typeof l.value === 'string');
  const bytes = random.pick(INVALID_UTF8);
  // inside a string the rule reads (a lossy decoder still sees JSON), or where a token belongs
  const inString = strings.length > 0 && random.chance(0.7);
  const location = pickLocation(random, inString ? strings : locations);
  if (!location) return undefined;
  const value = inString
    ? stringWithBytes(location.value as string, bytes)
    : new RawJson(
        bytes,
        `bytes ${[...bytes].map(b => `\\x${b.toString(16)}`).join('')}`,
      );
  setAt(location, value);
  return `${location.path || '(the answer)'}: -> ${value.label}`;
};

export const JSON_MUTATIONS: Partial<Record<MutationKind, JsonMutation>> = {
  'wrong-type': mutateWrongType,
  'missing-field': mutateMissingField,
  'bad-number': mutateBadNumber,
  'deep-nesting': mutateDeepNesting,
  'invalid-utf8': mutateInvalidUtf8,
};
