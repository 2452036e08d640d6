import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  gitops?: {
    /** The changes the portal proposed: open GitOps pull requests read from GitHub (gitops.repository.url). */
    changes?: {
      /** How long one read of GitHub is reused by every page and card. Default 60 seconds, at most 1 hour. */
      cacheTtl?: HumanDuration | string;
    };
    /**
     * Every change the portal opened, followed after its pull request: merged,
     * applied by Argo CD, healthy (or failed, or stuck), with a commit status
     * on the pull request and a notification to the target's owner group.
     */
    tracking?: {
      /** Default true (when gitops.repository is configured). */
      enabled?: boolean;
      /** How often one replica reads GitHub and Argo CD. Default every 30 seconds. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** A rollout not applied and healthy this long after its merge is stuck. Default 30 minutes; 1 minute to 1 day. */
      stuckAfter?: HumanDuration | string;
      /** The infra-health clusters whose Argo CD applies the GitOps repository. Default gitops.catalog.live.cluster. */
      clusters?: string[];
    };
  };
}
