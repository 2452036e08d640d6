import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Health collection for the platform cluster and the nested clusters. */
  infraHealth?: {
    /**
     * How often to collect (one runner across all replicas). Default: every
     * 30 seconds, 2 minute timeout, first run 5 seconds after start.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** Time allowed for one request to one source (API server or Prometheus). Default 5 seconds. */
    sourceTimeout?: HumanDuration | string;
    /** Clusters collected at the same time. Default 8. */
    concurrency?: number;
    /** Observations older than this show as stale (unknown), never ok. Default 5 minutes. */
    staleAfter?: HumanDuration | string;
    /** How long the rollup history behind the sparklines is kept. Default 7 days. */
    historyRetention?: HumanDuration | string;
    /** Clusters to collect. A name also found in the catalog takes these settings. */
    clusters?: Array<{
      /** Cluster name as the fleet page and cards show it, e.g. `platform` or `dev`. */
      name: string;
      /** dev, qa, staging, prod, or platform. */
      environment?: string;
      /** Kubernetes API server URL. */
      url?: string;
      /**
       * Bearer token of a read-only service account (nodes, /readyz, Argo CD
       * Applications, KubeVirt VMs, Rook CephClusters, Cilium objects).
       * @visibility secret
       */
      token?: string;
      /** The API server's CA: PEM or base64 of a PEM. */
      caData?: string;
      /** Accept any certificate; for throw-away clusters only. */
      skipTLSVerify?: boolean;
      /** The Prometheus scraping this cluster's ceph-mgr and cilium-agents. */
      prometheus?: {
        url: string;
        /** @visibility secret */
        token?: string;
        caData?: string;
        skipTLSVerify?: boolean;
        /** Label matchers picking this cluster's series in a shared Prometheus, e.g. `cluster: dev`. */
        selector?: { [label: string]: string };
        /** Matchers for the ceph-mgr series only, replacing `selector` there, e.g. `job: ceph`. */
        cephSelector?: { [label: string]: string };
        /** Matchers for the cilium-agent series only, replacing `selector` there. */
        ciliumSelector?: { [label: string]: string };
        /** Read ceph-mgr metrics (default true). */
        ceph?: boolean;
        /** Read cilium-agent metrics (default true). */
        cilium?: boolean;
        /** Unexpected Cilium drops per second above which the drops check warns. Default 1. */
        dropWarnPerSecond?: number;
      };
    }>;
    /** Clusters found in the catalog: Resources of type kubernetes-cluster with a kubernetes.io/api-server annotation. */
    catalog?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * Read-only service account tokens by cluster name. A catalog cluster
       * without one is listed but never contacted.
       * @visibility secret
       */
      tokens?: { [cluster: string]: string };
      /** One Prometheus for the catalog clusters, told apart by a label. */
      prometheus?: {
        url: string;
        /** @visibility secret */
        token?: string;
        caData?: string;
        /** The label carrying the cluster name. Default `cluster`. */
        clusterLabel?: string;
      };
    };
  };
}
