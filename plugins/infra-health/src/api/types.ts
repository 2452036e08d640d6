import type { PendingChange } from '@internal/plugin-gitops-common';
import type {
  ClusterHealth,
  HealthStatus,
  SourceInfo,
  SubsystemHealth,
} from '@internal/plugin-infra-health-common';

/** A source the backend reads health from, and whether it is set up for a cluster. */
export type HealthSourceState = SourceInfo;

/** A cluster's health as the API serves it; `sources` may be absent (older snapshots). */
export type ClusterHealthView = ClusterHealth;

/** `GET /fleet`: every cluster, worst first. */
export interface FleetSummary {
  clusters: ClusterHealthView[];
  counts: Record<HealthStatus, number>;
  generatedAt: string;
}

/** `GET /clusters/:cluster`. */
export type ClusterDetail = ClusterHealthView & { collectedAt: string };

/** One rollup in the history; subsystem `*` is the whole cluster. */
export interface HealthHistoryPoint {
  subsystem: string;
  status: HealthStatus;
  observedAt: string;
}

/** `GET /clusters/:cluster/history`. */
export interface HealthHistory {
  cluster: string;
  since: string;
  points: HealthHistoryPoint[];
}

/** The GitOps backend's `GET /changes`: one shape for page and cards; `configured: false` says how to configure GitHub. */
export interface PendingChanges {
  configured: boolean;
  /** Why the list is not available, when `configured` is false. */
  reason?: string;
  repository?: { owner: string; repo: string; url: string };
  fetchedAt?: string;
  /** More pull requests may be open than were described. */
  truncated?: boolean;
  changes: PendingChange[];
}

export type { PendingChange };
export type { ClusterHealth, HealthStatus, SubsystemHealth };

/** A nested cluster as the GitOps repository records it (GET /api/gitops/clusters/:name). */
export interface ClusterState {
  name: string;
  environment: string;
  owner: string;
  /** The commit it was read at; change forms carry it to refuse a stale change. */
  revision: string;
  folder: string;
  channel: string;
  /** The API server's virtual IP (three control planes). */
  apiAddress?: string;
  controlPlane: NodeGroupState;
  workers: NodeGroupState;
  nodes: Array<{
    name: string;
    role: string;
    channel: string;
    cpu: number;
    memoryGiB: number;
    diskGiB: number;
    address?: string;
  }>;
}

export interface NodeGroupState {
  count: number;
  sizeName: string;
  cpu: number;
  memoryGiB: number;
  diskGiB: number;
}

/** A component's Application as the GitOps repository declares it (GET /api/gitops/components/:name). */
export interface ComponentState {
  name: string;
  domain: string;
  owner?: string;
  path: string;
  revision: string;
  syncWave: number;
  chart?: { name: string; repoURL: string; version: string };
}
