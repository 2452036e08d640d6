import {
  HealthCheck,
  Parsed,
  Subsystem,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { ApiResult } from './KubernetesApi';

/** One source a collector reads: the check it feeds, and how a reason names it. */
export interface HealthSource {
  id: string;
  subsystem: Subsystem;
  /** How a reason names the source, e.g. "nodes" or "Argo CD Applications". */
  what: string;
  origin: 'kubernetes' | 'prometheus';
}

/** An answer that parsed, or the unknown check that says why it cannot be judged. */
export type Answer<T> =
  | { ok: true; value: T }
  | { ok: false; check: HealthCheck };

/** The message of anything thrown (errors from another realm included), cut short. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  const text =
    typeof message === 'string' ? message : String(error ?? 'unknown error');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** A source that did not answer, or answered an error: unknown, naming why, for that source only. */
export function unansweredCheck(
  source: HealthSource,
  result: ApiResult & { ok: false },
  observedAt: string,
): HealthCheck {
  const missing = result.status === 404;
  return {
    id: source.id,
    subsystem: source.subsystem,
    status: 'unknown',
    reason: missing
      ? `${source.what}: not available in this cluster (HTTP 404: the API or CRD is not installed)`
      : `${source.what}: ${result.reason}`,
    observedAt,
    details: {
      source: source.origin,
      api: source.what,
      ...(result.status ? { httpStatus: result.status } : {}),
      // refused, timed out, TLS: the server never answered (what marks a cluster unreachable)
      ...(result.status === undefined ? { noAnswer: true } : {}),
      ...(missing ? { notInstalled: true } : {}),
    },
  };
}

/** An answer that is not what the upstream API defines: unknown, saying exactly what was wrong. */
export function malformedCheck(
  source: HealthSource,
  reason: string,
  observedAt: string,
  httpStatus?: number,
): HealthCheck {
  return {
    id: source.id,
    subsystem: source.subsystem,
    status: 'unknown',
    reason: `${source.what}: ${reason}`,
    observedAt,
    details: {
      source: source.origin,
      api: source.what,
      malformed: true,
      ...(httpStatus ? { httpStatus } : {}),
    },
  };
}

/**
 * A rule (or a whole collector) that threw: unknown with the error as its
 * reason, saved in the same cycle so the previous verdict is never kept as
 * if it were current.
 */
export function failedCheck(
  source: HealthSource,
  stage: 'the rule' | 'the collection',
  error: unknown,
  observedAt: string,
): HealthCheck {
  return {
    id: source.id,
    subsystem: source.subsystem,
    status: 'unknown',
    reason: `${source.what}: ${stage} failed: ${messageOf(error)}`,
    observedAt,
    details: {
      source: source.origin,
      api: source.what,
      evaluationFailed: true,
      ...(stage === 'the collection' ? { collectionFailed: true } : {}),
    },
  };
}

/** Parses a Kubernetes API answer; a failed read or an answer that does not parse becomes its unknown check. */
export function readAnswer<T>(
  source: HealthSource,
  result: ApiResult,
  parse: (answer: ApiResult & { ok: true }) => Parsed<T>,
  observedAt: string,
): Answer<T> {
  if (!result.ok) {
    return { ok: false, check: unansweredCheck(source, result, observedAt) };
  }
  try {
    const parsed = parse(result);
    return parsed.ok
      ? parsed
      : {
          ok: false,
          check: malformedCheck(
            source,
            parsed.reason,
            observedAt,
            result.status,
          ),
        };
  } catch (error) {
    // parsers do not throw; if one ever does, that is a verdict too
    return {
      ok: false,
      check: failedCheck(source, 'the rule', error, observedAt),
    };
  }
}

/** Runs a rule; if it throws, its source's checks are one unknown check with the error. */
export function judge(
  source: HealthSource,
  observedAt: string,
  evaluate: () => HealthCheck[],
): HealthCheck[] {
  try {
    return evaluate();
  } catch (error) {
    return [failedCheck(source, 'the rule', error, observedAt)];
  }
}

/**
 * A source from answer to checks: parsed first (a failed read or an answer
 * that does not parse is its unknown check), then judged by its rule
 * (guarded: a rule that throws is an unknown check with the error).
 */
export function checksOf<T>(
  source: HealthSource,
  result: ApiResult,
  parse: (answer: ApiResult & { ok: true }) => Parsed<T>,
  evaluate: (value: T) => HealthCheck[],
  observedAt: string,
): HealthCheck[] {
  const answer = readAnswer(source, result, parse, observedAt);
  return answer.ok
    ? judge(source, observedAt, () => evaluate(answer.value))
    : [answer.check];
}
