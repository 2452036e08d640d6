import type { ChangeAction, ChangeKind } from './changeIdentity';

/** What a portal pull request changes (`other` for a pull request without a portal identity). */
export type PendingChangeKind = ChangeKind | 'other';

/** One open GitOps pull request, as the pending-changes page and cards show it. */
export interface PendingChange {
  number: number;
  title: string;
  /** The pull request on GitHub. */
  url: string;
  kind: PendingChangeKind;
  /** What the change does (create, scale, ...), from its identity. */
  action?: ChangeAction;
  /** Name of the cluster or component the change is made to (the entity name of `targetRef`). */
  target?: string;
  /** The catalog entity the change is made to, e.g. `resource:default/payments-dev`. */
  targetRef?: string;
  /** The environment of the change, from its identity (else the `env:<x>` label). */
  environment?: string;
  /** The domain of a component change. */
  domain?: string;
  /**
   * Who asked: the signed-in user the portal recorded in the change's
   * machine-readable identity (never the prose of the body). Absent for a
   * pull request the portal did not open.
   */
  requester?: string;
  /**
   * True when the identity carries this portal's signature, so nobody edited
   * it since the portal wrote it; false when it is unsigned or the signature
   * does not match (`identityProblem` says which).
   */
  requesterVerified: boolean;
  /** Why the identity is not to be trusted, or could not be read. */
  identityProblem?: string;
  /** GitHub login of the author (the portal's token or GitHub App). */
  author: string;
  createdAt: string;
  updatedAt: string;
  draft: boolean;
  labels: string[];
  reviews: {
    /** Reviewers whose latest approving or blocking review approves. */
    approved: number;
    /** Reviewers whose latest approving or blocking review requests changes. */
    changesRequested: number;
    /** Still asked to review: user logins and `<org>/<team-slug>` for teams. */
    requested: string[];
  };
  checks: {
    /** `none` when the head commit has neither statuses nor check runs. */
    state: 'success' | 'failure' | 'pending' | 'none';
    /** Status contexts plus check runs, the latest of each. */
    total: number;
    /** Names of the failing status contexts and check runs. */
    failing: string[];
  };
  /** null while GitHub is still computing it. */
  mergeable: boolean | null;
  /** GitHub's `mergeable_state`: clean, dirty, blocked, behind, unstable, draft, unknown... */
  mergeableState: string;
}

/** The open GitOps pull requests of the configured repository. */
export interface PendingChanges {
  repository: { owner: string; repo: string; url: string };
  /** When GitHub was read (answers are cached for a short while). */
  fetchedAt: string;
  /**
   * True when the repository has more open GitOps pull requests than one
   * read looks at (`maxChanges`); the newest are listed.
   */
  truncated: boolean;
  /** Newest first. */
  changes: PendingChange[];
}

/** Narrows a list to one environment and/or one cluster or component. */
export interface PendingChangesFilter {
  environment?: string;
  target?: string;
}

/**
 * `GET /changes`: the list when GitHub is configured; otherwise why not and
 * how to configure it (the page and cards show that instead of an error).
 */
export type PendingChangesAnswer =
  | ({ configured: true } & PendingChanges)
  | { configured: false; reason: string; changes: [] };
