import { SourceKey } from './collectorSources';
import { JSON_MUTATIONS } from './fieldMutations';
import {
  AnswerContext,
  bodyOf,
  Family,
  familyOf,
  fuzzAnswer,
  FuzzAnswer,
  MutationKind,
  wellFormed,
} from './fuzzAnswer';
import { serializeJson, shown, wrongTyped } from './jsonMutations';
import { readyzAnswer } from './readyzMutations';
import { SeededRandom } from './seededRandom';
import {
  errorAnswer,
  hugeAnswer,
  notJsonAnswer,
  slowAnswer,
  staleAnswer,
  truncatedAnswer,
  wrongKindAnswer,
} from './wholeAnswers';

export type {
  AnswerContext,
  Delivery,
  Expectation,
  FuzzAnswer,
  MutationKind,
} from './fuzzAnswer';
export { MUTATION_KINDS } from './fuzzAnswer';

/**
 * The generator: for one source and one mutation kind, an answer the fuzz
 * server sends. Every kind but `valid` and `stale` is garbage by the
 * upstream API's contract (or never completes within the source timeout),
 * so no check of that source may come out `ok`.
 */

/** How often each kind is drawn, per family; about a third of answers are well-formed. */
const WEIGHTS: Record<Family, Partial<Record<MutationKind, number>>> = {
  kubernetes: {
    valid: 32,
    'wrong-type': 14,
    'missing-field': 7,
    'bad-number': 7,
    'deep-nesting': 3,
    'huge-body': 0.6,
    'invalid-utf8': 6,
    'status-200': 3,
    'status-error': 5,
    truncated: 5,
    'not-json': 3,
    'wrong-kind': 5,
    drip: 1.5,
    hang: 1,
  },
  readyz: {
    valid: 32,
    'wrong-type': 5,
    'missing-field': 6,
    contradiction: 6,
    'deep-nesting': 2,
    'huge-body': 0.6,
    'invalid-utf8': 6,
    'status-200': 3,
    'status-error': 5,
    truncated: 5,
    'not-json': 4,
    'wrong-kind': 4,
    drip: 1.5,
    hang: 1,
  },
  prometheus: {
    valid: 32,
    'wrong-type': 12,
    'missing-field': 7,
    'bad-number': 9,
    'deep-nesting': 3,
    'huge-body': 0.6,
    'invalid-utf8': 6,
    'status-200': 4,
    'status-error': 5,
    truncated: 5,
    'not-json': 3,
    'wrong-kind': 5,
    drip: 1.5,
    hang: 1,
  },
};

/** The kinds a source can get, with their weights (`stale` only where the answer carries its own time: Rook's CephCluster). */
export function mutationWeights(
  source: SourceKey,
): Partial<Record<MutationKind, number>> {
  const weights = { ...WEIGHTS[familyOf(source)] };
  if (source === 'ceph') weights.stale = 4;
  return weights;
}

/**
 * The answer `source` gets for `mutation`. Deterministic in `random`
 * (a stream of its own per collection and source) except for times taken
 * from `context.now`.
 */
export function renderAnswer(
  source: SourceKey,
  mutation: MutationKind,
  random: SeededRandom,
  context: AnswerContext,
): FuzzAnswer {
  const family = familyOf(source);
  switch (mutation) {
    case 'valid': {
      const base = wellFormed(source, random, context);
      return fuzzAnswer(
        source,
        'valid',
        base.healthy ? 'well-formed, healthy' : 'well-formed, degraded',
        bodyOf(base),
        {
          status: base.status,
          contentType: base.contentType,
          expectation: 'valid',
        },
      );
    }
    case 'stale':
      return staleAnswer(random, context);
    case 'status-200':
    case 'status-error':
      return errorAnswer(source, mutation, random, context);
    case 'truncated':
      return truncatedAnswer(
        source,
        wellFormed(source, random, context),
        random,
      );
    case 'drip':
    case 'hang':
      return slowAnswer(
        source,
        mutation,
        wellFormed(source, random, context),
        random,
        context,
      );
    case 'not-json':
      return notJsonAnswer(source, random);
    case 'wrong-kind':
      return wrongKindAnswer(source, random, context);
    case 'huge-body':
      return hugeAnswer(source, random);
    default:
      break;
  }
  if (family === 'readyz') {
    const text = readyzAnswer(mutation, random);
    if (text) return text;
    return notJsonAnswer(source, random);
  }
  const base = wellFormed(source, random, context);
  const holder = { root: base.body };
  const mutate = JSON_MUTATIONS[mutation];
  const detail = mutate?.(holder, source, random);
  if (detail === undefined) {
    // nothing of that kind to break in this answer: break its type at the top
    const value = wrongTyped(
      { path: '', type: 'object', required: true },
      holder.root,
      random,
    );
    return fuzzAnswer(
      source,
      mutation,
      `(the answer) -> ${shown(value)}`,
      serializeJson(value),
    );
  }
  return fuzzAnswer(source, mutation, detail, serializeJson(holder.root));
}
