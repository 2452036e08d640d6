/**
 * The one place the portal reads and writes the platform's GitOps
 * repository: the `gitops.*` configuration, GitHub credentials through
 * `@backstage/integration` (token or GitHub App), a GitHub client that
 * retries and waits as GitHub asks, the repository reader (the whole tree at
 * a commit in one archive download, cached by head), the pull-request
 * publisher, and the signer of change identities. The scaffolder module, the
 * catalog module and the GitOps backend depend on it; none of them reaches
 * GitHub another way.
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
export {
  gitHubAccessFromConfig,
  readGitHubClientSettings,
} from './github/GitHubAccess';
export type {
  GitHubAccess,
  GitHubUseOptions,
  GitHubClientSettings,
} from './github/GitHubAccess';
export {
  createGitHubClient,
  describeGitHubEvent,
  describeGitHubFailure,
  DEFAULT_GITHUB_RETRY_POLICY,
  DEFAULT_GITHUB_REQUEST_TIMEOUT_MS,
} from './github/createGitHubClient';
export type {
  GitHubClientOptions,
  GitHubClientEvent,
  GitHubRetryPolicy,
  GitHubRequestFailure,
} from './github/createGitHubClient';
export {
  PullRequestPublisher,
  PullRequestPublishError,
} from './github/PullRequestPublisher';
export type {
  PullRequestChange,
  PullRequestResult,
  PublishStep,
  StepRunner,
} from './github/PullRequestPublisher';
export {
  GitHubRepositoryReader,
  DirectoryRepositoryReader,
} from './repository/GitOpsRepositoryReader';
export type {
  GitOpsRepositoryReader,
  GitHubRepositoryReaderOptions,
} from './repository/GitOpsRepositoryReader';
export { RepositorySnapshot } from './repository/RepositorySnapshot';
export {
  unpackRepositoryArchive,
  ArchiveRefusedError,
  DEFAULT_ARCHIVE_LIMITS,
} from './repository/readArchive';
export type {
  ArchiveLimits,
  SkippedFile,
  UnpackedArchive,
} from './repository/readArchive';
export { ChangeSigner, requestDigest } from './changes/ChangeSigner';
export type { VerifiedChangeIdentity } from './changes/ChangeSigner';
export {
  createGitOpsRepositoryService,
  gitopsRepositoryServiceRef,
} from './service/GitOpsRepositoryService';
export type { GitOpsRepositoryService } from './service/GitOpsRepositoryService';
export { readLiveApplications } from './health/readLiveApplications';
export type { HealthPluginAccess } from './health/readLiveApplications';
export { authorizeGitOpsChange } from './access/authorizeGitOpsChange';
export { assertOwnerGroup } from './access/assertOwnerGroup';
export type { GitOpsChangeToAuthorize } from './access/authorizeGitOpsChange';
