/**
 * Health at a glance for the ProficientNow platform: the fleet page, Ceph,
 * Cilium and cluster cards, and the infrastructure changes waiting for
 * approval (new frontend system).
 *
 * @packageDocumentation
 */
import { infraHealthPlugin } from './plugin';

export default infraHealthPlugin;
export { infraHealthPlugin };
export * from './api';
export {
  healthClusterOf,
  HEALTH_CLUSTER_ANNOTATION,
} from './entity/healthCluster';
export { StatusBadge } from './components/StatusBadge';
