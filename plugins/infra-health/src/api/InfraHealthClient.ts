import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  Subsystem,
  SubsystemHealth,
} from '@proficientnow/backstage-plugin-infra-health-common';
import type { InfraHealthApi } from './InfraHealthApi';
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

/** The infra-health backend (and the GitOps backend, for changes), found through discovery and called with the user's credentials (fetchApi). */
export class InfraHealthClient implements InfraHealthApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getFleet(): Promise<FleetSummary> {
    return this.get('/fleet');
  }

  getCluster(cluster: string): Promise<ClusterDetail> {
    return this.get(`/clusters/${encodeURIComponent(cluster)}`);
  }

  getSubsystem(
    cluster: string,
    subsystem: Subsystem,
  ): Promise<SubsystemHealth> {
    return this.get(
      `/clusters/${encodeURIComponent(cluster)}/subsystems/${encodeURIComponent(
        subsystem,
      )}`,
    );
  }

  getHistory(
    cluster: string,
    options: { hours?: number; subsystem?: string } = {},
  ): Promise<HealthHistory> {
    const query = new URLSearchParams({ hours: String(options.hours ?? 24) });
    // one series, at most 288 points (5-minute buckets over a day): small whatever the collection frequency
    if (options.subsystem) query.set('subsystem', options.subsystem);
    return this.get(
      `/clusters/${encodeURIComponent(cluster)}/history?${query}`,
    );
  }

  getPendingChanges(
    filter: { environment?: string; target?: string } = {},
  ): Promise<PendingChanges> {
    const query = new URLSearchParams();
    if (filter.environment) query.set('environment', filter.environment);
    if (filter.target) query.set('target', filter.target);
    const search = query.toString();
    // the changes belong to the GitOps backend; the page and cards stay where users find them
    return this.get(`/changes${search ? `?${search}` : ''}`, 'gitops');
  }

  getTrackedChanges(
    filter: TrackedChangesFilter = {},
  ): Promise<TrackedChangesAnswer> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter))
      if (value !== undefined && value !== '') query.set(key, String(value));
    const search = query.toString();
    return this.get(`/changes/history${search ? `?${search}` : ''}`, 'gitops');
  }

  getClusterState(cluster: string): Promise<ClusterState> {
    return this.get(`/clusters/${encodeURIComponent(cluster)}`, 'gitops');
  }

  getComponentState(name: string): Promise<ComponentState> {
    return this.get(`/components/${encodeURIComponent(name)}`, 'gitops');
  }

  private async get<T>(path: string, pluginId = 'infra-health'): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
