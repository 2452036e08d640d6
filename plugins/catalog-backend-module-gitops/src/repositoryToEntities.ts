import { Entity } from '@backstage/catalog-model';
import {
  API_SERVER_ADDRESS_ANNOTATION,
  API_SERVER_ANNOTATION,
  API_SERVER_CA_ANNOTATION,
  LABELS,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  ArgoCluster,
  clusterFromSecret,
  expandApplicationSet,
} from './ingest/applicationSets';
import {
  DEFAULT_DISCOVERY,
  DiscoveryOptions,
  fileSelector,
  helmTemplateFolders,
} from './ingest/discovery';
import {
  EntityRule,
  METADATA_KEYS,
  metadataValue,
  normalizeRef,
  ruleMatcher,
} from './ingest/metadata';
import { DEFAULT_YAML_LIMITS, parseYamlFile } from './ingest/yamlDocuments';
import { Deployment, LiveInventory } from './ingest/live';

export type { EntityRule } from './ingest/metadata';

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
  /** Relations the Application's metadata names whose target is not in the catalog. */
  relationsUnresolved: 'platform.proficientnow.io/relations-unresolved',
  /** The ApplicationSet (and generator) an Application was expanded from. */
  generatedBy: 'platform.proficientnow.io/generated-by',
  /** Label: deployed, not-deployed (in Git, not live), rendered (live, made from Git), drift (live, not in Git). */
  deployment: 'platform.proficientnow.io/deployment',
  /** For an Application known only live: what in Git renders it. */
  renderedBy: 'platform.proficientnow.io/rendered-by',
} as const;

export interface RepositoryMappingOptions {
  /** Which files are read; default every YAML file in the repository. */
  discovery?: DiscoveryOptions;
  /**
   * Refs (`kind:namespace/name`, lowercase) of the entities the catalog
   * holds, for owners and relations; undefined skips the check.
   */
  knownEntities?: Set<string>;
  rules?: EntityRule[];
  /** Larger files are skipped. */
  maxFileBytes?: number;
  /** Owner of an Application whose metadata and rules name none. */
  defaultOwner?: string;
  /** Web address of a file in the repository, for view links. */
  fileUrl?: (path: string) => string;
  /** The repository's URL, so ApplicationSet git generators on it resolve. */
  repoURL?: string;
  /** Clusters Argo CD knows besides the cluster Secrets in the repository, for cluster generators. */
  clusters?: ArgoCluster[];
  /** Every path of the repository (for git directory generators and Helm charts); default the keys of `files`. */
  paths?: string[];
  /**
   * The Applications Argo CD holds: merged by name, an Application in Git
   * but not live is not deployed, one live but in no Git file is drift
   * (unless an Application or ApplicationSet in Git renders it).
   */
  live?: LiveInventory;
}

export interface SkippedInput {
  path: string;
  reason: string;
}

/** What a refresh saw, for the person asking why an Application is (not) in the catalog. */
export interface IngestionCounts {
  /** Files selected by the discovery globs and read. */
  filesRead: number;
  applications: number;
  applicationSets: number;
  /** Applications expanded from ApplicationSets. */
  generated: number;
  /** Documents of other kinds in the scanned files: not entities, not a problem. */
  otherDocuments: number;
  /** Files in Helm charts' templates/ folders: known only after rendering. */
  helmTemplates: number;
  /** Git against the live source, when it was read. */
  live?: {
    cluster: string;
    observedAt: string;
    applications: number;
    notDeployed: number;
    rendered: number;
    drift: number;
  };
}

export interface UnresolvedRelation {
  entity: string;
  relation: string;
  target: string;
}

export interface RepositoryMapping {
  entities: Entity[];
  skipped: SkippedInput[];
  /** Owners that did not resolve to a known group, with the entities naming them. */
  unresolvedOwners: Array<{ owner: string; entity: string }>;
  /** Relations whose target is not in the catalog: left out of the entity, reported here. */
  unresolvedRelations: UnresolvedRelation[];
  counts: IngestionCounts;
}

