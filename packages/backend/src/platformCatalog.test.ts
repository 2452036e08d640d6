/*
 * The bundled platform catalog is the map of the platform: who owns each
 * piece and what it depends on. This test reads it the way the catalog does
 * (catalog-info.yaml, then every Location target, recursively), validates each
 * entity with the Backstage catalog model, and checks that every relation
 * points at an entity that is actually in the bundle - the catalog itself only
 * shows a dangling relation as a broken link, it does not reject it.
 */
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const repoRoot = path.resolve(__dirname, '../../..');
const rootFile = path.join(repoRoot, 'catalog-info.yaml');
const platformDir = path.join(repoRoot, 'catalog', 'platform');

/** Names shared with the GitOps generators: each is an Argo CD application. */
const ARGOCD_APPS = [
  'cilium',
  'metallb',
  'ingress-nginx',
  'cert-manager',
  'kube-ovn',
  'multus',
  'kubenurse',
  'rook-ceph',
  'rook-ceph-cluster',
  'minio',
  'kubevirt',
  'cdi',
  'firecracker',
  'openwhisk',
  'sealed-secrets',
  'authentik',
  'keycloak',
  'velero',
  'postgres',
  'timescaledb',
  'mongodb',
  'couchdb',
  'redis',
  'dicedb',
  'verdaccio',
  'harbor',
  'gitlab',
  'kafka',
  'rabbitmq',
  'postal',
  'mailcow',
  'kong',
  'prometheus',
  'grafana',
  'alertmanager',
  'loki',
  'promtail',
  'tempo',
  'jaeger',
  'alert-routing',
  'kuberay-operator',
  'vllm',
  'model-registry',
  'staging-mirror',
];

/** Platform pieces that are not Argo CD applications, with their kind. */
const OTHER_PIECES: Record<string, 'Component' | 'Resource'> = {
  proxmox: 'Component',
  'aws-ec2-control-node': 'Resource',
  opnsense: 'Component',
  'sophos-firewall': 'Resource',
  terraform: 'Component',
  ansible: 'Component',
  kubekey: 'Component',
  microk8s: 'Component',
  'keepalived-api-vip': 'Resource',
  argocd: 'Component',
  jenkins: 'Component',
  hubble: 'Component',
  'firewall-ui': 'Component',
  microceph: 'Component',
  'ceph-rbd': 'Resource',
  'ceph-dashboard': 'Component',
  'dns-provider': 'Resource',
  'platform-cluster': 'Resource',
  dev: 'Resource',
  'qa-staging': 'Resource',
  prod: 'Resource',
  g1: 'Resource',
  g2: 'Resource',
  g3: 'Resource',
  'ec2-control-node': 'Resource',
  'proxmox-node': 'Resource',
  'baremetal-1': 'Resource',
  'baremetal-2': 'Resource',
  desktop: 'Resource',
  'vlan-100-public': 'Resource',
  'vlan-101-storage-public': 'Resource',
  'vlan-102-internal': 'Resource',
  'vlan-104-storage-private': 'Resource',
  'vlan-105-nested-clusters': 'Resource',
  'vlan-106-management': 'Resource',
  'vlan-107-high-speed-external': 'Resource',
  'vlan-108-nested-cluster-apps': 'Resource',
  'vlan-109-nested-cluster-data': 'Resource',
};

/** Resource types that describe places rather than software: no upstream docs. */
const LINKLESS_RESOURCE_TYPES = [
  'node',
  'host-group',
  'network',
  'environment',
];

const RESOURCE_TYPES: Record<string, string> = {
  'ceph-rbd': 'storage-class',
  'platform-cluster': 'kubernetes-cluster',
  dev: 'environment',
  'qa-staging': 'environment',
  prod: 'environment',
  g1: 'host-group',
  g2: 'host-group',
  g3: 'host-group',
  'ec2-control-node': 'node',
  'proxmox-node': 'node',
  'baremetal-1': 'node',
  'baremetal-2': 'node',
  desktop: 'node',
  'vlan-105-nested-clusters': 'network',
  'vlan-108-nested-cluster-apps': 'network',
  'vlan-109-nested-cluster-data': 'network',
};

const NODE_HOST_GROUPS: Record<string, string> = {
  'ec2-control-node': 'g1',
  'proxmox-node': 'g2',
  'baremetal-1': 'g3',
  'baremetal-2': 'g3',
  desktop: 'g3',
};

