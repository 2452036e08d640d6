/**
 * Keeps the catalog in step with the GitOps repository.
 *
 * @packageDocumentation
 */
export { catalogModuleGitOpsEntityProvider as default } from './module';
export { GitOpsEntityProvider } from './GitOpsEntityProvider';
export type {
  RefreshResult,
  GitOpsEntityProviderOptions,
} from './GitOpsEntityProvider';
export { repositoryToEntities, ANNOTATIONS } from './repositoryToEntities';
export type {
  EntityRule,
  RepositoryMapping,
  RepositoryMappingOptions,
  SkippedInput,
  IngestionCounts,
  UnresolvedRelation,
} from './repositoryToEntities';
export type { LiveApplicationSource } from './liveSource';
export type { ArgoCluster } from './ingest/applicationSets';
export type { LiveInventory, LiveApplication } from './ingest/live';
export type { DiscoveryOptions } from './ingest/discovery';
export { ReaderRepositorySource } from './repositorySources';
export type { RepositorySource, RepositoryRead } from './repositorySources';