/** Environments of nested clusters to the bundled catalog's environment resources. */
const ENVIRONMENT_ENTITIES: Record<string, string> = {
  dev: 'dev',
  qa: 'qa-staging',
  staging: 'qa-staging',
  prod: 'prod',
};

export const DEFAULT_MAX_FILE_BYTES = 512 * 1024;

const ENTITY_NAME = /^[a-z0-9A-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** Where one Argo CD object came from. */
interface Found {
  object: Record<string, any>;
  /** The file in Git; empty for an Application known only from the live source. */
  path: string;
  where: string;
  generatedBy?: string;
  /** How it stands between Git and the cluster, when the live source was read. */
  deployment?: Deployment;
  /** The Application that renders it, for one known only live. */
  renderedBy?: string;
}

function isArgo(object: any, kind: string): boolean {
  return (
    object?.kind === kind &&
    String(object?.apiVersion ?? '').startsWith('argoproj.io/')
  );
}

/** Decides which refs an entity may point at, and records the rest. */
class RelationResolver {
  readonly unresolved: UnresolvedRelation[] = [];
  readonly unresolvedOwners: Array<{ owner: string; entity: string }> = [];

  constructor(
    private readonly known: Set<string> | undefined,
    private readonly emitted: Set<string>,
  ) {}

  private exists(ref: string): boolean {
    return !this.known || this.known.has(ref) || this.emitted.has(ref);
  }

  /** The owner ref; an owner that is not a group in the catalog is kept, annotated and reported. */
  owner(
    stated: string | undefined,
    entity: string,
  ): { ref: string; unresolved?: string } {
    if (!stated) {
      this.unresolvedOwners.push({ owner: '(none)', entity });
      return {
        ref: 'group:default/unknown',
        unresolved:
          'no owner: set the platform.proficientnow.io/owner annotation or label, an owner in gitops.catalog.rules, or gitops.catalog.defaultOwner',
      };
    }
    const ref = normalizeRef(stated, 'group');
    if (!ref || !ref.startsWith('group:') || !this.exists(ref)) {
      this.unresolvedOwners.push({ owner: stated, entity });
      return { ref: ref ?? 'group:default/unknown', unresolved: stated };
    }
    return { ref };
  }

  /** The refs of one relation that exist; the others are reported. */
  targets(
    entity: string,
    relation: string,
    stated: string[],
    defaultKind: string,
  ): string[] {
    const kept: string[] = [];
    for (const value of stated) {
      const ref = normalizeRef(value, defaultKind);
      if (ref && this.exists(ref)) {
        if (!kept.includes(ref)) kept.push(ref);
      } else {
        this.unresolved.push({ entity, relation, target: ref ?? value });
      }
    }
    return kept;
  }

  /** Annotation text for the relations of one entity that did not resolve. */
  describe(entity: string): Record<string, string> {
    const mine = this.unresolved.filter(u => u.entity === entity);
    return mine.length
      ? {
          [ANNOTATIONS.relationsUnresolved]: mine
            .map(u => `${u.relation} ${u.target}`)
            .join(', '),
        }
      : {};
  }
}

/**
 * Turns the files of a GitOps repository, whatever its layout, into catalog
 * entities: a Resource per Argo CD Application (plain, in multi-document
 * files, or expanded from an ApplicationSet), an entity per ApplicationSet
 * whose generators cannot be resolved here, and a Resource of type
 * kubernetes-cluster per nested cluster namespace. Owners and relations come
 * from the objects' metadata, then the path rules, then the default owner;
 * a relation whose target is not in the catalog is left out and reported.
 * Each file is read on its own: a bad one is skipped with its reason and
 * never stops the rest. Pure: the same files give the same entities.
 */
export function repositoryToEntities(
  files: Map<string, string>,
  options: RepositoryMappingOptions = {},
): RepositoryMapping {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const selected = fileSelector(options.discovery ?? DEFAULT_DISCOVERY);
  const allPaths = options.paths ?? [...files.keys()];
  const helmFolders = helmTemplateFolders(allPaths);
  const skipped: SkippedInput[] = [];
  const counts: IngestionCounts = {
    filesRead: 0,
    applications: 0,
    applicationSets: 0,
    generated: 0,
    otherDocuments: 0,
    helmTemplates: 0,
  };
  const applications: Found[] = [];
  const applicationSets: Found[] = [];
  const namespaces: Found[] = [];
  const clusters: ArgoCluster[] = [...(options.clusters ?? [])];

  const paths = [...files.keys()].filter(selected).sort();
  for (const path of paths) {
    if (helmFolders.some(folder => path.startsWith(folder))) {
      counts.helmTemplates++;
      continue;
    }
    const content = files.get(path)!;
    if (Buffer.byteLength(content, 'utf8') > maxBytes) {
      skipped.push({ path, reason: `larger than ${maxBytes} bytes` });
      continue;
    }
    counts.filesRead++;
    const parsed = parseYamlFile(content, DEFAULT_YAML_LIMITS);
    if (!Array.isArray(parsed)) {
      skipped.push({ path, reason: parsed.problem });
      continue;
    }
    for (const document of parsed) {
      const where =
        parsed.length > 1 ? `${path} (document ${document.index + 1})` : path;
      if ('problem' in document) {
        skipped.push({ path: where, reason: document.problem });
        continue;
      }
      const object = document.value as any;
      if (object === null || object === undefined) continue;
      if (isArgo(object, 'Application')) {
        counts.applications++;
        applications.push({ object, path, where });
      } else if (isArgo(object, 'ApplicationSet')) {
        counts.applicationSets++;
        applicationSets.push({ object, path, where });
      } else if (
        object?.kind === 'Namespace' &&
        object?.metadata?.labels?.[LABELS.cluster]
      ) {
        namespaces.push({ object, path, where });
      } else {
        const cluster = clusterFromSecret(object);
        if (cluster) clusters.push(cluster);
        counts.otherDocuments++;
      }
    }
  }

  // ApplicationSets: what Argo CD would generate, where it can be known here
  const setEntities: Array<{
    found: Found;
    unresolved: string[];
    generators: string[];
  }> = [];
  for (const found of applicationSets) {
    const expansion = expandApplicationSet(found.object, {
      repoURL: options.repoURL,
      paths: allPaths,
      readText: p => files.get(p),
      clusters,
    });
    counts.generated += expansion.applications.length;
    for (const generated of expansion.applications) {
      applications.push({
        object: generated.object,
        path: found.path,
        where: found.where,
        generatedBy: `${found.object.metadata?.name ?? '?'} (${
          generated.generator
        })`,
      });
    }
    if (expansion.unresolved.length) {
      for (const reason of expansion.unresolved) {
        skipped.push({
          path: found.where,
          reason: `ApplicationSet ${
            found.object.metadata?.name ?? '?'
          }: ${reason}`,
        });
      }
      setEntities.push({
        found,
        unresolved: expansion.unresolved,
        generators: expansion.generators,
      });
    }
  }

  // names: valid, and one entity per name (a duplicate disqualifies both)
  const byName = new Map<string, Found[]>();
  const candidates: Array<{
    found: Found;
    kind: 'application' | 'set' | 'cluster';
  }> = [];
  // what Git declares by name, whatever becomes of it below
  const declared = new Set(
    applications.map(f => String(f.object.metadata?.name ?? '').toLowerCase()),
  );
  const declaredSets = new Set(
    applicationSets.map(f =>
      String(f.object.metadata?.name ?? '').toLowerCase(),
    ),
  );
  const claim = (
    name: unknown,
    found: Found,
    kind: 'application' | 'set' | 'cluster',
  ) => {
    if (
      typeof name !== 'string' ||
      name.length > 63 ||
      !ENTITY_NAME.test(name)
    ) {
      skipped.push({
        path: found.where,
        reason: `${
          found.object.kind
        } without a valid metadata.name (at most 63 letters, digits, '-', '_' or '.'): ${JSON.stringify(
          typeof name === 'string' ? name.slice(0, 80) : name ?? null,
        )}`,
      });
      return;
    }
    const key = name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), found]);
    candidates.push({ found, kind });
  };
  for (const found of applications) {
    // a nested cluster's Application is represented by the cluster entity
    if (found.object.metadata?.labels?.[LABELS.cluster]) continue;
    claim(found.object.metadata?.name, found, 'application');
  }
  for (const { found } of setEntities)
    claim(found.object.metadata?.name, found, 'set');
  if (options.live) {
    counts.live = mergeLive(options.live, applications);
    for (const found of liveOnly(options.live, declared, declaredSets)) {
      claim(found.object.metadata.name, found, 'application');
    }
  }
  for (const found of namespaces) {
    claim(found.object.metadata?.labels?.[LABELS.cluster], found, 'cluster');
  }
  const duplicates = new Set<string>();
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    duplicates.add(name);
    for (const found of list) {
      skipped.push({
        path: found.where,
        reason: `duplicate name ${name} (also in ${list
          .filter(other => other !== found)
          .map(other => other.where)
          .join(', ')}); every one of them is skipped`,
      });
    }
  }
  const nameOf = (found: Found, kind: string) =>
    String(
      kind === 'cluster'
        ? found.object.metadata.labels[LABELS.cluster]
        : found.object.metadata.name,
    );
  const kept = candidates.filter(
    c => !duplicates.has(nameOf(c.found, c.kind).toLowerCase()),
  );

  // relations point only at what exists: the catalog, or what this refresh emits
  const rule = ruleMatcher(options.rules);
  const emitted = new Set<string>();
  for (const c of kept) {
    const kind =
      c.kind === 'application'
        ? rule(c.found.path)?.kind ?? 'Resource'
        : 'Resource';
    emitted.add(
      `${kind.toLowerCase()}:default/${nameOf(c.found, c.kind).toLowerCase()}`,
    );
  }
  const relations = new RelationResolver(options.knownEntities, emitted);
  const entities: Entity[] = [];
  for (const c of kept) {
    if (c.kind === 'cluster') {
      entities.push(clusterEntity(c.found, relations, options));
    } else if (c.kind === 'set') {
      const set = setEntities.find(s => s.found === c.found)!;
      entities.push(
        applicationSetEntity(set, rule(c.found.path), relations, options),
      );
    } else {
      entities.push(
        applicationEntity(c.found, rule(c.found.path), relations, options),
      );
    }
  }
  if (counts.live) {
    counts.live.rendered = kept.filter(
      c => c.found.deployment === 'rendered',
    ).length;
    counts.live.drift = kept.filter(c => c.found.deployment === 'drift').length;
  }
  return {
    entities,
    skipped,
    unresolvedOwners: relations.unresolvedOwners,
    unresolvedRelations: relations.unresolved,
    counts,
  };
}

