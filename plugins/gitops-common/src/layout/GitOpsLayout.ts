/**
 * Where things live in the platform's GitOps repository, and where Argo CD
 * sends them. Every field has a default (see {@link DEFAULT_GITOPS_LAYOUT});
 * a platform overrides only what differs.
 */
export interface GitOpsLayout {
  /** Git URL Argo CD reads the repository from. */
  repoURL: string;
  /** Branch or tag Argo CD tracks. */
  targetRevision: string;
  /** Namespace Argo CD runs in; Applications and AppProjects are created there. */
  argocdNamespace: string;
  /** API server URL of the HA platform cluster, as Argo CD knows it. */
  destinationServer: string;
  /** Folder of the root ("root app of root apps") Application's children. */
  rootPath: string;
  /** Folder of platform-root's children: the domain roots and their AppProjects. */
  platformPath: string;
  /** Folder under which each domain keeps its component Applications: `<appsPath>/<domain>/<group>/<name>.yaml`. */
  appsPath: string;
  /** Folder under which nested clusters keep their KubeVirt objects: `<clustersPath>/<environment>/<name>/`. */
  clustersPath: string;
  /** Names of the Argo CD objects of the hierarchy. */
  names: {
    root: string;
    argocdSelf: string;
    platformRoot: string;
  };
  /**
   * Chart and Git repositories, beyond the catalogue's, that the domain
   * AppProjects allow. A custom component may only use these.
   */
  extraSourceRepos: string[];
  /** AppProject name per domain; defaults to the domain name. */
  projects: Record<PlatformDomain, string>;
}

/** The four domain roots under platform-root (seed RFC 000). */
export const PLATFORM_DOMAINS = [
  'infrastructure',
  'applications',
  'workloads',
  'environments',
] as const;
export type PlatformDomain = (typeof PLATFORM_DOMAINS)[number];

export const DEFAULT_GITOPS_LAYOUT: GitOpsLayout = {
  repoURL: 'https://github.com/proficientnow/platform-gitops.git',
  targetRevision: 'main',
  argocdNamespace: 'argocd',
  destinationServer: 'https://kubernetes.default.svc',
  rootPath: 'argocd/root',
  platformPath: 'argocd/platform',
  appsPath: 'argocd/apps',
  clustersPath: 'clusters',
  extraSourceRepos: [],
  names: {
    root: 'root',
    argocdSelf: 'argocd-self',
    platformRoot: 'platform-root',
  },
  projects: {
    infrastructure: 'infrastructure',
    applications: 'applications',
    workloads: 'workloads',
    environments: 'environments',
  },
};

/** Fills a partial layout from configuration with the defaults. */
export function resolveGitOpsLayout(
  partial: Partial<Omit<GitOpsLayout, 'names' | 'projects'>> & {
    names?: Partial<GitOpsLayout['names']>;
    projects?: Partial<GitOpsLayout['projects']>;
  } = {},
): GitOpsLayout {
  return {
    ...DEFAULT_GITOPS_LAYOUT,
    ...partial,
    names: { ...DEFAULT_GITOPS_LAYOUT.names, ...partial.names },
    projects: { ...DEFAULT_GITOPS_LAYOUT.projects, ...partial.projects },
  };
}
