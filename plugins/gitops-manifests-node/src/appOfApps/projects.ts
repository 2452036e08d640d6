import { PLATFORM_COMPONENTS } from '../catalogue/components';
import {
  GitOpsLayout,
  PlatformDomain,
} from '@proficientnow/backstage-plugin-gitops-common';
import { KubeObject } from '../model';
import { LABELS, MANAGED_BY } from './applications';

/** Helm repository of the Argo CD chart that argocd-self deploys. */
export const ARGO_HELM_REPO = 'https://argoproj.github.io/argo-helm';

/** The project of the hierarchy's own Applications (root, argocd-self, platform-root, the domain roots). */
export const PLATFORM_PROJECT = 'platform';

const DOMAIN_DESCRIPTIONS: Record<PlatformDomain, string> = {
  infrastructure:
    'Volumes, networking, VMs, load balancers and ingress: what every other domain runs on',
  applications:
    'Databases, artifacts, communications, gateway and observability for the product',
  workloads: 'Compute and ML workloads: LLM serving, Ray, model registry',
  environments:
    'Nested dev, QA/staging and prod clusters on KubeVirt, and their networks',
};

/**
 * Repositories a domain's Applications may pull from: the GitOps repository,
 * the chart repositories of that domain's catalogue components and the
 * layout's extraSourceRepos. A request can use these but never widen them.
 */
export function projectSourceRepos(
  layout: GitOpsLayout,
  domain: PlatformDomain,
): string[] {
  const repos = new Set<string>([layout.repoURL, ...layout.extraSourceRepos]);
  for (const component of PLATFORM_COMPONENTS) {
    if (component.domain !== domain) continue;
    for (const source of component.sources) {
      if (source.repoURL) repos.add(source.repoURL);
    }
  }
  return [...repos].sort();
}

/** Where a domain may deploy: the platform cluster, never into Argo CD's or the system namespaces unless infrastructure. */
function projectDestinations(layout: GitOpsLayout, domain: PlatformDomain) {
  const destinations: Array<Record<string, string>> = [];
  if (domain !== 'infrastructure') {
    destinations.push(
      { server: '*', namespace: `!${layout.argocdNamespace}` },
      { server: '*', namespace: '!kube-system' },
    );
  }
  destinations.push({ server: layout.destinationServer, namespace: '*' });
  return destinations;
}

function clusterResources(domain: PlatformDomain) {
  if (domain === 'environments') {
    // namespaces for nested clusters and the Kube-OVN underlay objects of their VLANs
    return [
      { group: '', kind: 'Namespace' },
      { group: 'kubeovn.io', kind: 'Subnet' },
      { group: 'kubeovn.io', kind: 'Vlan' },
      { group: 'kubeovn.io', kind: 'ProviderNetwork' },
    ];
  }
  // operators in these domains install CRDs and cluster roles
  return [{ group: '*', kind: '*' }];
}

export function buildDomainProject(
  layout: GitOpsLayout,
  domain: PlatformDomain,
): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: layout.projects[domain],
      namespace: layout.argocdNamespace,
      labels: { [LABELS.managedBy]: MANAGED_BY, [LABELS.domain]: domain },
      // the project must exist before the domain root's Applications use it
      annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
    },
    spec: {
      description: DOMAIN_DESCRIPTIONS[domain],
      sourceRepos: projectSourceRepos(layout, domain),
      destinations: projectDestinations(layout, domain),
      clusterResourceWhitelist: clusterResources(domain),
      namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
      orphanedResources: { warn: true },
    },
  };
}

/** The project of the hierarchy itself: may only create Argo CD objects, plus Argo CD's own install. */
export function buildPlatformProject(layout: GitOpsLayout): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: PLATFORM_PROJECT,
      namespace: layout.argocdNamespace,
      labels: { [LABELS.managedBy]: MANAGED_BY },
      annotations: { 'argocd.argoproj.io/sync-wave': '-2' },
    },
    spec: {
      description:
        'The app-of-apps hierarchy: root, argocd-self, platform-root and the domain roots',
      sourceRepos: [layout.repoURL, ARGO_HELM_REPO].sort(),
      destinations: [
        { server: layout.destinationServer, namespace: layout.argocdNamespace },
      ],
      // argocd-self installs Argo CD's CRDs and cluster roles
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
      orphanedResources: { warn: true },
    },
  };
}