/** Marks each Application from Git deployed or not; counts what the cluster holds. */
function mergeLive(
  live: LiveInventory,
  applications: Found[],
): NonNullable<IngestionCounts['live']> {
  const running = new Set(live.applications.map(a => a.name.toLowerCase()));
  let notDeployed = 0;
  for (const found of applications) {
    const name = String(found.object.metadata?.name ?? '').toLowerCase();
    found.deployment = running.has(name) ? 'deployed' : 'not-deployed';
    if (found.deployment === 'not-deployed') notDeployed++;
  }
  return {
    cluster: live.cluster,
    observedAt: live.observedAt,
    applications: live.applications.length,
    notDeployed,
    // counted from what is kept, by the caller
    rendered: 0,
    drift: 0,
  };
}

/**
 * The Applications that run but that no Git file declares by name: rendered
 * from Git when another Application (Argo CD's tracking) or an ApplicationSet
 * in Git made them, drift otherwise.
 */
function liveOnly(
  live: LiveInventory,
  declared: Set<string>,
  declaredSets: Set<string>,
): Found[] {
  const running = new Set(live.applications.map(a => a.name.toLowerCase()));
  const found: Found[] = [];
  for (const app of live.applications) {
    const name = app.name.toLowerCase();
    if (declared.has(name) || app.labels[LABELS.cluster]) continue;
    const parent = app.parent?.toLowerCase();
    const set = app.generatedBy?.toLowerCase();
    const rendered =
      (parent !== undefined && (declared.has(parent) || running.has(parent))) ||
      (set !== undefined && declaredSets.has(set));
    found.push({
      object: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: app.name,
          labels: app.labels,
          annotations: app.annotations,
        },
        spec: {},
      },
      path: '',
      where: `${live.cluster}: Application ${
        app.namespace ? `${app.namespace}/` : ''
      }${app.name}`,
      deployment: rendered ? 'rendered' : 'drift',
      ...(rendered
        ? { renderedBy: app.parent ?? `ApplicationSet ${app.generatedBy}` }
        : {}),
      ...(app.generatedBy ? { generatedBy: app.generatedBy } : {}),
    });
  }
  return found;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

