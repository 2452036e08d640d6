import {
  CHANGE_BRANCH_PREFIX,
  entityNameOf,
  parseChangeBranchName,
  PendingChange,
  readChangeMarker,
} from '@proficientnow/backstage-plugin-gitops-common';
import { ChangeSigner } from '@proficientnow/backstage-plugin-gitops-node';

/**
 * The parts of GitHub's answers this file reads, so the rules below are pure
 * and can be tested without GitHub. Field names are GitHub's.
 */
export interface ListedPullRequest {
  number: number;
  title: string;
  html_url: string;
  body?: string | null;
  draft?: boolean;
  created_at: string;
  updated_at: string;
  user: { login: string } | null;
  labels: Array<{ name?: string } | string>;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  requested_reviewers?: Array<{ login: string }> | null;
  requested_teams?: Array<{ slug: string }> | null;
}

export interface PullRequestReviewFacts {
  user: { login: string } | null;
  state: string;
}

export interface CombinedStatusFacts {
  state: string;
  total_count: number;
  statuses: Array<{ context: string; state: string }>;
}

export interface CheckRunFacts {
  name: string;
  status: string;
  conclusion: string | null;
}

export interface PullRequestDetails {
  mergeable: boolean | null;
  mergeable_state: string;
  reviews: PullRequestReviewFacts[];
  combinedStatus: CombinedStatusFacts;
  checkRuns: CheckRunFacts[];
}

export const GITOPS_LABEL = 'gitops';

/**
 * What a pull request is, as the portal recorded it: the identity marker of
 * its body (one writer, one reader: the change-identity codec), checked
 * against the portal's signature. A pull request without a marker is
 * described from its branch by the same codec, with no requester: who asked
 * is never read from prose.
 */
export function changeOf(
  pull: Pick<ListedPullRequest, 'body' | 'head'>,
  signer: ChangeSigner,
): Pick<
  PendingChange,
  | 'kind'
  | 'action'
  | 'target'
  | 'targetRef'
  | 'environment'
  | 'domain'
  | 'requester'
  | 'requesterVerified'
  | 'identityProblem'
> {
  const reading = readChangeMarker(pull.body);
  const verified = signer.verify(reading);
  if (verified) {
    const { identity } = verified;
    return {
      kind: identity.kind,
      action: identity.action,
      target:
        identity.kind === 'bootstrap'
          ? undefined
          : entityNameOf(identity.target),
      targetRef: identity.target,
      ...(identity.environment ? { environment: identity.environment } : {}),
      ...(identity.domain ? { domain: identity.domain } : {}),
      ...(identity.requester ? { requester: identity.requester } : {}),
      requesterVerified: verified.verified && !!identity.requester,
      ...(verified.verified ? {} : { identityProblem: verified.reason }),
    };
  }
  const branch = parseChangeBranchName(pull.head.ref);
  const problem =
    reading.found && 'error' in reading
      ? `the identity marker cannot be read: ${reading.error}`
      : 'no identity marker: not opened by this portal, or its body was replaced';
  if (!branch)
    return {
      kind: 'other',
      requesterVerified: false,
      identityProblem: problem,
    };
  return {
    kind: branch.kind,
    action: branch.action,
    ...(branch.name ? { target: branch.name } : {}),
    ...(branch.environment ? { environment: branch.environment } : {}),
    ...(branch.domain ? { domain: branch.domain } : {}),
    requesterVerified: false,
    identityProblem: problem,
  };
}

function labelNames(pull: ListedPullRequest): string[] {
  return pull.labels
    .map(label => (typeof label === 'string' ? label : label.name ?? ''))
    .filter(name => name !== '');
}

/**
 * A portal pull request carries the `gitops` label; one whose label was
 * removed still counts when its branch is a `gitops/` branch of the
 * repository itself (a fork's branch of that name is somebody else's).
 */
export function isGitOpsPullRequest(
  pull: ListedPullRequest,
  repositoryFullName: string,
): boolean {
  if (labelNames(pull).some(name => name.toLowerCase() === GITOPS_LABEL))
    return true;
  return (
    pull.head.ref.startsWith(CHANGE_BRANCH_PREFIX) &&
    pull.head.repo?.full_name.toLowerCase() === repositoryFullName.toLowerCase()
  );
}

/**
 * Counts each reviewer once, by their latest review that decides something
 * (approve, request changes, or a dismissal): a comment after an approval
 * leaves the approval standing, as on GitHub. Reviews come oldest first.
 */
export function summarizeReviews(
  reviews: PullRequestReviewFacts[],
  requested: string[],
): PendingChange['reviews'] {
  const latest = new Map<string, string>();
  for (const review of reviews) {
    const login = review.user?.login;
    if (!login) continue;
    if (['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(review.state))
      latest.set(login.toLowerCase(), review.state);
  }
  const states = [...latest.values()];
  return {
    approved: states.filter(s => s === 'APPROVED').length,
    changesRequested: states.filter(s => s === 'CHANGES_REQUESTED').length,
    requested,
  };
}

const PASSING_CONCLUSIONS = ['success', 'neutral', 'skipped'];

/**
 * One verdict from the head commit's combined status (the latest status of
 * each context) and its check runs (the latest run of each name): failure
 * when any fails, pending when any is still running, none when there are
 * neither.
 */
export function summarizeChecks(
  combined: CombinedStatusFacts,
  checkRuns: CheckRunFacts[],
): PendingChange['checks'] {
  const failing: string[] = [];
  let pending = false;
  for (const status of combined.statuses) {
    if (status.state === 'failure' || status.state === 'error')
      failing.push(status.context);
    else if (status.state !== 'success') pending = true;
  }
  // statuses past the first page still count through GitHub's own verdict
  if (combined.total_count > combined.statuses.length) {
    if (combined.state === 'pending') pending = true;
  }
  for (const run of checkRuns) {
    if (run.status !== 'completed') pending = true;
    else if (!PASSING_CONCLUSIONS.includes(run.conclusion ?? ''))
      failing.push(run.name);
  }
  const total = combined.total_count + checkRuns.length;
  let state: PendingChange['checks']['state'] = 'success';
  if (total === 0) state = 'none';
  else if (
    failing.length > 0 ||
    (combined.total_count > 0 && combined.state === 'failure')
  )
    state = 'failure';
  else if (pending) state = 'pending';
  return { state, total, failing };
}

/** The pending change a listed pull request and its details describe. */
export function describePullRequest(
  pull: ListedPullRequest,
  details: PullRequestDetails,
  org: string,
  signer: ChangeSigner,
): PendingChange {
  const labels = labelNames(pull);
  const change = changeOf(pull, signer);
  const envLabel = labels.find(l => /^env:./i.test(l));
  const requested = [
    ...(pull.requested_reviewers ?? []).map(user => user.login),
    ...(pull.requested_teams ?? []).map(team => `${org}/${team.slug}`),
  ];
  return {
    number: pull.number,
    title: pull.title,
    url: pull.html_url,
    ...change,
    ...(change.environment || !envLabel
      ? {}
      : { environment: envLabel.slice('env:'.length) }),
    author: pull.user?.login ?? 'ghost',
    createdAt: pull.created_at,
    updatedAt: pull.updated_at,
    draft: pull.draft ?? false,
    labels,
    reviews: summarizeReviews(details.reviews, requested),
    checks: summarizeChecks(details.combinedStatus, details.checkRuns),
    mergeable: details.mergeable,
    mergeableState: details.mergeable_state,
  };
}
