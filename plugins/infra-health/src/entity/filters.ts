import type { FilterPredicate } from '@backstage/filter-predicates';
import { HEALTH_CLUSTER_ANNOTATION } from './healthCluster';

/*
 * Where the cards appear, as entity predicates: each can be replaced in
 * app-config (app.extensions: - entity-card:infra-health/ceph: config: filter).
 */

/** A cluster Resource: the HA platform cluster and every nested cluster. */
export const isKubernetesCluster: FilterPredicate = {
  kind: 'resource',
  'spec.type': 'kubernetes-cluster',
};

function annotatedComponentNamed(names: string[]): FilterPredicate {
  return {
    $all: [
      {
        [`metadata.annotations.${HEALTH_CLUSTER_ANNOTATION}`]: {
          $exists: true,
        },
      },
      { 'metadata.name': { $in: names } },
    ],
  };
}

/** Clusters, and the Ceph components that name their cluster. */
export const cephCardFilter: FilterPredicate = {
  $any: [
    isKubernetesCluster,
    annotatedComponentNamed([
      'rook-ceph',
      'rook-ceph-cluster',
      'ceph',
      'microceph',
    ]),
  ],
};

/** Clusters, and the Cilium component when it names its cluster. */
export const ciliumCardFilter: FilterPredicate = {
  $any: [isKubernetesCluster, annotatedComponentNamed(['cilium'])],
};

export const clusterCardFilter: FilterPredicate = isKubernetesCluster;

/** Pending changes: clusters and components (the pull requests whose target is the entity). */
export const pendingChangesCardFilter: FilterPredicate = {
  $any: [isKubernetesCluster, { kind: 'component' }],
};

/** A nested cluster (the provider tags them kubevirt): the changes card. */
export const clusterChangesCardFilter: FilterPredicate = {
  $all: [isKubernetesCluster, { 'metadata.tags': { $contains: 'kubevirt' } }],
};

/** An Argo CD Application's entity (the GitOps provider annotates it argocd/app-name): the component changes card. */
export const componentChangesCardFilter: FilterPredicate = {
  'metadata.annotations.argocd/app-name': { $exists: true },
};