function viewLinks(
  path: string,
  options: RepositoryMappingOptions,
  title: string,
) {
  return options.fileUrl ? [{ url: options.fileUrl(path), title }] : [];
}

/** System, owner, domain and relations of an Application-like object: metadata, then rule, then default. */
function placement(
  object: any,
  rule: EntityRule | undefined,
  entityRef: string,
  relations: RelationResolver,
  options: RepositoryMappingOptions,
) {
  const owner = relations.owner(
    metadataValue(object, METADATA_KEYS.owner) ??
      rule?.owner ??
      options.defaultOwner,
    entityRef,
  );
  const systemStated =
    metadataValue(object, METADATA_KEYS.system) ??
    metadataValue(object, METADATA_KEYS.group) ??
    rule?.system;
  const [system] = systemStated
    ? relations.targets(entityRef, 'system', [systemStated], 'system')
    : [];
  const domain = metadataValue(object, METADATA_KEYS.domain) ?? rule?.domain;
  const deploys = [
    ...splitList(metadataValue(object, METADATA_KEYS.entityRef)),
    ...splitList(metadataValue(object, METADATA_KEYS.component)),
  ];
  const dependencyOf = relations.targets(
    entityRef,
    'dependencyOf',
    deploys,
    'component',
  );
  const dependsOn = relations.targets(
    entityRef,
    'dependsOn',
    splitList(metadataValue(object, METADATA_KEYS.dependsOn)),
    'resource',
  );
  return { owner, system, domain, dependencyOf, dependsOn };
}

