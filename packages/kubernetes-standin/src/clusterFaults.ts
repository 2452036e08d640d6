import {
  ActiveFault,
  FAULT_TARGETS,
  FaultSource,
  FaultSpec,
  FaultTarget,
  GARBAGE_VARIANTS,
  GarbageVariant,
  TRUNCATED_VARIANTS,
  TruncatedVariant,
} from './faults';

/** A fault that decides the answer (every kind but latency), its variant chosen for this request. */
export type AnswerFault =
  | { fault: 'hang' }
  | { fault: 'reset' }
  | { fault: 'status'; status: number }
  | { fault: 'garbage'; variant: GarbageVariant }
  | { fault: 'truncated'; variant: TruncatedVariant };

type StoredAnswer = Exclude<FaultSpec, { fault: 'latency' }>;

interface TargetFaults {
  latencyMs?: number;
  answer?: StoredAnswer;
  /** Requests answered by `answer` so far: whose turn it is among the variants. */
  turns: number;
}

/**
 * The faults of one cluster: per source (or `all`) at most a latency and one
 * fault that decides the answer, so "slow and then 503" is two calls. A
 * request waits for the `all` latency plus its source's, then gets its
 * source's answer fault, else the cluster-wide one.
 */
export class ClusterFaults {
  private readonly byTarget = new Map<FaultTarget, TargetFaults>();

  /** Sets a latency, or replaces the answer fault, of the fault's source; the input is trusted (see `parseFault`). */
  set(fault: ActiveFault): void {
    const entry = this.byTarget.get(fault.source) ?? { turns: 0 };
    if (fault.fault === 'latency') {
      entry.latencyMs = fault.ms;
    } else {
      const { source: _source, ...answer } = fault;
      entry.answer = answer;
      entry.turns = 0;
    }
    this.byTarget.set(fault.source, entry);
  }

  /** Clears one target's faults (`all` is the cluster-wide entry only), or every fault; returns what was cleared. */
  clear(target?: FaultTarget): ActiveFault[] {
    const cleared = this.list().filter(
      f => target === undefined || f.source === target,
    );
    if (target === undefined) this.byTarget.clear();
    else this.byTarget.delete(target);
    return cleared;
  }

  /** The active faults in the order of `FAULT_TARGETS`, a latency before the answer fault. */
  list(): ActiveFault[] {
    const faults: ActiveFault[] = [];
    for (const source of FAULT_TARGETS) {
      const entry = this.byTarget.get(source);
      if (entry?.latencyMs !== undefined) {
        faults.push({ source, fault: 'latency', ms: entry.latencyMs });
      }
      if (entry?.answer) faults.push({ source, ...entry.answer });
    }
    return faults;
  }

  /** Milliseconds to wait before answering a request of `source`. */
  delayFor(source: FaultSource | undefined): number {
    const all = this.byTarget.get('all')?.latencyMs ?? 0;
    const own = source ? this.byTarget.get(source)?.latencyMs ?? 0 : 0;
    return all + own;
  }

  /** The fault that decides the answer to a request of `source`; each call is one request's turn. */
  answerFor(source: FaultSource | undefined): AnswerFault | undefined {
    const own = source ? this.byTarget.get(source) : undefined;
    const entry = own?.answer ? own : this.byTarget.get('all');
    const answer = entry?.answer;
    if (!entry || !answer) return undefined;
    switch (answer.fault) {
      case 'garbage':
        return {
          fault: 'garbage',
          variant:
            answer.variant ??
            GARBAGE_VARIANTS[entry.turns++ % GARBAGE_VARIANTS.length],
        };
      case 'truncated':
        return {
          fault: 'truncated',
          variant:
            answer.variant ??
            TRUNCATED_VARIANTS[entry.turns++ % TRUNCATED_VARIANTS.length],
        };
      default:
        return answer;
    }
  }
}
