/**
 * Keeps the catalog in step with the GitOps repository.
 *
 * @packageDocumentation
 */
export { catalogModuleGitOpsEntityProvider as default } from './module';
export { GitOpsEntityProvider } from './GitOpsEntityProvider';
export type { RefreshResult } from './GitOpsEntityProvider';
export { repositoryToEntities, ANNOTATIONS } from './repositoryToEntities';
export type { EntityRule, RepositoryMapping } from './repositoryToEntities';
export { ReaderRepositorySource } from './repositorySources';
export type { RepositorySource, RepositoryRead } from './repositorySources';
