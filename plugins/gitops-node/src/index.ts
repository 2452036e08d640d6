/**
 * The one place the portal reads and writes the platform's GitOps
 * repository: the `gitops.*` configuration, GitHub credentials through
 * `@backstage/integration`, and the pull-request publisher. The scaffolder
 * module, the catalog module and the GitOps backend depend on it; none of
 * them reaches GitHub another way.
 *
 * @packageDocumentation
 */
export {
  readGitOpsConfig,
  parseRepositoryUrl,
} from './config/readGitOpsConfig';
export type {
  GitOpsModuleConfig,
  GitOpsRepository,
} from './config/readGitOpsConfig';
export { gitHubAccessFromConfig } from './github/GitHubAccess';
export type { GitHubAccess } from './github/GitHubAccess';
export { createGitHubClient } from './github/createGitHubClient';
export type { GitHubClientOptions } from './github/createGitHubClient';
export { PullRequestPublisher } from './github/PullRequestPublisher';
export type {
  PullRequestChange,
  PullRequestResult,
  StepRunner,
} from './github/PullRequestPublisher';
