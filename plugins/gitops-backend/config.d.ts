import { HumanDuration } from '@backstage/types';

export interface Config {
  gitops?: {
    /** The changes the portal proposed: open GitOps pull requests read from GitHub (gitops.repository.url). */
    changes?: {
      /** How long one read of GitHub is reused by every page and card. Default 60 seconds, at most 1 hour. */
      cacheTtl?: HumanDuration | string;
    };
  };
}