/** What the entity says about Git against the cluster: a label to select on, a tag to filter by, a sentence to read. */
function liveFacts(found: Found): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tags: string[];
  sentence: string;
} {
  switch (found.deployment) {
    case undefined:
      return { labels: {}, annotations: {}, tags: [], sentence: '' };
    case 'deployed':
      return {
        labels: { [ANNOTATIONS.deployment]: 'deployed' },
        annotations: {},
        tags: [],
        sentence: '',
      };
    case 'not-deployed':
      return {
        labels: { [ANNOTATIONS.deployment]: 'not-deployed' },
        annotations: {},
        tags: ['not-deployed'],
        sentence:
          '. Not deployed: declared in Git, but Argo CD does not hold it.',
      };
    case 'rendered':
      return {
        labels: { [ANNOTATIONS.deployment]: 'rendered' },
        annotations: { [ANNOTATIONS.renderedBy]: found.renderedBy ?? '' },
        tags: ['rendered'],
        sentence: `. Known from Argo CD: rendered from Git by ${found.renderedBy}.`,
      };
    default:
      return {
        labels: { [ANNOTATIONS.deployment]: 'drift' },
        annotations: {},
        tags: ['drift'],
        sentence: `. Drift: running in Argo CD (${found.where}) but declared nowhere in Git.`,
      };
  }
}

