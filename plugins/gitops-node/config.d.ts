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
    /** Where things live in the repository (see @internal/plugin-gitops-common's README); every field has a default. */
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
    /** GitHub team (org/slug) asked to review protected changes; default proficientnow/platform-engineers. */
    platformTeam?: string;
  };
}
