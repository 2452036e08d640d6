/**
 * Health at a glance for the ProficientNow platform: the fleet page, Ceph,
 * Cilium and cluster cards, and the infrastructure changes waiting for
 * approval.
 *
 * This entry is for the legacy frontend system (an App.tsx with
 * `<FlatRoutes>`, an EntityPage.tsx with `EntityLayout`); the new frontend
 * system's plugin is the default export of
 * `@proficientnow/backstage-plugin-infra-health/alpha`. Both render the same
 * components.
 *
 * @packageDocumentation
 */
export {
  infraHealthPlugin,
  InfraHealthPage,
  EntityClusterHealthCard,
  EntityCephHealthCard,
  EntityCiliumHealthCard,
  EntityPendingChangesCard,
  EntityClusterChangesCard,
  EntityComponentChangesCard,
} from './plugin';
export {
  isInfraHealthCluster,
  isCephHealthAvailable,
  isCiliumHealthAvailable,
  isPendingChangesAvailable,
  isClusterChangesAvailable,
  isComponentChangesAvailable,
} from './entity/predicates';
export { InfraHealthIcon } from './components/InfraHealthIcon';
export * from './api';
export {
  healthClusterOf,
  HEALTH_CLUSTER_ANNOTATION,
} from './entity/healthCluster';
export { StatusBadge } from './components/StatusBadge';
