/**
 * Pending changes: the open GitOps pull requests the portal opened, read
 * from GitHub by the backend for the pending-changes page and entity cards.
 */
export {
  PendingChangesService,
  PendingChangesNotConfiguredError,
  PENDING_CHANGES_CACHE_TTL_KEY,
} from './PendingChangesService';
export type {
  PendingChangesServiceOptions,
  PendingChangesRepository,
} from './PendingChangesService';
export { createPendingChangesRouter } from './createPendingChangesRouter';
export type {
  PendingChangesAnswer,
  PendingChange,
  PendingChangeKind,
  PendingChanges,
  PendingChangesFilter,
} from '@proficientnow/backstage-plugin-gitops-common';
export type {
  ListedPullRequest,
  PullRequestReviewFacts,
  CombinedStatusFacts,
  CheckRunFacts,
  PullRequestDetails,
} from './describePullRequest';
export {
  describePullRequest,
  changeOf,
  summarizeChecks,
  summarizeReviews,
} from './describePullRequest';
