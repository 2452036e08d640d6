import {
  TrackedApplication,
  TrackedChange,
  TrackedChangeState,
} from '@proficientnow/backstage-plugin-gitops-common';

/** What the clusters say now about the Applications a change touches. */
export interface RolloutObservation {
  /** the target's Applications, in every cluster read */
  applications: TrackedApplication[];
  /** clusters whose Applications could not be read now, with the reason */
  unreadable: string[];
}

export interface RolloutVerdict {
  state: TrackedChangeState;
  reason: string;
}

const short = (sha: string) => sha.slice(0, 7);

const REMOVALS = new Set(['retire', 'remove']);

/**
 * Decides where a merged change stands from what Argo CD reports, as a pure
 * rule so every path is tested without a cluster:
 * - applied when every Application of the target synced the merge commit (or
 *   a later merge the portal made, which contains it);
 * - healthy when, besides, each is Synced and Healthy;
 * - failed when a sync of it failed (operation phase Failed or Error) or an
 *   Application is Degraded after applying it;
 * - stuck when none of that happened within `stuckAfterMs` of the merge.
 * A removal (retire, remove) is done when the target has no Application left.
 * Clusters that could not be read decide nothing: the change waits.
 */
export function evaluateRollout(
  change: Pick<TrackedChange, 'action' | 'targetRef' | 'mergeSha' | 'mergedAt'>,
  observation: RolloutObservation,
  options: { now: number; stuckAfterMs: number; laterMerges: string[] },
): RolloutVerdict | undefined {
  const { applications } = observation;
  const target = change.targetRef;
  const late =
    change.mergedAt !== undefined &&
    options.now - Date.parse(change.mergedAt) > options.stuckAfterMs;
  const stuckAfter = `${Math.round(options.stuckAfterMs / 60_000)} min`;
  const waiting = observation.unreadable.length
    ? `; ${observation.unreadable.join('; ')}`
    : '';

  if (REMOVALS.has(change.action)) {
    if (applications.length === 0 && observation.unreadable.length === 0)
      return {
        state: 'healthy',
        reason: `removed: Argo CD holds no Application of ${target} any more`,
      };
    const left = applications.map(a => `${a.cluster}/${a.name}`).join(', ');
    return late
      ? {
          state: 'stuck',
          reason: `not removed within ${stuckAfter}: ${
            left || 'the clusters could not be read'
          } still there${waiting}`,
        }
      : undefined;
  }

  if (applications.length === 0) {
    return late
      ? {
          state: 'stuck',
          reason: `not applied within ${stuckAfter}: Argo CD holds no Application of ${target}${waiting}`,
        }
      : undefined;
  }

  const merged = change.mergeSha;
  const contains = (revision?: string) =>
    !!revision &&
    !!merged &&
    (revision === merged || options.laterMerges.includes(revision));

  const failedSync = applications.find(
    a =>
      (a.operationPhase === 'Failed' || a.operationPhase === 'Error') &&
      contains(a.operationRevision ?? a.revision),
  );
  if (failedSync)
    return {
      state: 'failed',
      reason: `the sync of ${short(merged!)} failed on ${failedSync.cluster}/${
        failedSync.name
      }${
        failedSync.operationMessage ? `: ${failedSync.operationMessage}` : ''
      }`,
    };

  const behind = applications.filter(a => !contains(a.revision));
  if (behind.length > 0) {
    const where = behind
      .map(
        a =>
          `${a.cluster}/${a.name} at ${
            a.revision ? short(a.revision) : 'no revision'
          }`,
      )
      .join(', ');
    return late
      ? {
          state: 'stuck',
          reason: `not applied within ${stuckAfter}: ${where}${waiting}`,
        }
      : { state: 'merged', reason: `waiting for Argo CD: ${where}` };
  }

  const degraded = applications.find(a => a.health === 'Degraded');
  if (degraded)
    return {
      state: 'failed',
      reason: `${degraded.cluster}/${
        degraded.name
      } is Degraded after syncing ${short(merged!)}`,
    };
  const unsettled = applications.filter(
    a => a.health !== 'Healthy' || a.sync !== 'Synced',
  );
  if (unsettled.length === 0)
    return {
      state: 'healthy',
      reason: `${applications
        .map(a => `${a.cluster}/${a.name}`)
        .join(', ')} synced ${short(merged!)} and healthy`,
    };
  const how = unsettled
    .map(a => `${a.cluster}/${a.name} ${a.sync ?? '?'}/${a.health ?? '?'}`)
    .join(', ');
  return late
    ? {
        state: 'stuck',
        reason: `applied, but not healthy within ${stuckAfter}: ${how}`,
      }
    : { state: 'applied', reason: `synced ${short(merged!)}; ${how}` };
}
