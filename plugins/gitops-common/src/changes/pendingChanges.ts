/** What a portal pull request changes, read from its branch name. */
export type PendingChangeKind = 'cluster' | 'component' | 'bootstrap' | 'other';

/** One open GitOps pull request, as the pending-changes page and cards show it. */
export interface PendingChange {
  number: number;
  title: string;
  /** The pull request on GitHub. */
  url: string;
  kind: PendingChangeKind;
  /** Cluster or component name, from the branch (`gitops/cluster-<env>-<name>`, `gitops/component-<domain>-<name>`). */
  target?: string;
  /** From the `env:<x>` label, else from a cluster branch. */
  environment?: string;
  /**
   * The user ref the body names ("Requested by `user:default/x`"), else the
   * author's GitHub login. Anyone who can edit the pull request can edit the
   * body, so this is a hint for people, not an identity to authorize on.
   */
  requester?: string;
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
