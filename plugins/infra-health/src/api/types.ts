import type {
  ClusterState,
  ComponentState,
  NodeGroupState,
  PendingChange,
  TrackedChange,
  TrackedChangeState,
  TrackedChangesAnswer,
  TrackedChangesFilter,
} from '@proficientnow/backstage-plugin-gitops-common';
import type {
  ClusterHealth,
  HealthStatus,
  SourceInfo,
  SubsystemHealth,
} from '@proficientnow/backstage-plugin-infra-health-common';

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
export type {
  TrackedChange,
  TrackedChangeState,
  TrackedChangesAnswer,
  TrackedChangesFilter,
};
export type { ClusterHealth, HealthStatus, SubsystemHealth };

export type { ClusterState, ComponentState, NodeGroupState };
