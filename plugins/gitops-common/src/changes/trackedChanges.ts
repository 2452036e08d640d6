import { ChangeAction, ChangeKind } from './changeIdentity';

/**
 * Where a change the portal opened stands, from its pull request to the
 * platform: `open` (waiting for review) → `merged` (the merge commit is on the
 * base branch) → `applied` (the Argo CD Applications it touches synced that
 * revision) → `healthy`; or `failed` (a sync error, or an Application
 * degraded after applying it), `stuck` (not applied within
 * gitops.tracking.stuckAfter) or `closed` (closed without merging).
 */
export const TRACKED_CHANGE_STATES = [
  'open',
  'merged',
  'applied',
  'healthy',
  'failed',
  'stuck',
  'closed',
] as const;
export type TrackedChangeState = (typeof TRACKED_CHANGE_STATES)[number];

/** States a change does not leave (but for `stuck`, which a late rollout may still end). */
export const FINAL_CHANGE_STATES: ReadonlySet<TrackedChangeState> = new Set([
  'healthy',
  'failed',
  'closed',
]);

/** One Argo CD Application a change touches, as last seen. */
export interface TrackedApplication {
  cluster: string;
  name: string;
  sync?: string;
  health?: string;
  revision?: string;
  /** Argo CD's last operation: Running, Succeeded, Failed, Error, Terminating */
  operationPhase?: string;
  /** the revision that operation synced */
  operationRevision?: string;
  operationMessage?: string;
}

/** A change the portal opened and follows (GET /api/gitops/changes/history). */
export interface TrackedChange {
  repository: string;
  number: number;
  title: string;
  url: string;
  kind: ChangeKind;
  action: ChangeAction;
  /** the entity the change is about, e.g. resource:default/web-dev */
  targetRef: string;
  environment?: string;
  domain?: string;
  /** the signed-in person who asked (the scaffolder task's user) */
  requester?: string;
  /** the owner group of the target, as the catalog says; notified of each step */
  owner?: string;
  state: TrackedChangeState;
  /** why it is in that state, in words */
  reason?: string;
  openedAt: string;
  mergedAt?: string;
  mergeSha?: string;
  appliedAt?: string;
  finishedAt?: string;
  updatedAt: string;
  applications: TrackedApplication[];
  /** a notification or GitHub status that could not be sent, with its reason */
  deliveryProblem?: string;
}

export interface TrackedChangesFilter {
  environment?: string;
  owner?: string;
  state?: TrackedChangeState;
  target?: string;
  limit?: number;
}

export interface TrackedChangesAnswer {
  changes: TrackedChange[];
  /** when the tracker last read GitHub and the clusters */
  trackedAt?: string;
}

/** The signal channel the GitOps backend publishes on when a tracked change moves (the changes page reloads on it). */
export const GITOPS_CHANGES_SIGNAL_CHANNEL = 'gitops:changes';
