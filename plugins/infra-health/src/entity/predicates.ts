import type { Entity } from '@backstage/catalog-model';
import {
  FilterPredicate,
  filterPredicateToFilterFunction,
} from '@backstage/filter-predicates';
import {
  cephCardFilter,
  ciliumCardFilter,
  clusterCardFilter,
  clusterChangesCardFilter,
  componentChangesCardFilter,
  pendingChangesCardFilter,
} from './filters';

/*
 * The new frontend system's card filters as functions for a legacy entity
 * page's `<EntitySwitch.Case if={...}>`: evaluated with the same function the
 * catalog's EntityCardBlueprint applies to a filter, so both systems show a
 * card on the same entities.
 */
function entityPredicate(filter: FilterPredicate): (entity: Entity) => boolean {
  const matches = filterPredicateToFilterFunction<Entity>(filter);
  return entity => matches(entity);
}

/** A cluster Resource (`kind: Resource`, `spec.type: kubernetes-cluster`): where `EntityClusterHealthCard` goes. */
export const isInfraHealthCluster = entityPredicate(clusterCardFilter);

/** A cluster, or a Ceph component (`rook-ceph`, `rook-ceph-cluster`, `ceph`, `microceph`) carrying the health-cluster annotation: where `EntityCephHealthCard` goes. */
export const isCephHealthAvailable = entityPredicate(cephCardFilter);

/** A cluster, or the `cilium` component carrying the health-cluster annotation: where `EntityCiliumHealthCard` goes. */
export const isCiliumHealthAvailable = entityPredicate(ciliumCardFilter);

/** A cluster or any Component: where `EntityPendingChangesCard` goes. */
export const isPendingChangesAvailable = entityPredicate(
  pendingChangesCardFilter,
);

/** A nested cluster (a cluster Resource tagged `kubevirt`): where `EntityClusterChangesCard` goes. */
export const isClusterChangesAvailable = entityPredicate(
  clusterChangesCardFilter,
);

/** An Argo CD Application's entity (annotated `argocd/app-name`): where `EntityComponentChangesCard` goes. */
export const isComponentChangesAvailable = entityPredicate(
  componentChangesCardFilter,
);
