import {
  ActiveFault,
  FaultInputError,
  FaultTarget,
  parseFault,
  parseFaultTarget,
} from '@internal/kubernetes-standin';

/** Input the control API refuses with a 400; the message names the field and its rule. */
export class ControlInputError extends Error {
  readonly name = 'ControlInputError';
}

/** What can be changed in a running local fleet, to watch the portal notice. */
export interface ClusterChange {
  /** Rook's CephCluster health as the stand-in serves it. */
  ceph?: 'HEALTH_OK' | 'HEALTH_WARN' | 'HEALTH_ERR';
  /** `cilium_unreachable_nodes` reported by the cluster's first agent. */
  unreachableNodes?: number;
  /**
   * `dead`: the API server resets every connection (the cluster-wide `reset`
   * fault); `alive`: the cluster-wide faults are cleared, per-source ones stay.
   */
  api?: 'dead' | 'alive';
}

const CHANGES = ['ceph', 'unreachableNodes', 'api'];
const CEPH_LEVELS = ['HEALTH_OK', 'HEALTH_WARN', 'HEALTH_ERR'];

/** Reads a request body as JSON; an empty body is `{}`. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    throw new ControlInputError('body: must be JSON');
  }
}

/** Reads a change request; a bad field is named with its rule. */
export function parseClusterChange(body: unknown): ClusterChange {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ControlInputError('body: must be a JSON object');
  const input = body as Record<string, unknown>;
  const unknownKeys = Object.keys(input).filter(k => !CHANGES.includes(k));
  if (unknownKeys.length)
    throw new ControlInputError(
      `${unknownKeys[0]}: not a known change (${CHANGES.join(', ')})`,
    );
  if (!Object.keys(input).length)
    throw new ControlInputError(
      `body: must name at least one change (${CHANGES.join(', ')})`,
    );
  const change: ClusterChange = {};
  if (input.ceph !== undefined) {
    if (!CEPH_LEVELS.includes(input.ceph as string))
      throw new ControlInputError(
        `ceph: must be one of ${CEPH_LEVELS.join(', ')}`,
      );
    change.ceph = input.ceph as ClusterChange['ceph'];
  }
  if (input.unreachableNodes !== undefined) {
    const n = input.unreachableNodes;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000)
      throw new ControlInputError(
        'unreachableNodes: must be a whole number from 0 to 1000',
      );
    change.unreachableNodes = n;
  }
  if (input.api !== undefined) {
    if (input.api !== 'dead' && input.api !== 'alive')
      throw new ControlInputError("api: must be 'dead' or 'alive'");
    change.api = input.api;
  }
  return change;
}

function asControlInput<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FaultInputError) {
      throw new ControlInputError(error.message);
    }
    throw error;
  }
}

/** Reads `{"source":..,"fault":..,"ms"|"status"|"variant":..}` with the stand-in's own parser. */
export function parseFaultRequest(body: unknown): ActiveFault {
  return asControlInput(() => parseFault(body));
}

/** Reads the `<source>` of `/clusters/<name>/faults/<source>`. */
export function parseFaultSource(source: string): FaultTarget {
  return asControlInput(() => parseFaultTarget(source));
}
