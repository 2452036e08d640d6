import { Entity } from '@backstage/catalog-model';
import {
  API_SERVER_ANNOTATION,
  API_SERVER_CA_ANNOTATION,
  LABELS,
} from '@internal/plugin-gitops-manifests-node';
import { GitOpsLayout } from '@internal/plugin-gitops-common';
import { parseAllDocuments } from 'yaml';

/** Annotations the portal's entities carry. */
export const ANNOTATIONS = {
  argocdAppName: 'argocd/app-name',
  kubernetesId: 'backstage.io/kubernetes-id',
  apiServer: 'kubernetes.io/api-server',
  apiServerCa: 'kubernetes.io/api-server-certificate-authority',
  authProvider: 'kubernetes.io/auth-provider',
  oidcTokenProvider: 'kubernetes.io/oidc-token-provider',
  kubernetesPending: 'platform.proficientnow.io/kubernetes-pending',
  skipTlsVerify: 'kubernetes.io/skip-tls-verify',
  sourcePath: 'platform.proficientnow.io/gitops-path',
  ownerUnresolved: 'platform.proficientnow.io/owner-unresolved',
} as const;

/** A rule that decides how Applications under a path become entities; the first match wins. */
export interface EntityRule {
  /** Repository path prefix, e.g. `argocd/apps/applications/`. */
  pathPrefix: string;
  kind?: 'Component' | 'Resource';
  type?: string;
  system?: string;
  owner?: string;
}

export interface RepositoryMappingOptions {
  layout: GitOpsLayout;
  /** Group names (lowercase) the catalog knows; owners outside it are reported. */
  knownGroups?: Set<string>;
  rules?: EntityRule[];
  /** Larger files are skipped. */
  maxFileBytes?: number;
  /** Owner used when an Application names none. */
  defaultOwner?: string;
  /** Web address of a file in the repository, for view links. */
  fileUrl?: (path: string) => string;
}

export interface SkippedInput {
  path: string;
  reason: string;
}

export interface RepositoryMapping {
  entities: Entity[];
  skipped: SkippedInput[];
  /** Owners that did not resolve to a known group, with the entities naming them. */
  unresolvedOwners: Array<{ owner: string; entity: string }>;
}

/** Environments of nested clusters -> the bundled catalog's environment resources. */
const ENVIRONMENT_ENTITIES: Record<string, string> = {
  dev: 'dev',
  qa: 'qa-staging',
  staging: 'qa-staging',
  prod: 'prod',
};

export const DEFAULT_MAX_FILE_BYTES = 512 * 1024;

function groupRef(owner: string): string {
  return owner.includes(':') ? owner : `group:default/${owner}`;
}

