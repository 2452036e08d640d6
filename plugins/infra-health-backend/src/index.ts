/**
 * The health backend: collectors for every cluster, more to come (snapshot
 * store, scheduler, REST API).
 *
 * @packageDocumentation
 */
export { collectClusterHealth } from './collectors/collectClusterHealth';
export { KubernetesApi } from './collectors/KubernetesApi';
export type { ClusterTarget, ApiResult } from './collectors/KubernetesApi';
export { HealthStore } from './database/HealthStore';
export type { StoredSnapshot, HistoryPoint } from './database/HealthStore';
export { createRouter } from './service/router';
export { fleetView, clusterView } from './service/fleetView';
export type { FleetSummary } from './service/fleetView';
