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
    /**
     * Who is told when a cluster's health changes for good: one notification
     * per cluster to the owner group of its catalog Resource (updated as the
     * condition moves; topic cluster-health; severity by environment), and a
     * GitHub issue for a lasting critical condition.
     */
    alerts?: {
      /** Default true. */
      enabled?: boolean;
      /** How long a new status must hold before anyone is told (flapping tells nobody). Default 2 minutes; 0 to 1 hour. */
      debounce?: HumanDuration | string;
      /** Told about clusters the catalog does not own (e.g. the platform cluster). Default group:default/platform-engineers. */
      owner?: string;
      /** Opens one issue per lasting critical condition; needs integrations.github credentials for the repository's host. */
      issues?: {
        /** e.g. https://github.com/proficientnow/platform-alerts */
        repository: string;
        /** How long a condition is critical before its issue opens. Default 15 minutes; 1 minute to 1 day. */
        after?: HumanDuration | string;
      };
    };
    /**
     * Custom resource kinds judged by their `status.conditions` in every
     * cluster (CAPI Clusters and Machines, cert-manager Certificates,
     * CloudNativePG Clusters ...), one check per kind in the
     * `customResources` subsystem: Ready (or Available) True ok; Ready False
     * critical, or warning when it says it is progressing; Degraded True
     * critical; not yet reconciled (observedGeneration behind generation)
     * warning; no Ready condition unknown. A kind whose API is not installed
     * in a cluster is listed as such and does not decide its rollup. At most
     * 50 kinds; the service account needs `list` on each.
     */
    customResources?: Array<{
      /** API group of the custom resource, e.g. `cert-manager.io` (a DNS name with a dot). */
      group: string;
      /** API version, e.g. `v1` or `v1beta1`. */
      version: string;
      /** Lower-case plural as in the URL, e.g. `certificates`. */
      plural: string;
      /** Kind in CamelCase, e.g. `Certificate`; the list answer must be a `<kind>List`. */
      kind: string;
      /** How cards and reasons name the kind. Default `<kind> (<group>)` (kinds repeat across groups). */
      title?: string;
      /** Read only this namespace. Default every namespace. */
      namespace?: string;
    }>;
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
      /**
       * This cluster's custom resource kinds, replacing `infraHealth.customResources`
       * for it (an empty list reads none).
       */
      customResources?: Array<{
        /** API group of the custom resource, e.g. `cert-manager.io` (a DNS name with a dot). */
        group: string;
        /** API version, e.g. `v1` or `v1beta1`. */
        version: string;
        /** Lower-case plural as in the URL, e.g. `certificates`. */
        plural: string;
        /** Kind in CamelCase, e.g. `Certificate`; the list answer must be a `<kind>List`. */
        kind: string;
        /** How cards and reasons name the kind. Default `<kind> (<group>)` (kinds repeat across groups). */
        title?: string;
        /** Read only this namespace. Default every namespace. */
        namespace?: string;
      }>;
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
