/**
 * A GitHub REST API stand-in on loopback for tests, benchmarks and the local
 * dev stack: state in real bare git repositories, every request and response
 * checked against GitHub's OpenAPI description, request counts and fault
 * injection.
 *
 * @packageDocumentation
 */

export {
  startGitHubStandin,
  DEFAULT_STANDIN_LOGIN,
  DEFAULT_STANDIN_TOKEN,
} from './startGitHubStandin';
export type {
  GitHubStandin,
  GitHubStandinOptions,
  PullSummary,
  RequestCounts,
  StandinRepository,
  Violation,
} from './startGitHubStandin';
export type { FaultSpec, ActiveFault } from './faults';
export type { RepoSeed } from './StandinState';
export { GitRepository } from './GitRepository';
export type { RefInfo, TreeEntry, CommitInfo } from './GitRepository';
export { loadOpenApiValidator } from './OpenApiValidator';
export type { OperationMatch, SchemaIssue } from './OpenApiValidator';
export { seedFromDirectory } from './seedFromDirectory';
export { implementedOperations } from './routes';
export type { WebhookDelivery, WebhookSubscription } from './webhooks';
export { pushCommit } from './pushCommit';
export type { StandinApp } from './apps';
export { signAppJwt } from './apps';