function applicationEntity(
  found: Found,
  rule: EntityRule | undefined,
  relations: RelationResolver,
  options: RepositoryMappingOptions,
): Entity {
  const app = found.object;
  const name: string = app.metadata.name;
  const kind = rule?.kind ?? 'Resource';
  const entityRef = `${kind.toLowerCase()}:default/${name.toLowerCase()}`;
  const where = placement(app, rule, entityRef, relations, options);
  const domainLabel =
    where.domain &&
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i.test(where.domain) &&
    where.domain.length <= 63
      ? where.domain.toLowerCase()
      : undefined;
  const source = app.spec?.source ?? app.spec?.sources?.[0] ?? {};
  const namespace = app.spec?.destination?.namespace ?? '?';
  const description = source.chart
    ? `Argo CD Application ${name}: Helm chart ${source.chart} ${
        source.targetRevision ?? ''
      } into namespace ${namespace}`
    : `Argo CD Application ${name}: ${
        source.path ?? 'manifests'
      } into namespace ${namespace}`;
  const docs = (Array.isArray(app.spec?.info) ? app.spec.info : []).find(
    (i: any) => i?.name === 'Documentation',
  )?.value;
  const live = liveFacts(found);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      title: `${name} (Argo CD)`,
      description: `${
        found.path ? description : `Argo CD Application ${name}`
      }${
        found.generatedBy
          ? `, generated by ApplicationSet ${found.generatedBy}`
          : ''
      }${live.sentence}`
        .replace(/\s+/g, ' ')
        .trim(),
      annotations: {
        [ANNOTATIONS.argocdAppName]: name,
        [ANNOTATIONS.kubernetesId]: name,
        ...(found.path ? { [ANNOTATIONS.sourcePath]: found.path } : {}),
        ...(found.generatedBy
          ? { [ANNOTATIONS.generatedBy]: found.generatedBy }
          : {}),
        ...live.annotations,
        ...(where.owner.unresolved
          ? { [ANNOTATIONS.ownerUnresolved]: where.owner.unresolved }
          : {}),
        ...relations.describe(entityRef),
      },
      labels: {
        ...(domainLabel
          ? { 'platform.proficientnow.io/domain': domainLabel }
          : {}),
        ...live.labels,
      },
      tags: [
        'argocd',
        ...(found.generatedBy ? ['applicationset'] : []),
        ...live.tags,
        ...(domainLabel && domainLabel !== 'argocd' ? [domainLabel] : []),
      ],
      links: [
        ...(found.path
          ? viewLinks(
              found.path,
              options,
              'Application in the GitOps repository',
            )
          : []),
        ...(typeof docs === 'string' && /^https:\/\//.test(docs)
          ? [{ url: docs, title: 'Upstream documentation' }]
          : []),
      ],
    },
    spec: {
      type: rule?.type ?? 'argocd-application',
      owner: where.owner.ref,
      ...(where.system ? { system: where.system } : {}),
      ...(kind === 'Component' ? { lifecycle: 'production' } : {}),
      ...(where.dependencyOf.length
        ? { dependencyOf: where.dependencyOf }
        : {}),
      ...(where.dependsOn.length ? { dependsOn: where.dependsOn } : {}),
    },
  };
}

function applicationSetEntity(
  set: { found: Found; unresolved: string[]; generators: string[] },
  rule: EntityRule | undefined,
  relations: RelationResolver,
  options: RepositoryMappingOptions,
): Entity {
  const object = set.found.object;
  const name: string = object.metadata.name;
  const entityRef = `resource:default/${name.toLowerCase()}`;
  // the template's metadata says where the generated Applications belong
  const template = { metadata: object.spec?.template?.metadata ?? {} };
  const merged = {
    metadata: {
      annotations: {
        ...template.metadata.annotations,
        ...object.metadata?.annotations,
      },
      labels: { ...template.metadata.labels, ...object.metadata?.labels },
    },
  };
  const where = placement(merged, rule, entityRef, relations, options);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: `${name} (Argo CD ApplicationSet)`,
      description: `Argo CD ApplicationSet ${name}: generates Applications from ${
        set.generators.join(', ') || 'no generator'
      }; what it generates is known only to Argo CD (${set.unresolved
        .join('; ')
        .slice(0, 400)})`,
      annotations: {
        [ANNOTATIONS.sourcePath]: set.found.path,
        ...(where.owner.unresolved
          ? { [ANNOTATIONS.ownerUnresolved]: where.owner.unresolved }
          : {}),
        ...relations.describe(entityRef),
      },
      tags: ['argocd', 'applicationset'],
      links: viewLinks(
        set.found.path,
        options,
        'ApplicationSet in the GitOps repository',
      ),
    },
    spec: {
      type: 'argocd-applicationset',
      owner: where.owner.ref,
      ...(where.system ? { system: where.system } : {}),
      ...(where.dependencyOf.length
        ? { dependencyOf: where.dependencyOf }
        : {}),
    },
  };
}

