import { ComponentSource } from '../catalogue/types';
import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { KubeObject } from '../model';

/** Labels every Application of the portal carries, so the catalog can read them back. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  domain: 'platform.proficientnow.io/domain',
  group: 'platform.proficientnow.io/group',
  owner: 'platform.proficientnow.io/owner',
  component: 'platform.proficientnow.io/component',
  environment: 'platform.proficientnow.io/environment',
  cluster: 'platform.proficientnow.io/cluster',
  role: 'platform.proficientnow.io/role',
} as const;

export const MANAGED_BY = 'proficientnow-platform-portal';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Argo CD's resources-finalizer, so deleting an Application deletes what it deployed. */
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Turns a component source into an Argo CD `source` entry. */
export function toArgoSource(
  source: ComponentSource,
  layout: GitOpsLayout,
  applicationName: string,
): Record<string, unknown> {
  switch (source.type) {
    case 'helm': {
      const helm: Record<string, unknown> = {};
      if (source.releaseName && source.releaseName !== applicationName) {
        helm.releaseName = source.releaseName;
      }
      if (source.values && Object.keys(source.values).length > 0) {
        helm.valuesObject = source.values;
      }
      return {
        repoURL: source.repoURL,
        chart: source.chart,
        targetRevision: source.version,
        ...(Object.keys(helm).length ? { helm } : {}),
      };
    }
    case 'git':
      return {
        repoURL: source.repoURL ?? layout.repoURL,
        path: source.path,
        targetRevision: source.targetRevision ?? layout.targetRevision,
        ...(source.recurse ? { directory: { recurse: true } } : {}),
      };
    case 'kustomize': {
      const kustomize: Record<string, unknown> = {};
      if (source.namePrefix) kustomize.namePrefix = source.namePrefix;
      if (source.commonLabels) kustomize.commonLabels = source.commonLabels;
      if (source.images?.length) kustomize.images = source.images;
      return {
        repoURL: source.repoURL ?? layout.repoURL,
        path: source.path,
        targetRevision: source.targetRevision ?? layout.targetRevision,
        ...(Object.keys(kustomize).length ? { kustomize } : {}),
      };
    }
    default:
      throw new Error(
        `unknown source type ${(source as { type: string }).type}`,
      );
  }
}

export interface ApplicationOptions {
  name: string;
  project: string;
  labels: Record<string, string>;
  syncWave?: number;
  sources: Array<Record<string, unknown>>;
  destinationNamespace: string;
  syncPolicy: Record<string, unknown>;
  /** Keep deployed resources when the Application is deleted (roots); default false. */
  keepResourcesOnDelete?: boolean;
  info?: Array<{ name: string; value: string }>;
}

/** An Argo CD Application in the layout's Argo CD namespace. One source, or `sources` for several. */
export function buildApplication(
  layout: GitOpsLayout,
  options: ApplicationOptions,
): KubeObject {
  const annotations: Record<string, string> = {};
  if (options.syncWave !== undefined) {
    annotations[SYNC_WAVE_ANNOTATION] = String(options.syncWave);
  }
  const spec: Record<string, unknown> = { project: options.project };
  if (options.sources.length === 1) spec.source = options.sources[0];
  else spec.sources = options.sources;
  spec.destination = {
    server: layout.destinationServer,
    namespace: options.destinationNamespace,
  };
  spec.syncPolicy = options.syncPolicy;
  if (options.info?.length) spec.info = options.info;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: options.name,
      namespace: layout.argocdNamespace,
      labels: { [LABELS.managedBy]: MANAGED_BY, ...options.labels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(options.keepResourcesOnDelete
        ? {}
        : { finalizers: [RESOURCES_FINALIZER] }),
    },
    spec,
  };
}
