import { PlatformDomain } from '@proficientnow/backstage-plugin-gitops-common';

/** A Helm chart source: a chart from a Helm repository (or an OCI registry). */
export interface HelmChartSource {
  type: 'helm';
  /** Helm repository URL, or an OCI registry host/path without the `oci://` scheme. */
  repoURL: string;
  chart: string;
  /** Exact chart version (Argo CD `targetRevision`). */
  version: string;
  /** Helm values, rendered as `helm.valuesObject`. */
  values?: Record<string, unknown>;
  /** Helm release name, when it differs from the Application name. */
  releaseName?: string;
}

/** Plain manifests (or a kustomization) from a folder of a Git repository. */
export interface GitPathSource {
  type: 'git';
  /** Defaults to the GitOps repository itself. */
  repoURL?: string;
  path: string;
  /** Defaults to the layout's targetRevision. */
  targetRevision?: string;
  /** Recurse into sub-folders (directory sources only). */
  recurse?: boolean;
}

/** A kustomization in a Git folder, with Argo CD's kustomize options. */
export interface KustomizeSource {
  type: 'kustomize';
  repoURL?: string;
  path: string;
  targetRevision?: string;
  namePrefix?: string;
  commonLabels?: Record<string, string>;
  images?: string[];
}

export type ComponentSource = HelmChartSource | GitPathSource | KustomizeSource;

/** Per-component overrides of the sync policy. */
export interface SyncPolicyOverrides {
  /** Automated sync; default true. */
  automated?: boolean;
  /** Delete resources removed from Git; default true. */
  prune?: boolean;
  /** Undo changes made in the cluster; default true. */
  selfHeal?: boolean;
  /** Create the destination namespace; default true. */
  createNamespace?: boolean;
  /** Server-side apply, for charts whose CRDs exceed the annotation size limit. */
  serverSideApply?: boolean;
  /** Extra syncOptions entries, e.g. `RespectIgnoreDifferences=true`. */
  extraSyncOptions?: string[];
  /** Retry limit; default 5 with exponential backoff. */
  retryLimit?: number;
}

/**
 * One platform component the seeds name, as the portal knows how to deploy it
 * by default. A request for "postgres" or "metallb" needs only the name and an
 * owner; everything here can be overridden per request.
 */
export interface CatalogueComponent {
  /** Application name and catalog entity name (DNS-1123 label). */
  name: string;
  /** Human title, e.g. "Rook-Ceph operator". */
  title: string;
  domain: PlatformDomain;
  /** Group inside the domain, as the seeds group them (e.g. networking, storage, databases). */
  group: string;
  description: string;
  /** Namespace the component is deployed into. */
  namespace: string;
  /**
   * Argo CD sync wave inside its domain root. Lower first: CRDs and
   * operators before the resources that use them, storage before databases.
   */
  syncWave: number;
  /** One source, or several for a multi-source Application. */
  sources: ComponentSource[];
  syncPolicy?: SyncPolicyOverrides;
  /** Names of other catalogue components this one needs running first. */
  dependsOn: string[];
  /** Upstream documentation URL. */
  docs: string;
  /** Default owner group name (catalog Group, e.g. platform-engineers). */
  defaultOwner: string;
}
