/**
 * Faults a stand-in cluster can be told to show, per source: the request
 * shape (`{ source, fault, ms?, status?, variant? }`) is the same in code, in
 * the local stack's control API and in its listings, and `parseFault` is its
 * one parser.
 */

/** The API path families the health collector reads; see `faultSourceOf`. */
export const FAULT_SOURCES = [
  'nodes',
  'readyz',
  'argocd',
  'kubevirt',
  'ceph',
  'cilium',
] as const;
export type FaultSource = (typeof FAULT_SOURCES)[number];

/** A source, or `all`: every request to the cluster. */
export const FAULT_TARGETS = ['all', ...FAULT_SOURCES] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const FAULT_KINDS = [
  'hang',
  'garbage',
  'truncated',
  'status',
  'latency',
  'reset',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * The 200 bodies of a `garbage` fault, in the order they take turns:
 * plain text, a JSON scalar, `{}`, `[]`, the real answer with wrong-typed
 * `status` fields (a Node's `status.conditions` a string), and bytes that
 * are not UTF-8.
 */
export const GARBAGE_VARIANTS = [
  'text',
  'scalar',
  'empty-object',
  'empty-array',
  'wrong-types',
  'invalid-utf8',
] as const;
export type GarbageVariant = (typeof GARBAGE_VARIANTS)[number];

/**
 * `cut`: a complete 200 whose body is the first half of the real one;
 * `closed`: the real length announced, half of it sent, then the connection
 * closed.
 */
export const TRUNCATED_VARIANTS = ['cut', 'closed'] as const;
export type TruncatedVariant = (typeof TRUNCATED_VARIANTS)[number];

/** Longest injectable latency: ten minutes is already "never" for any collector. */
export const MAX_FAULT_LATENCY_MS = 600_000;

/** What a fault does to a request. */
export type FaultSpec =
  /** Accept the request and never answer until the fault is cleared (then answer normally) or the client gives up. */
  | { fault: 'hang' }
  /** Destroy the connection without answering (a TCP reset where the socket allows it). */
  | { fault: 'reset' }
  /** Answer after `ms` milliseconds; combines with one other fault of the same source. */
  | { fault: 'latency'; ms: number }
  /** Answer `status` (400-599) with a Kubernetes `Status` failure body. */
  | { fault: 'status'; status: number }
  /** Answer 200 with a body that is not what the source answers; without `variant` the variants take turns. */
  | { fault: 'garbage'; variant?: GarbageVariant }
  /** Answer 200 with the real body cut in half; without `variant` the variants take turns. */
  | { fault: 'truncated'; variant?: TruncatedVariant };

/** A fault on one source (or `all`) of a cluster. */
export type ActiveFault = { source: FaultTarget } & FaultSpec;

/** Input that is not a fault; the message names the field and its rule. */
export class FaultInputError extends Error {
  readonly name = 'FaultInputError';
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function oneOf<T extends string>(
  field: string,
  allowed: readonly T[],
  value: unknown,
): T {
  if (value === undefined) {
    throw new FaultInputError(
      `${field}: required, one of ${allowed.join(', ')}`,
    );
  }
  if (!allowed.includes(value as T)) {
    throw new FaultInputError(
      `${field}: must be one of ${allowed.join(', ')}; got ${shown(value)}`,
    );
  }
  return value as T;
}

/** Reads a source name, e.g. from a URL; throws `FaultInputError` naming the `source` field. */
export function parseFaultTarget(value: unknown): FaultTarget {
  return oneOf('source', FAULT_TARGETS, value);
}

const FIELDS_OF: Record<FaultKind, string[]> = {
  hang: [],
  reset: [],
  latency: ['ms'],
  status: ['status'],
  garbage: ['variant'],
  truncated: ['variant'],
};

/**
 * Reads `{ source, fault, ms?, status?, variant? }`, refusing anything else:
 * unknown or misplaced fields, a latency that is not a whole number of
 * milliseconds from 1 to 600000, a status outside 400-599.
 */
export function parseFault(input: unknown): ActiveFault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultInputError(
      'body: must be a JSON object such as {"source":"nodes","fault":"garbage"}',
    );
  }
  const body = input as Record<string, unknown>;
  const source = parseFaultTarget(body.source);
  const fault = oneOf('fault', FAULT_KINDS, body.fault);
  const allowed = ['source', 'fault', ...FIELDS_OF[fault]];
  const extra = Object.keys(body).find(key => !allowed.includes(key));
  if (extra !== undefined) {
    throw new FaultInputError(
      `${extra}: not a field of a ${fault} fault (fields: ${allowed.join(
        ', ',
      )})`,
    );
  }
  switch (fault) {
    case 'hang':
    case 'reset':
      return { source, fault };
    case 'latency': {
      const ms = body.ms;
      if (
        typeof ms !== 'number' ||
        !Number.isInteger(ms) ||
        ms < 1 ||
        ms > MAX_FAULT_LATENCY_MS
      ) {
        throw new FaultInputError(
          `ms: must be a whole number of milliseconds from 1 to ${MAX_FAULT_LATENCY_MS}; got ${shown(
            ms,
          )}`,
        );
      }
      return { source, fault, ms };
    }
    case 'status': {
      const status = body.status;
      if (
        typeof status !== 'number' ||
        !Number.isInteger(status) ||
        status < 400 ||
        status > 599
      ) {
        throw new FaultInputError(
          `status: must be a whole number from 400 to 599; got ${shown(
            status,
          )}`,
        );
      }
      return { source, fault, status };
    }
    case 'garbage':
      return body.variant === undefined
        ? { source, fault }
        : {
            source,
            fault,
            variant: oneOf('variant', GARBAGE_VARIANTS, body.variant),
          };
    case 'truncated':
      return body.variant === undefined
        ? { source, fault }
        : {
            source,
            fault,
            variant: oneOf('variant', TRUNCATED_VARIANTS, body.variant),
          };
    default:
      throw new FaultInputError(`fault: ${shown(fault)} is not handled`);
  }
}
