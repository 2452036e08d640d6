/**
 * The health backend: collects Ceph, Cilium and cluster health from every
 * cluster on a global schedule into the plugin database and serves it.
 *
 * @packageDocumentation
 */
export { infraHealthPlugin as default } from './plugin';
export { collectClusterHealth } from './collectors/collectClusterHealth';
export {
  collectMetricsHealth,
  mergeChecks,
  selectorMatchers,
} from './collectors/collectMetricsHealth';
export type { PrometheusTarget } from './collectors/collectMetricsHealth';
export { KubernetesApi } from './collectors/KubernetesApi';
export type { ClusterTarget, ApiResult } from './collectors/KubernetesApi';
export type { HttpSource } from './collectors/httpGet';
export { HealthStore } from './database/HealthStore';
export type {
  StoredSnapshot,
  HistoryPoint,
  StoredApplications,
} from './database/HealthStore';
export { ConditionStore } from './alerts/ConditionStore';
export type { Condition, AlertLevel } from './alerts/conditions';
export { createRouter } from './service/router';
export { authorizeHealthRead } from './service/authorizeRead';
export { fleetView, clusterView } from './service/fleetView';
export type { FleetSummary } from './service/fleetView';
export { HealthCollector, withConcurrency } from './service/HealthCollector';
export type { CollectionReport } from './service/HealthCollector';
export { ClusterTargets } from './service/clusterTargets';
export type { CollectionTarget } from './service/clusterTargets';
export { readInfraHealthSettings } from './service/config';
export type { InfraHealthSettings, ConfiguredCluster } from './service/config';
