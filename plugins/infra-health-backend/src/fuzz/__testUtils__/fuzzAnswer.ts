import { MetricShapes } from '@proficientnow/backstage-plugin-infra-health-common';
import {
  FieldSpec,
  KUBERNETES_FIELDS,
  KubernetesSource,
  PROMETHEUS_QUERIES,
  prometheusFields,
  PrometheusSource,
  SourceKey,
} from './collectorSources';
import { serializeJson } from './jsonMutations';
import { SeededRandom } from './seededRandom';
import {
  wellFormedKubernetesAnswer,
  wellFormedPrometheusAnswer,
  WellFormedAnswer,
} from './wellFormedAnswers';

/** What the fuzz server answers a request with, and the kinds of mutation there are. */

export const MUTATION_KINDS = [
  'valid',
  'stale',
  'wrong-type',
  'missing-field',
  'bad-number',
  'deep-nesting',
  'huge-body',
  'invalid-utf8',
  'status-200',
  'status-error',
  'truncated',
  'not-json',
  'wrong-kind',
  'contradiction',
  'drip',
  'hang',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** What an answer may lead to: `valid` may be ok; `garbage` never; `stale` is not ok once staleness applies. */
export type Expectation = 'valid' | 'garbage' | 'stale';

export type Delivery =
  | { kind: 'whole' }
  /** The body in `chunks` pieces, one every `intervalMs`: it would end well after the source timeout. */
  | { kind: 'drip'; chunks: number; intervalMs: number }
  /** Never finishes: before the headers, or after them and a first piece. */
  | { kind: 'hang'; afterHeaders: boolean }
  /** The whole length announced, half sent, the connection closed. */
  | { kind: 'closed' };

export interface FuzzAnswer {
  source: SourceKey;
  mutation: MutationKind;
  expectation: Expectation;
  /** What was done, e.g. `items[1].status.conditions[0].status: "True" -> 42`. */
  detail: string;
  status: number;
  contentType: string;
  body: Buffer;
  delivery: Delivery;
}

/** Everything an answer may depend on besides its random stream. */
export interface AnswerContext {
  now: Date;
  timeoutMs: number;
  /** The request's Authorization header, for a server that echoes it in an error. */
  authorization?: string;
}

export type Family = 'kubernetes' | 'readyz' | 'prometheus';

export function familyOf(source: SourceKey): Family {
  if (source === 'readyz') return 'readyz';
  return source in PROMETHEUS_QUERIES ? 'prometheus' : 'kubernetes';
}

export const JSON_TYPE = 'application/json';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

/** An answer delivered whole with 200 and garbage unless `options` say otherwise. */
export function fuzzAnswer(
  source: SourceKey,
  mutation: MutationKind,
  detail: string,
  body: Buffer | string,
  options: Partial<
    Pick<FuzzAnswer, 'status' | 'contentType' | 'delivery' | 'expectation'>
  > = {},
): FuzzAnswer {
  return {
    source,
    mutation,
    expectation: options.expectation ?? 'garbage',
    detail,
    status: options.status ?? 200,
    contentType: options.contentType ?? JSON_TYPE,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    delivery: options.delivery ?? { kind: 'whole' },
  };
}

/** A well-formed answer of any source (see `wellFormedAnswers.ts`). */
export function wellFormed(
  source: SourceKey,
  random: SeededRandom,
  context: AnswerContext,
): WellFormedAnswer {
  return familyOf(source) === 'prometheus'
    ? wellFormedPrometheusAnswer(source as PrometheusSource, random)
    : wellFormedKubernetesAnswer(
        source as KubernetesSource,
        random,
        context.now,
      );
}

export function bodyOf(answer: WellFormedAnswer): Buffer {
  return typeof answer.body === 'string'
    ? Buffer.from(answer.body, 'utf8')
    : serializeJson(answer.body);
}

/** The fields the parser of a JSON source reads. */
export function fieldsOf(source: SourceKey): FieldSpec[] {
  return familyOf(source) === 'prometheus'
    ? prometheusFields(source as PrometheusSource)
    : KUBERNETES_FIELDS[source as Exclude<KubernetesSource, 'readyz'>];
}

/** The shape a Prometheus series is checked against, as `parsePrometheusVector` picks it. */
export function shapeOfSeries(source: PrometheusSource, series: unknown) {
  const shapes: MetricShapes = PROMETHEUS_QUERIES[source].shapes;
  const name = (series as { metric?: { __name__?: unknown } })?.metric
    ?.__name__;
  return (
    (typeof name === 'string' ? shapes.byName?.[name] : undefined) ??
    shapes.every
  );
}