function ownerName(owner: string): string {
  return owner
    .replace(/^group:/, '')
    .replace(/^[^/]+\//, '')
    .toLowerCase();
}

/**
 * Turns the files of the GitOps repository into catalog entities: a Resource
 * per Argo CD Application (type argocd-application, unless a rule says
 * otherwise) and a Resource of type kubernetes-cluster per nested cluster,
 * annotated so Backstage's kubernetes backend finds it with its `catalog`
 * cluster locator. Bad input is skipped with a reason; one bad file never
 * stops the rest. Pure: the same files give the same entities.
 */
export function repositoryToEntities(
  files: Map<string, string>,
  options: RepositoryMappingOptions,
): RepositoryMapping {
  const { layout } = options;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const skipped: SkippedInput[] = [];
  const unresolvedOwners: RepositoryMapping['unresolvedOwners'] = [];
  const byName = new Map<string, { entity: Entity; path: string }>();
  const clusters = new Map<string, { entity: Entity; path: string }>();

  const resolveOwner = (
    owner: string | undefined,
    entityRef: string,
  ): { ref: string; unresolved?: string } => {
    const stated =
      owner && owner.trim()
        ? owner.trim()
        : options.defaultOwner ?? 'platform-engineers';
    if (options.knownGroups && !options.knownGroups.has(ownerName(stated))) {
      unresolvedOwners.push({ owner: stated, entity: entityRef });
      return { ref: groupRef(stated), unresolved: stated };
    }
    return { ref: groupRef(stated) };
  };

  const paths = [...files.keys()].filter(p => /\.ya?ml$/.test(p)).sort();
  for (const path of paths) {
    const inApps = path.startsWith(`${layout.appsPath}/`);
    const isNamespace =
      path.startsWith(`${layout.clustersPath}/`) &&
      path.endsWith('/namespace.yaml');
    if (!inApps && !isNamespace) continue;
    const content = files.get(path)!;
    if (Buffer.byteLength(content, 'utf8') > maxBytes) {
      skipped.push({ path, reason: `larger than ${maxBytes} bytes` });
      continue;
    }
    let documents;
    try {
      documents = parseAllDocuments(content);
    } catch (error) {
      skipped.push({ path, reason: `not YAML: ${(error as Error).message}` });
      continue;
    }
    const list = Array.isArray(documents) ? documents : [documents];
    list.forEach((document, index) => {
      const where = list.length > 1 ? `${path} (document ${index + 1})` : path;
      if (document.errors?.length) {
        skipped.push({
          path: where,
          reason: `malformed YAML: ${
            document.errors[0].message.split('\n')[0]
          }`,
        });
        return;
      }
      const object = document.toJS() as any;
      if (object === null || object === undefined) return;
      if (isNamespace) {
        if (object.kind !== 'Namespace') return;
        const entity = clusterEntity(object, path, resolveOwner, options);
        if (!entity) {
          skipped.push({
            path: where,
            reason:
              'Namespace of a nested cluster without a name or cluster label',
          });
          return;
        }
        clusters.set(entity.metadata.name, { entity, path });
        return;
      }
      if (
        object?.kind !== 'Application' ||
        !String(object?.apiVersion ?? '').startsWith('argoproj.io/')
      ) {
        skipped.push({
          path: where,
          reason: `not an Argo CD Application (${object?.apiVersion ?? '?'} ${
            object?.kind ?? '?'
          })`,
        });
        return;
      }
      const name = object.metadata?.name;
      if (
        typeof name !== 'string' ||
        !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) ||
        name.length > 63
      ) {
        skipped.push({
          path: where,
          reason: 'Application without a valid metadata.name',
        });
        return;
      }
      // a nested cluster's Application is represented by the cluster entity
      if (object.metadata?.labels?.[LABELS.cluster]) return;
      const existing = byName.get(name);
      if (existing) {
        skipped.push({
          path: where,
          reason: `duplicate Application name ${name} (also in ${existing.path}); both skipped`,
        });
        byName.set(name, {
          ...existing,
          entity: undefined as unknown as Entity,
        });
        return;
      }
      byName.set(name, {
        entity: applicationEntity(object, path, resolveOwner, options),
        path,
      });
    });
  }
  const entities = [
    ...[...byName.values()].filter(e => e.entity).map(e => e.entity),
    ...[...clusters.values()].map(c => c.entity),
  ];
  // a duplicate disqualifies the first occurrence too: the catalog must not pick one at random
  for (const [name, value] of byName) {
    if (!value.entity)
      skipped.push({
        path: value.path,
        reason: `duplicate Application name ${name}; skipped`,
      });
  }
  return { entities, skipped, unresolvedOwners };
}

function ruleFor(
  rules: EntityRule[] | undefined,
  path: string,
): EntityRule | undefined {
  return rules?.find(rule => path.startsWith(rule.pathPrefix));
}

