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
      /** How Applications under a path become entities; the first match wins. */
      rules?: Array<{
        pathPrefix: string;
        kind?: 'Component' | 'Resource';
        type?: string;
        system?: string;
        owner?: string;
      }>;
    };
  };
}
