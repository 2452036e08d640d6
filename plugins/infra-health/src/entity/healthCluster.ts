import type { Entity } from '@backstage/catalog-model';

/** Names the cluster (as configured in the infra-health backend) whose health an entity shows. */
export const HEALTH_CLUSTER_ANNOTATION =
  'platform.proficientnow.io/health-cluster';
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * The cluster an entity shows: its health-cluster annotation, else its
 * kubernetes-id (nested cluster Resources carry their cluster name there),
 * else the entity name.
 */
export function healthClusterOf(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[HEALTH_CLUSTER_ANNOTATION]?.trim() ||
    annotations[KUBERNETES_ID_ANNOTATION]?.trim() ||
    entity.metadata.name
  );
}