function applicationEntity(
  app: any,
  path: string,
  resolveOwner: (
    owner: string | undefined,
    ref: string,
  ) => { ref: string; unresolved?: string },
  options: RepositoryMappingOptions,
): Entity {
  const labels = app.metadata?.labels ?? {};
  const rule = ruleFor(options.rules, path);
  const name: string = app.metadata.name;
  const kind = rule?.kind ?? 'Resource';
  const owner = resolveOwner(
    rule?.owner ?? labels[LABELS.owner],
    `${kind.toLowerCase()}:default/${name}`,
  );
  const relativeToApps = path
    .slice(options.layout.appsPath.length + 1)
    .split('/');
  const domain = labels[LABELS.domain] ?? relativeToApps[0];
  const group =
    labels[LABELS.group] ??
    (relativeToApps.length > 2 ? relativeToApps[1] : undefined);
  const source = app.spec?.source ?? app.spec?.sources?.[0] ?? {};
  const description = source.chart
    ? `Argo CD Application ${name}: Helm chart ${source.chart} ${
        source.targetRevision ?? ''
      } into namespace ${app.spec?.destination?.namespace ?? '?'}`
    : `Argo CD Application ${name}: ${
        source.path ?? 'manifests'
      } into namespace ${app.spec?.destination?.namespace ?? '?'}`;
  const docs = (app.spec?.info ?? []).find(
    (i: any) => i?.name === 'Documentation',
  )?.value;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      title: `${name} (Argo CD)`,
      description: description.replace(/\s+/g, ' ').trim(),
      annotations: {
        [ANNOTATIONS.argocdAppName]: name,
        [ANNOTATIONS.kubernetesId]: name,
        [ANNOTATIONS.sourcePath]: path,
        ...(owner.unresolved
          ? { [ANNOTATIONS.ownerUnresolved]: owner.unresolved }
          : {}),
      },
      labels: {
        ...(domain ? { 'platform.proficientnow.io/domain': domain } : {}),
        ...(group ? { 'platform.proficientnow.io/group': group } : {}),
      },
      tags: ['argocd', ...(domain ? [domain] : [])],
      links: [
        ...(options.fileUrl
          ? [
              {
                url: options.fileUrl(path),
                title: 'Application in the GitOps repository',
              },
            ]
          : []),
        ...(typeof docs === 'string' && /^https:\/\//.test(docs)
          ? [{ url: docs, title: 'Upstream documentation' }]
          : []),
      ],
    },
    spec: {
      type: rule?.type ?? 'argocd-application',
      owner: owner.ref,
      ...(rule?.system ?? group ? { system: rule?.system ?? group } : {}),
      ...(kind === 'Component' ? { lifecycle: 'production' } : {}),
      // the bundled catalog's component of the same name is what this Application deploys
      dependencyOf: [`component:default/${name}`],
    },
  };
}

function clusterEntity(
  namespace: any,
  path: string,
  resolveOwner: (
    owner: string | undefined,
    ref: string,
  ) => { ref: string; unresolved?: string },
  options: RepositoryMappingOptions,
): Entity | undefined {
  const labels = namespace.metadata?.labels ?? {};
  const name = labels[LABELS.cluster] ?? namespace.metadata?.name;
  if (typeof name !== 'string' || !name) return undefined;
  const environment: string | undefined = labels[LABELS.environment];
  const apiServer: string | undefined =
    namespace.metadata?.annotations?.[API_SERVER_ANNOTATION];
  const apiServerCa: string | undefined =
    namespace.metadata?.annotations?.[API_SERVER_CA_ANNOTATION];
  const owner = resolveOwner(labels[LABELS.owner], `resource:default/${name}`);
  const envEntity = environment ? ENVIRONMENT_ENTITIES[environment] : undefined;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: `${name} (${environment ?? 'nested'} cluster)`,
      description: `Nested MicroK8s cluster ${name} on KubeVirt VMs in the HA platform cluster${
        environment ? `, ${environment} environment` : ''
      }.`,
      annotations: {
        [ANNOTATIONS.kubernetesId]: name,
        [ANNOTATIONS.sourcePath]: path.replace(/\/namespace\.yaml$/, '/'),
        // what Backstage's kubernetes backend needs to find the cluster with its catalog locator:
        // people reach it with their Authentik (OIDC) sign-in, never with a shared token
        ...(apiServer
          ? {
              [ANNOTATIONS.apiServer]: apiServer,
              [ANNOTATIONS.authProvider]: 'oidc',
              [ANNOTATIONS.oidcTokenProvider]: 'authentik',
            }
          : {}),
        ...(apiServerCa
          ? { [ANNOTATIONS.apiServerCa]: apiServerCa }
          : {
              [ANNOTATIONS.kubernetesPending]: `the cluster CA is not recorded yet: add it (base64 PEM) as the ${API_SERVER_CA_ANNOTATION} annotation of the cluster namespace once the cluster is up`,
            }),
        ...(owner.unresolved
          ? { [ANNOTATIONS.ownerUnresolved]: owner.unresolved }
          : {}),
      },
      labels: environment
        ? { 'platform.proficientnow.io/environment': environment }
        : {},
      tags: [
        'kubernetes',
        'microk8s',
        'kubevirt',
        ...(environment ? [environment] : []),
      ],
      links: options.fileUrl
        ? [
            {
              url: options.fileUrl(path.replace(/\/namespace\.yaml$/, '')),
              title: 'Cluster folder in the GitOps repository',
            },
          ]
        : [],
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: owner.ref,
      system: 'nested-clusters',
      dependsOn: [
        ...(envEntity ? [`resource:default/${envEntity}`] : []),
        'resource:default/platform-cluster',
        'component:default/kubevirt',
      ],
    },
  };
}
