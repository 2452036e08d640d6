import {
  checkVlanPlan,
  NODE_VLAN_ID,
  ParsedVlan,
  VlanNetwork,
} from '../addresses/vlanPlan';
import {
  dns1123Label,
  groupRef,
  integerInRange,
  oneOf,
  snapChannel,
  sshPublicKey,
  subjectAltName,
} from '../requests/fieldRules';
import { IssueCollector } from '../requests/RequestValidationError';

export const ENVIRONMENTS = ['dev', 'qa', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Named node sizes; `custom` takes cpu, memory and disk from the request. */
export const NODE_SIZES = {
  small: { cpu: 2, memoryGiB: 4, diskGiB: 40 },
  medium: { cpu: 4, memoryGiB: 8, diskGiB: 60 },
  large: { cpu: 8, memoryGiB: 16, diskGiB: 100 },
  xlarge: { cpu: 16, memoryGiB: 32, diskGiB: 200 },
} as const;
export type NamedSize = keyof typeof NODE_SIZES;

export interface NodeSize {
  cpu: number;
  memoryGiB: number;
  diskGiB: number;
}

/**
 * MicroK8s addons a request may enable, by name. `argocd` is a community
 * addon: the renderer enables the community repository first. The seeds ask
 * for "Community ArgoCD, ingress, and cert-manager" in every nested cluster.
 */
export const MICROK8S_ADDONS = [
  'dns',
  'ingress',
  'cert-manager',
  'metrics-server',
  'rbac',
  'hostpath-storage',
  'helm',
  'helm3',
  'dashboard',
  'observability',
  'prometheus',
  'registry',
  'argocd',
] as const;

export const DEFAULT_ADDONS = [
  'dns',
  'rbac',
  'ingress',
  'cert-manager',
  'metrics-server',
  'argocd',
];

export interface NestedClusterRequest {
  /** Cluster name: the namespace and the prefix of every VM (DNS-1123 label, at most 40 characters). */
  name: string;
  environment: Environment;
  /** Owner group: `group:default/app-developers`. */
  owner: string;
  controlPlane: { count: 1 | 3; size: NamedSize | NodeSize };
  workers: { count: number; size: NamedSize | NodeSize };
  /** MicroK8s snap channel, e.g. `1.32/stable`. */
  channel: string;
  addons?: string[];
  /** StorageClass of the root disks; must be one the platform offers. */
  storageClass?: string;
  /** VLAN ids the nodes attach to; 105 (node traffic) is always included. */
  vlans?: number[];
  sshPublicKeys: string[];
  extraSANs?: string[];
  /** How strictly control-plane VMs are kept on different hosts. */
  hostSpread?: 'required' | 'preferred';
}

export interface ResolvedNestedCluster {
  name: string;
  environment: Environment;
  owner: string;
  controlPlane: { count: number; size: NodeSize; sizeName: string };
  workers: { count: number; size: NodeSize; sizeName: string };
  channel: string;
  addons: string[];
  storageClass: string;
  vlans: ParsedVlan[];
  nodeVlan: ParsedVlan;
  sshPublicKeys: string[];
  extraSANs: string[];
  hostSpread: 'required' | 'preferred';
}

/** What the platform offers nested clusters; comes from configuration. */
export interface NestedClusterPlatform {
  storageClasses: string[];
  defaultStorageClass: string;
  vlans: VlanNetwork[];
  maxWorkers: number;
}

export const DEFAULT_NESTED_PLATFORM: Omit<NestedClusterPlatform, 'vlans'> = {
  storageClasses: ['ceph-rbd'],
  defaultStorageClass: 'ceph-rbd',
  maxWorkers: 50,
};

function resolveSize(
  value: unknown,
  field: string,
  issues: IssueCollector,
): { size: NodeSize; sizeName: string } | undefined {
  if (typeof value === 'string') {
    if (!issues.check(field, oneOf(value, [...Object.keys(NODE_SIZES)])))
      return undefined;
    return { size: { ...NODE_SIZES[value as NamedSize] }, sizeName: value };
  }
  if (!value || typeof value !== 'object') {
    issues.add(
      field,
      `must be one of ${Object.keys(NODE_SIZES).join(
        ', ',
      )} or {cpu, memoryGiB, diskGiB}`,
    );
    return undefined;
  }
  const size = value as Record<string, unknown>;
  const ok = [
    issues.check(`${field}.cpu`, integerInRange(size.cpu, 1, 64)),
    issues.check(`${field}.memoryGiB`, integerInRange(size.memoryGiB, 2, 512)),
    issues.check(`${field}.diskGiB`, integerInRange(size.diskGiB, 20, 4096)),
  ].every(Boolean);
  return ok
    ? {
        size: {
          cpu: size.cpu as number,
          memoryGiB: size.memoryGiB as number,
          diskGiB: size.diskGiB as number,
        },
        sizeName: 'custom',
      }
    : undefined;
}

/**
 * Checks a nested-cluster request against the rules and what the platform
 * offers. Every problem is reported at once, by field; nothing is rendered
 * for a bad request.
 */
export function resolveNestedClusterRequest(
  request: NestedClusterRequest,
  platform: NestedClusterPlatform,
): ResolvedNestedCluster {
  const issues = new IssueCollector();
  if (!request || typeof request !== 'object') {
    issues.add('request', 'must be an object');
    issues.throwIfAny();
  }
  // node names are <name>-cp-N / <name>-worker-NN: keep them under 63 characters
  issues.check('name', dns1123Label(request.name, 40));
  issues.check('environment', oneOf(request.environment, ENVIRONMENTS));
  issues.check('owner', groupRef(request.owner));

  const controlPlane = request.controlPlane as
    | Record<string, unknown>
    | undefined;
  const workers = request.workers as Record<string, unknown> | undefined;
  let cpSize: ReturnType<typeof resolveSize>;
  let workerSize: ReturnType<typeof resolveSize>;
  if (!controlPlane || typeof controlPlane !== 'object') {
    issues.add('controlPlane', 'is required: {count: 1 or 3, size}');
  } else {
    issues.check('controlPlane.count', oneOf(controlPlane.count, [1, 3]));
    cpSize = resolveSize(controlPlane.size, 'controlPlane.size', issues);
  }
  if (!workers || typeof workers !== 'object') {
    issues.add('workers', 'is required: {count, size}');
  } else {
    issues.check(
      'workers.count',
      integerInRange(workers.count, 0, platform.maxWorkers),
    );
    workerSize = resolveSize(workers.size, 'workers.size', issues);
  }
  if (request.environment === 'prod' && controlPlane?.count === 1) {
    issues.add(
      'controlPlane.count',
      'must be 3 for prod (a single control plane is not highly available)',
    );
  }
  issues.check('channel', snapChannel(request.channel));

  const addons = request.addons ?? DEFAULT_ADDONS;
  if (!Array.isArray(addons)) {
    issues.add('addons', 'must be a list of addon names');
  } else {
    addons.forEach((addon, i) =>
      issues.check(`addons[${i}]`, oneOf(addon, MICROK8S_ADDONS)),
    );
    if (new Set(addons).size !== addons.length)
      issues.add('addons', 'lists an addon twice');
  }

  const storageClass = request.storageClass ?? platform.defaultStorageClass;
  issues.check(
    'storageClass',
    platform.storageClasses.includes(storageClass)
      ? undefined
      : `must be one of the platform's storage classes: ${platform.storageClasses.join(
          ', ',
        )} (got ${JSON.stringify(storageClass)})`,
  );

  const { parsed: planVlans, problems } = checkVlanPlan(
    platform.vlans,
    'platform.vlans',
  );
  problems.forEach(p => issues.add(p.field, p.rule));
  const requestedVlans = request.vlans ?? [NODE_VLAN_ID];
  const vlans: ParsedVlan[] = [];
  if (!Array.isArray(requestedVlans)) {
    issues.add('vlans', 'must be a list of VLAN ids');
  } else {
    requestedVlans.forEach((id, i) => {
      const vlan = planVlans.find(v => v.id === id);
      if (!vlan)
        issues.add(
          `vlans[${i}]`,
          `must be one of the nested-cluster VLANs ${planVlans
            .map(v => v.id)
            .join(', ')} (got ${JSON.stringify(id)})`,
        );
      else if (vlans.includes(vlan))
        issues.add(`vlans[${i}]`, `VLAN ${id} is listed twice`);
      else vlans.push(vlan);
    });
  }
  const nodeVlan = planVlans.find(v => v.id === NODE_VLAN_ID);
  if (!nodeVlan)
    issues.add(
      'platform.vlans',
      `must include VLAN ${NODE_VLAN_ID}, the nested clusters' node network`,
    );
  else if (!vlans.includes(nodeVlan)) vlans.unshift(nodeVlan);

  if (
    !Array.isArray(request.sshPublicKeys) ||
    request.sshPublicKeys.length === 0
  ) {
    issues.add(
      'sshPublicKeys',
      'must list at least one SSH public key (the nodes have no password login)',
    );
  } else {
    request.sshPublicKeys.forEach((key, i) =>
      issues.check(`sshPublicKeys[${i}]`, sshPublicKey(key)),
    );
  }
  const extraSANs = request.extraSANs ?? [];
  if (!Array.isArray(extraSANs))
    issues.add('extraSANs', 'must be a list of DNS names or IPv4 addresses');
  else
    extraSANs.forEach((san, i) =>
      issues.check(`extraSANs[${i}]`, subjectAltName(san)),
    );
  const hostSpread = request.hostSpread ?? 'required';
  issues.check('hostSpread', oneOf(hostSpread, ['required', 'preferred']));
  issues.throwIfAny();

  // enabling the community repository must come before a community addon
  const orderedAddons = [...addons];
  if (orderedAddons.includes('argocd'))
    orderedAddons.splice(orderedAddons.indexOf('argocd'), 0, 'community');

  return {
    name: request.name,
    environment: request.environment,
    owner: request.owner,
    controlPlane: { count: controlPlane!.count as number, ...cpSize! },
    workers: { count: workers!.count as number, ...workerSize! },
    channel: request.channel,
    addons: orderedAddons,
    storageClass,
    vlans: vlans.sort((a, b) => a.id - b.id),
    nodeVlan: nodeVlan!,
    sshPublicKeys: request.sshPublicKeys.map(k => k.trim()),
    extraSANs,
    hostSpread,
  };
}