const SYSTEMS_BY_DOMAIN: Record<string, string[]> = {
  cloud: ['hosts', 'provisioning', 'edge-security'],
  platform: ['platform-cluster', 'gitops'],
  infrastructure: ['networking', 'storage', 'compute', 'security', 'backup'],
  applications: [
    'databases',
    'artifacts',
    'communications',
    'gateway',
    'observability',
    'alerting',
  ],
  workloads: ['ml-serving'],
  environments: ['nested-clusters'],
};

const ORG_GROUPS = [
  'group:default/proficientnow',
  'group:default/platform-engineers',
  'group:default/cloud-engineers',
  'group:default/app-developers',
];

type Loaded = { entity: Entity; file: string };

/** Reads a catalog file and every file its Location entities point at. */
function loadCatalog(root: string): { entities: Loaded[]; files: string[] } {
  const entities: Loaded[] = [];
  const files: string[] = [];
  const visit = (file: string, from: string) => {
    if (files.includes(file)) return;
    if (!fs.existsSync(file)) {
      throw new Error(`${from} points at ${file}, which does not exist`);
    }
    files.push(file);
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
    for (const [index, doc] of Array.from(docs).entries()) {
      if (doc.errors.length) {
        throw new Error(
          `${file} document ${index + 1}: ${doc.errors
            .map(e => e.message)
            .join('; ')}`,
        );
      }
      const entity = doc.toJS() as Entity | null;
      if (entity === null || entity === undefined) continue;
      entities.push({ entity, file });
      if (entity.kind === 'Location') {
        const spec = (entity.spec ?? {}) as {
          type?: string;
          target?: string;
          targets?: string[];
        };
        if (spec.type !== undefined && spec.type !== 'file') {
          throw new Error(`${file}: only file locations are bundled`);
        }
        for (const target of [
          ...(spec.target ? [spec.target] : []),
          ...(spec.targets ?? []),
        ]) {
          if (path.isAbsolute(target) || /^[a-z]+:/i.test(target)) {
            throw new Error(`${file}: target ${target} must be relative`);
          }
          visit(
            path.resolve(path.dirname(file), target),
            `Location ${entity.metadata.name} in ${file}`,
          );
        }
      }
    }
  };
  visit(path.resolve(root), 'the test');
  return { entities, files };
}

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  // the self-service templates are registered from the bundle too
  templateEntityV1beta3Validator,
];

/** Applies the catalog's default entity policies and the built-in kind schemas. */
async function validate(entity: Entity): Promise<void> {
  const enforced = await policy.enforce(entity);
  if (!enforced) throw new Error('rejected by the entity policies');
  for (const validator of kindValidators) {
    if (await validator.check(enforced)) return;
  }
  throw new Error(`unknown kind ${entity.apiVersion} ${entity.kind}`);
}

const key = (ref: string) => ref.toLocaleLowerCase('en-US');
const refOf = (entity: Entity) => key(stringifyEntityRef(entity));

/**
 * Spec fields that become relations, per kind, with the kind a bare name
 * defaults to - the same table the catalog's BuiltinKindsEntityProcessor uses.
 * No default kind means the reference must name its kind (dependsOn etc.).
 */
const RELATION_FIELDS: Record<
  string,
  Array<{ field: string; relation: string; defaultKind?: string }>
> = {
  component: [
    { field: 'owner', relation: 'ownedBy', defaultKind: 'Group' },
    { field: 'system', relation: 'partOf', defaultKind: 'System' },
    { field: 'subcomponentOf', relation: 'partOf', defaultKind: 'Component' },
    { field: 'providesApis', relation: 'providesApi', defaultKind: 'API' },
    { field: 'consumesApis', relation: 'consumesApi', defaultKind: 'API' },
    { field: 'dependsOn', relation: 'dependsOn' },
    { field: 'dependencyOf', relation: 'dependencyOf' },
  ],
  api: [
    { field: 'owner', relation: 'ownedBy', defaultKind: 'Group' },
    { field: 'system', relation: 'partOf', defaultKind: 'System' },
  ],
  resource: [
    { field: 'owner', relation: 'ownedBy', defaultKind: 'Group' },
    { field: 'system', relation: 'partOf', defaultKind: 'System' },
    { field: 'dependsOn', relation: 'dependsOn' },
    { field: 'dependencyOf', relation: 'dependencyOf' },
  ],
  system: [
    { field: 'owner', relation: 'ownedBy', defaultKind: 'Group' },
    { field: 'domain', relation: 'partOf', defaultKind: 'Domain' },
  ],
  domain: [
    { field: 'owner', relation: 'ownedBy', defaultKind: 'Group' },
    { field: 'subdomainOf', relation: 'partOf', defaultKind: 'Domain' },
  ],
  group: [
    { field: 'parent', relation: 'childOf', defaultKind: 'Group' },
    { field: 'children', relation: 'parentOf', defaultKind: 'Group' },
    { field: 'members', relation: 'hasMember', defaultKind: 'User' },
  ],
  user: [{ field: 'memberOf', relation: 'memberOf', defaultKind: 'Group' }],
};

