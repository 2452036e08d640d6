import {
  checkVlanPlan,
  DEFAULT_NESTED_VLANS,
  VlanNetwork,
} from '../addresses/vlanPlan';
import { PLATFORM_COMPONENTS } from '../catalogue/components';
import {
  PlatformAddresses,
  resolvePlatformAddresses,
} from '../catalogue/platformAddresses';
import {
  GitOpsLayout,
  PLATFORM_DOMAINS,
  PlatformDomain,
} from '@proficientnow/backstage-plugin-gitops-common';
import { KubeObject, RenderedFile } from '../model';
import {
  buildNestedNetworkObjects,
  DEFAULT_UNDERLAY,
  UnderlayOptions,
} from '../nestedCluster/networks';
import { RequestValidationError } from '../requests/RequestValidationError';
import { buildApplication, LABELS } from './applications';
import { ComponentRequest, ResolvedComponent } from './componentRequest';
import {
  ARGO_HELM_REPO,
  buildDomainProject,
  buildPlatformProject,
  PLATFORM_PROJECT,
} from './projects';
import {
  buildComponentApplication,
  componentApplicationPath,
  renderComponentApplication,
} from './renderComponent';
import { buildSyncPolicy } from './syncPolicy';

export interface BootstrapRequest {
  /** Components to deploy; default: every component of the catalogue with its default owner. */
  components?: ComponentRequest[];
  /** The Argo CD chart argocd-self keeps up to date. */
  argocd?: { chartVersion?: string; values?: Record<string, unknown> };
  /** VLANs of the nested clusters; default: the seeds' 105, 108 and 109. */
  nestedVlans?: VlanNetwork[];
  underlay?: UnderlayOptions;
}

/** Argo CD chart version argocd-self starts from (argo-helm `argo-cd`, Argo CD 3.x). */
export const DEFAULT_ARGOCD_CHART_VERSION = '8.1.2';

/** Sync waves of the domain roots: infrastructure first, what runs on it after. */
const DOMAIN_WAVES: Record<PlatformDomain, number> = {
  infrastructure: 0,
  applications: 10,
  environments: 10,
  workloads: 20,
};

function rootPathFile(layout: GitOpsLayout, name: string) {
  return `${layout.rootPath}/${name}.yaml`;
}

/**
 * Renders the whole app-of-apps tree of the seeds:
 *
 *   root (applied once by hand; then manages itself)
 *   ├── argocd-self            Argo CD managing its own install
 *   └── platform-root
 *       ├── infrastructure     networking, storage, compute, security, backup
 *       ├── applications       databases, artifacts, communications, gateway, observability, alerting
 *       ├── workloads          ml-serving
 *       └── environments       nested-cluster networks, schedules, and (later) the clusters
 *
 * with one AppProject per domain and one Application per component.
 * Platform address references in the components' Helm values become
 * `addresses` (default DEFAULT_PLATFORM_ADDRESSES).
 */
