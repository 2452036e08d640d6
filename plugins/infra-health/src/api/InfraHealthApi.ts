import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  Subsystem,
  SubsystemHealth,
} from '@proficientnow/backstage-plugin-infra-health-common';
import type {
  ClusterDetail,
  ClusterState,
  ComponentState,
  FleetSummary,
  HealthHistory,
  PendingChanges,
  TrackedChangesAnswer,
  TrackedChangesFilter,
} from './types';

/**
 * Reads platform health and pending infrastructure changes from the
 * infra-health backend. Every method throws a ResponseError (from
 * `@backstage/errors`) when the backend answers with an error status; a
 * cluster nothing was collected for is a 404.
 */
export interface InfraHealthApi {
  getFleet(): Promise<FleetSummary>;
  getCluster(cluster: string): Promise<ClusterDetail>;
  getSubsystem(cluster: string, subsystem: Subsystem): Promise<SubsystemHealth>;
  /** Rollup history of one cluster, by default the last 24 hours. */
  getHistory(
    cluster: string,
    /** `subsystem`: one series (`*` is the cluster rollup); all when left out. */
    options?: { hours?: number; subsystem?: string },
  ): Promise<HealthHistory>;
  getPendingChanges(filter?: {
    environment?: string;
    target?: string;
  }): Promise<PendingChanges>;
  /** The changes the portal opened and where each stands (open, merged, applied, healthy, failed, stuck, closed), newest first. */
  getTrackedChanges(
    filter?: TrackedChangesFilter,
  ): Promise<TrackedChangesAnswer>;
  /** A nested cluster as the GitOps repository records it; a 404 ResponseError when it holds none. */
  getClusterState(cluster: string): Promise<ClusterState>;
  /** A component's Application as the GitOps repository declares it; a 404 ResponseError when it declares none. */
  getComponentState(name: string): Promise<ComponentState>;
}

export const infraHealthApiRef = createApiRef<InfraHealthApi>().with({
  id: 'plugin.infra-health.api',
  pluginId: 'infra-health',
});
