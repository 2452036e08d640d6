import { HumanDuration } from '@backstage/types';

export interface Config {
  /** The platform's GitOps repository and how the portal writes to it. */
  gitops?: {
    repository: {
      /**
       * URL of the GitOps repository on GitHub, e.g.
       * https://github.com/proficientnow/platform-gitops. Its host must be
       * configured under integrations.github (token or GitHub App).
       */
      url: string;
      /** Branch pull requests target; default main. */
      baseBranch?: string;
    };
    /** Where things live in the repository (see @proficientnow/backstage-plugin-gitops-common's README); every field has a default. */
    layout?: {
      repoURL?: string;
      targetRevision?: string;
      argocdNamespace?: string;
      destinationServer?: string;
      rootPath?: string;
      platformPath?: string;
      appsPath?: string;
      clustersPath?: string;
      extraSourceRepos?: string[];
    };
    sealing?: {
      /**
       * PEM certificate of the sealed-secrets controller
       * (`kubeseal --fetch-cert`). Public; needed to seal join tokens.
       */
      certificate?: string;
    };
    nestedClusters?: {
      storageClasses?: string[];
      defaultStorageClass?: string;
      maxWorkers?: number;
      /** Node boot image: a container disk (`docker://...`) or an http(s) URL of a cloud image. */
      image?: string;
      /**
       * Key (at least 32 characters, e.g. `openssl rand -hex 32`) every
       * nested cluster's MicroK8s join token is derived from, with the
       * cluster's name, so nodes added by a later pull request join the
       * running cluster. Keep it for the life of the clusters: a new key
       * gives new nodes a token the running control planes do not accept.
       * Without it, a key derived from the first backend.auth.keys secret is
       * used; without either, tokens are random and clusters cannot be
       * scaled.
       * @visibility secret
       */
      joinTokenKey?: string;
      vlans?: Array<{
        id: number;
        name: string;
        purpose: string;
        cidr: string;
        gateway: string;
        reserved: string[];
        dnsServers: string[];
      }>;
    };
    /** Which changes only the platform admin groups may request. */
    protected?: {
      /** default [prod] */
      environments?: string[];
      /** default [infrastructure] */
      domains?: string[];
    };
    /** What the portal writes into the changes it proposes. */
    changes?: {
      /**
       * Key (at least 32 characters, e.g. `openssl rand -hex 32`) the
       * machine-readable identity of each pull request is signed with, so an
       * identity edited on GitHub reads back as unverified. Without it, a
       * key derived from the first backend.auth.keys secret is used (so
       * rotating that secret leaves older pull requests unverified); without
       * either, identities are written unsigned and every requester shows as
       * unverified.
       * @visibility secret
       */
      signingKey?: string;
    };
    /** The platform's own addresses that catalogue values refer to. */
    platform?: {
      addresses?: {
        /** The HA cluster's API server VIP (Keepalived, RFC 002 §4.4); default 192.168.102.10. */
        apiServerVip?: string;
      };
    };
    /**
     * How the portal talks to GitHub (credentials come from integrations.github).
     * Retries follow GitHub: a server error or a timeout is tried again after
     * 0.5 s, 2 s, 4.5 s...; a rate limit waits as GitHub asks (retry-after, or
     * until x-ratelimit-reset), never longer than maxWait at once or totalWait
     * in all.
     */
    github?: {
      /** How long one request may take before it is abandoned and tried again; default 30 s. */
      requestTimeout?: HumanDuration | string;
      /** Attempts of one request, the first included: 1 to 10, default 4. */
      maxAttempts?: number;
      /** Longest single wait GitHub may ask for; default 2 minutes. */
      maxWait?: HumanDuration | string;
      /** Longest time one request may spend waiting in all; default 4 minutes. */
      totalWait?: HumanDuration | string;
      /**
       * Pause between content-creating requests, as GitHub asks; requests
       * that notify people wait three times as long. Default 1 s; 0 for a
       * GitHub stand-in.
       */
      writeInterval?: HumanDuration | string;
    };
    /** GitHub team (org/slug) asked to review protected changes; default proficientnow/platform-engineers. */
    platformTeam?: string;
  };
}