type Relation = {
  source: string;
  field: string;
  relation: string;
  target?: string;
  error?: string;
};

function relationsOf(entity: Entity): Relation[] {
  const source = refOf(entity);
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const out: Relation[] = [];
  for (const { field, relation, defaultKind } of RELATION_FIELDS[
    key(entity.kind)
  ] ?? []) {
    const value = spec[field];
    if (value === undefined) continue;
    for (const raw of Array.isArray(value) ? value : [value]) {
      try {
        const target = key(
          stringifyEntityRef(
            parseEntityRef(String(raw), {
              defaultKind,
              defaultNamespace: namespace,
            }),
          ),
        );
        out.push({ source, field, relation, target });
      } catch (e) {
        out.push({
          source,
          field,
          relation,
          error: `${source} spec.${field} "${raw}" is not a valid entity reference: ${
            (e as Error).message
          }`,
        });
      }
    }
  }
  return out;
}

/** Every relation whose target is not in the given set, as readable lines. */
function danglingRelations(entities: Entity[]): string[] {
  const known = new Set(entities.map(refOf));
  const problems: string[] = [];
  for (const entity of entities) {
    for (const rel of relationsOf(entity)) {
      if (rel.error) problems.push(rel.error);
      else if (!known.has(rel.target!)) {
        problems.push(
          `${rel.source} spec.${rel.field} (${rel.relation}) -> ${rel.target} does not exist`,
        );
      }
    }
  }
  return problems;
}

const { entities: loaded, files } = loadCatalog(rootFile);
const entities = loaded.map(l => l.entity);
const byRef = new Map(entities.map(e => [refOf(e), e]));
const get = (kind: string, name: string) =>
  byRef.get(key(`${kind}:default/${name}`));