function clusterEntity(
  found: Found,
  relations: RelationResolver,
  options: RepositoryMappingOptions,
): Entity {
  const namespace = found.object;
  const labels = namespace.metadata?.labels ?? {};
  const name = String(labels[LABELS.cluster]);
  const entityRef = `resource:default/${name.toLowerCase()}`;
  const environment: string | undefined = labels[LABELS.environment];
  const apiServer: string | undefined =
    namespace.metadata?.annotations?.[API_SERVER_ANNOTATION];
  const apiServerCa: string | undefined =
    namespace.metadata?.annotations?.[API_SERVER_CA_ANNOTATION];
  // the API server by address: a three-control-plane cluster's virtual IP, so it answers while any control plane is up
  const apiServerAddress: unknown =
    namespace.metadata?.annotations?.[API_SERVER_ADDRESS_ANNOTATION];
  const owner = relations.owner(
    metadataValue(namespace, METADATA_KEYS.owner) ?? options.defaultOwner,
    entityRef,
  );
  const envEntity = environment ? ENVIRONMENT_ENTITIES[environment] : undefined;
  const folder = found.path.replace(/\/[^/]*$/, '/');
  const [system] = relations.targets(
    entityRef,
    'system',
    ['nested-clusters'],
    'system',
  );
  const dependsOn = relations.targets(
    entityRef,
    'dependsOn',
    [
      ...(envEntity ? [`resource:default/${envEntity}`] : []),
      'resource:default/platform-cluster',
      'component:default/kubevirt',
    ],
    'resource',
  );
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
        [ANNOTATIONS.sourcePath]: folder,
        // what Backstage's kubernetes backend needs to find the cluster with its catalog locator:
        // people reach it with their Authentik (OIDC) sign-in, never with a shared token
        ...(apiServer
          ? {
              [ANNOTATIONS.apiServer]: apiServer,
              [ANNOTATIONS.authProvider]: 'oidc',
              [ANNOTATIONS.oidcTokenProvider]: 'authentik',
            }
          : {}),
        ...(typeof apiServerAddress === 'string' &&
        /^https:\/\/[0-9.]+:\d+$/.test(apiServerAddress)
          ? { [API_SERVER_ADDRESS_ANNOTATION]: apiServerAddress }
          : {}),
        ...(apiServerCa
          ? { [ANNOTATIONS.apiServerCa]: apiServerCa }
          : {
              [ANNOTATIONS.kubernetesPending]: `the cluster CA is not recorded yet: add it (base64 PEM) as the ${API_SERVER_CA_ANNOTATION} annotation of the cluster namespace once the cluster is up`,
            }),
        ...(owner.unresolved
          ? { [ANNOTATIONS.ownerUnresolved]: owner.unresolved }
          : {}),
        ...relations.describe(entityRef),
      },
      labels:
        environment && /^[a-z0-9-]{1,63}$/.test(environment)
          ? { 'platform.proficientnow.io/environment': environment }
          : {},
      tags: [
        'kubernetes',
        'microk8s',
        'kubevirt',
        ...(environment && /^[a-z0-9-]{1,63}$/.test(environment)
          ? [environment]
          : []),
      ],
      links: viewLinks(
        folder.replace(/\/$/, ''),
        options,
        'Cluster folder in the GitOps repository',
      ),
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: owner.ref,
      ...(system ? { system } : {}),
      ...(dependsOn.length ? { dependsOn } : {}),
    },
  };
}
