export * from './startKubernetesStandin';
export * from './labelSelector';
export * from './fixtures';
export type { KubeObject, KubeStatus, ObjectMeta } from './types';
export { RESOURCE_TYPES } from './resources';
export type { ResourceType } from './resources';
export * from './metricsExporter';
export * from './faults';
export { faultSourceOf } from './faultSources';