describe('the bundled platform catalog', () => {
  it('follows every Location target to a file that exists', () => {
    // loadCatalog threw already if a target was missing or did not parse
    expect(files[0]).toBe(rootFile);
    const platformFiles = fs
      .readdirSync(platformDir)
      .filter(f => /\.ya?ml$/.test(f))
      .map(f => path.join(platformDir, f));
    expect(platformFiles.length).toBeGreaterThan(0);
    // no catalog/platform file is left out of the Location targets
    expect(platformFiles.filter(f => !files.includes(f))).toEqual([]);
  });

  it('validates every entity against the Backstage catalog model', async () => {
    const failures: string[] = [];
    for (const { entity, file } of loaded) {
      try {
        await validate(entity);
      } catch (e) {
        failures.push(
          `${path.relative(repoRoot, file)} ${entity.kind}:${
            entity.metadata?.name
          }: ${(e as Error).message}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('has no duplicate entity refs', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { entity, file } of loaded) {
      const ref = refOf(entity);
      const where = path.relative(repoRoot, file);
      if (seen.has(ref)) {
        duplicates.push(`${ref} in ${seen.get(ref)} and ${where}`);
      } else seen.set(ref, where);
    }
    expect(duplicates).toEqual([]);
  });

  it('resolves every relation target to an entity in the bundle', () => {
    expect(danglingRelations(entities)).toEqual([]);
  });

  it('notices when any relation target is removed', () => {
    const targets = new Set(
      entities.flatMap(relationsOf).flatMap(r => (r.target ? [r.target] : [])),
    );
    expect(targets.size).toBeGreaterThan(50);
    const unnoticed = [...targets].filter(target => {
      const problems = danglingRelations(
        entities.filter(e => refOf(e) !== target),
      );
      return !problems.some(p => p.includes(`-> ${target} `));
    });
    expect(unnoticed).toEqual([]);

    // and a bare name in dependsOn is rejected, since it has no default kind
    const postgres = get('component', 'postgres')!;
    const broken = {
      ...postgres,
      spec: { ...postgres.spec, dependsOn: ['ceph-rbd'] },
    };
    expect(
      danglingRelations([...entities.filter(e => e !== postgres), broken]).join(
        '\n',
      ),
    ).toMatch(/component:default\/postgres spec\.dependsOn "ceph-rbd"/);
  });

  it('gives every owner as one of the four org groups', () => {
    const wrong: string[] = [];
    for (const entity of entities) {
      const owner = (entity.spec as { owner?: string } | undefined)?.owner;
      if (owner === undefined) continue;
      const ref = key(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'Group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
      if (!ORG_GROUPS.includes(ref)) wrong.push(`${refOf(entity)} -> ${ref}`);
    }
    expect(wrong).toEqual([]);
  });

  it('catalogues every named platform piece with owner, description and docs', () => {
    const expected: Array<[string, string]> = [
      ...ARGOCD_APPS.map(n => [n, 'Component'] as [string, string]),
      ...Object.entries(OTHER_PIECES),
    ];
    const problems: string[] = [];
    for (const [name, kind] of expected) {
      const entity = get(kind, name);
      if (!entity) {
        problems.push(`${kind} ${name} is missing`);
        continue;
      }
      const spec = entity.spec as Record<string, any>;
      if (!spec.owner) problems.push(`${name} has no owner`);
      if (!spec.system) problems.push(`${name} has no system`);
      if (!entity.metadata.description?.trim()) {
        problems.push(`${name} has no description`);
      }
      if (
        !(kind === 'Resource' && LINKLESS_RESOURCE_TYPES.includes(spec.type)) &&
        !entity.metadata.links?.length
      ) {
        problems.push(`${name} has no links to upstream docs`);
      }
      if (!['production', 'experimental'].includes(spec.lifecycle)) {
        problems.push(`${name} has lifecycle ${spec.lifecycle}`);
      }
      if (RESOURCE_TYPES[name] && spec.type !== RESOURCE_TYPES[name]) {
        problems.push(`${name} has type ${spec.type}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('marks the undecided pieces experimental', () => {
    for (const name of ['firewall-ui', 'gitlab', 'model-registry']) {
      expect((get('component', name)!.spec as any).lifecycle).toBe(
        'experimental',
      );
    }
  });

  it('annotates every Argo CD application with its app and kubernetes id', () => {
    const problems: string[] = [];
    for (const name of ARGOCD_APPS) {
      const annotations = get('component', name)?.metadata.annotations ?? {};
      if (annotations['argocd/app-name'] !== name) {
        problems.push(`${name}: argocd/app-name`);
      }
      if (annotations['backstage.io/kubernetes-id'] !== name) {
        problems.push(`${name}: backstage.io/kubernetes-id`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('groups systems into the six domains', () => {
    for (const [domain, systems] of Object.entries(SYSTEMS_BY_DOMAIN)) {
      const d = get('domain', domain);
      expect(d?.metadata.description).toBeTruthy();
      expect((d?.spec as any)?.owner).toBeTruthy();
      for (const system of systems) {
        const s = get('system', system);
        expect(s?.metadata.description).toBeTruthy();
        expect(
          key(
            stringifyEntityRef(
              parseEntityRef((s?.spec as any)?.domain ?? '', {
                defaultKind: 'Domain',
                defaultNamespace: 'default',
              }),
            ),
          ),
        ).toBe(`domain:default/${domain}`);
      }
    }
  });

  it('ties the nodes to their host groups and staging to its mirror', () => {
    const dependsOn = (from: string, to: string) =>
      entities
        .flatMap(relationsOf)
        .some(
          r =>
            (r.relation === 'dependsOn' &&
              r.source === from &&
              r.target === to) ||
            (r.relation === 'dependencyOf' &&
              r.source === to &&
              r.target === from),
        );
    for (const [node, group] of Object.entries(NODE_HOST_GROUPS)) {
      expect(
        dependsOn(`resource:default/${group}`, `resource:default/${node}`),
      ).toBe(true);
    }
    expect(
      dependsOn(
        'resource:default/qa-staging',
        'component:default/staging-mirror',
      ),
    ).toBe(true);
    expect(
      dependsOn('component:default/staging-mirror', 'resource:default/prod'),
    ).toBe(true);
    expect(get('resource', 'qa-staging')!.metadata.description).toMatch(
      /24 hours/,
    );
  });
});