export function renderBootstrapTree(
  layout: GitOpsLayout,
  request: BootstrapRequest = {},
  addresses?: Partial<PlatformAddresses>,
): RenderedFile[] {
  // bad addresses are configuration, not a request problem: they throw here
  const platformAddresses = resolvePlatformAddresses(addresses);
  const componentRequests =
    request.components ??
    PLATFORM_COMPONENTS.map(c => ({
      name: c.name,
      owner: `group:default/${c.defaultOwner}`,
    }));
  const issues: RequestValidationError['issues'] = [];
  const components: ResolvedComponent[] = [];
  const seen = new Set<string>();
  componentRequests.forEach((componentRequest, index) => {
    try {
      components.push(
        renderComponentApplication(layout, componentRequest, platformAddresses)
          .component,
      );
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      issues.push(
        ...error.issues.map(i => ({
          field: `components[${index}].${i.field}`,
          rule: i.rule,
        })),
      );
    }
    if (seen.has(componentRequest.name)) {
      issues.push({
        field: `components[${index}].name`,
        rule: `${componentRequest.name} is listed twice`,
      });
    }
    seen.add(componentRequest.name);
  });
  const { parsed: vlans, problems } = checkVlanPlan(
    request.nestedVlans ?? DEFAULT_NESTED_VLANS,
    'nestedVlans',
  );
  issues.push(...problems);
  if (
    request.argocd?.chartVersion !== undefined &&
    !/^\d+\.\d+\.\d+$/.test(request.argocd.chartVersion)
  ) {
    issues.push({
      field: 'argocd.chartVersion',
      rule: 'must be an exact chart version like 8.1.2',
    });
  }
  if (issues.length) throw new RequestValidationError(issues);

  const files: RenderedFile[] = [];
  const add = (path: string, ...objects: KubeObject[]) =>
    files.push({ path, objects });

  // root: applied once by hand, then it keeps itself, argocd-self and platform-root in sync
  add(
    rootPathFile(layout, layout.names.root),
    buildApplication(layout, {
      name: layout.names.root,
      project: 'default',
      labels: { [LABELS.role]: 'root' },
      sources: [
        {
          repoURL: layout.repoURL,
          path: layout.rootPath,
          targetRevision: layout.targetRevision,
        },
      ],
      destinationNamespace: layout.argocdNamespace,
      syncPolicy: buildSyncPolicy({ createNamespace: false }),
      keepResourcesOnDelete: true,
    }),
  );
  add(
    rootPathFile(layout, `project-${PLATFORM_PROJECT}`),
    buildPlatformProject(layout),
  );
  add(
    rootPathFile(layout, layout.names.argocdSelf),
    buildApplication(layout, {
      name: layout.names.argocdSelf,
      project: PLATFORM_PROJECT,
      labels: { [LABELS.role]: 'argocd-self' },
      syncWave: -1,
      sources: [
        {
          repoURL: ARGO_HELM_REPO,
          chart: 'argo-cd',
          targetRevision:
            request.argocd?.chartVersion ?? DEFAULT_ARGOCD_CHART_VERSION,
          helm: {
            releaseName: 'argocd',
            valuesObject: {
              // the app-of-apps needs the Application status of children for health
              configs: {
                cm: {
                  'resource.customizations.health.argoproj.io_Application':
                    'hs = {}\nhs.status = "Progressing"\nhs.message = ""\nif obj.status ~= nil and obj.status.health ~= nil then\n  hs.status = obj.status.health.status\n  if obj.status.health.message ~= nil then hs.message = obj.status.health.message end\nend\nreturn hs\n',
                },
              },
              ...(request.argocd?.values ?? {}),
            },
          },
        },
      ],
      destinationNamespace: layout.argocdNamespace,
      // never prune Argo CD itself by accident
      syncPolicy: buildSyncPolicy({
        prune: false,
        serverSideApply: true,
        createNamespace: false,
      }),
      keepResourcesOnDelete: true,
    }),
  );
  add(
    rootPathFile(layout, layout.names.platformRoot),
    buildApplication(layout, {
      name: layout.names.platformRoot,
      project: PLATFORM_PROJECT,
      labels: { [LABELS.role]: 'platform-root' },
      sources: [
        {
          repoURL: layout.repoURL,
          path: layout.platformPath,
          targetRevision: layout.targetRevision,
        },
      ],
      destinationNamespace: layout.argocdNamespace,
      syncPolicy: buildSyncPolicy({ createNamespace: false }),
      keepResourcesOnDelete: true,
    }),
  );

  for (const domain of PLATFORM_DOMAINS) {
    add(
      `${layout.platformPath}/project-${domain}.yaml`,
      buildDomainProject(layout, domain),
    );
    add(
      `${layout.platformPath}/${domain}.yaml`,
      buildApplication(layout, {
        name: domain,
        project: PLATFORM_PROJECT,
        labels: { [LABELS.role]: 'domain-root', [LABELS.domain]: domain },
        syncWave: DOMAIN_WAVES[domain],
        sources: [
          {
            repoURL: layout.repoURL,
            path: `${layout.appsPath}/${domain}`,
            targetRevision: layout.targetRevision,
            directory: { recurse: true },
          },
        ],
        destinationNamespace: layout.argocdNamespace,
        syncPolicy: buildSyncPolicy({ createNamespace: false }),
        keepResourcesOnDelete: true,
      }),
    );
  }

  for (const component of components) {
    add(
      componentApplicationPath(layout, component),
      buildComponentApplication(layout, component),
    );
  }

  // environments: the VLAN networks every nested cluster attaches to
  const networksPath = `${layout.clustersPath}/networks`;
  add(
    `${networksPath}/networks.yaml`,
    ...buildNestedNetworkObjects(vlans, request.underlay ?? DEFAULT_UNDERLAY),
  );
  files.push({
    path: `${networksPath}/kustomization.yaml`,
    objects: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        metadata: { name: 'nested-networks' },
        resources: ['networks.yaml'],
      },
    ],
  });
  add(
    `${layout.appsPath}/environments/networks/nested-networks.yaml`,
    buildApplication(layout, {
      name: 'nested-networks',
      project: layout.projects.environments,
      labels: {
        [LABELS.domain]: 'environments',
        [LABELS.group]: 'networks',
        [LABELS.owner]: 'cloud-engineers',
        [LABELS.component]: 'nested-networks',
      },
      // before any nested cluster (wave 10) attaches to it
      syncWave: 0,
      sources: [
        {
          repoURL: layout.repoURL,
          path: networksPath,
          targetRevision: layout.targetRevision,
        },
      ],
      destinationNamespace: 'nested-networks',
      syncPolicy: buildSyncPolicy({ createNamespace: false, prune: false }),
    }),
  );
  return files;
}
