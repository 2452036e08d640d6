import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  gitops?: {
    /** The catalog's view of the GitOps repository (gitops.repository says which one). */
    catalog?: {
      /** Turn the entity provider off; default on. */
      enabled?: boolean;
      /** Read a checkout on disk instead of GitHub (development and tests). */
      localPath?: string;
      /** How often to look at the repository; default every 5 minutes, timeout 3 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Files larger than this many bytes are skipped; default 524288. */
      maxFileBytes?: number;
      /**
       * Globs of the files read for Argo CD Applications and ApplicationSets;
       * default every YAML file in the repository. `.`, `/` or `''` is the
       * whole repository, a folder name every YAML file below it.
       */
      include?: string[];
      /** Globs of files never read, even when included. */
      exclude?: string[];
      /**
       * Owner of an Application whose metadata and rules name none: a group
       * name or ref. Without it such an entity is owned by group:default/unknown
       * and annotated platform.proficientnow.io/owner-unresolved.
       */
      defaultOwner?: string;
      /**
       * How Applications from some files become entities; the first match
       * wins. The Application's own metadata (platform.proficientnow.io/owner,
       * /system, /domain) wins over a rule.
       */
      rules?: Array<{
        /** Glob of repository paths, e.g. `apps/payments/**`. */
        path?: string;
        /** Repository path prefix (older form of `path`). */
        pathPrefix?: string;
        kind?: 'Component' | 'Resource';
        type?: string;
        system?: string;
        domain?: string;
        owner?: string;
      }>;
      /**
       * The live source: the Applications Argo CD actually holds, read from
       * the infra-health plugin (which reaches the cluster). Merged with Git
       * by name: in Git but not live is tagged not-deployed, live but in no
       * Git file is tagged drift, live and rendered from Git (Helm chart,
       * kustomization, ApplicationSet) is tagged rendered. Off when unset.
       */
      live?: {
        /** The infra-health cluster Argo CD runs in, e.g. `platform`. */
        cluster: string;
      };
      /**
       * Clusters Argo CD knows, for ApplicationSet cluster generators, besides
       * the cluster Secrets in the repository and Argo CD's own in-cluster.
       */
      argocdClusters?: Array<{
        name: string;
        server: string;
        labels?: { [key: string]: string };
      }>;
    };
  };
}
