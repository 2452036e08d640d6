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
import { RequestValidationError } from '../requests/RequestValidationError';
import {
  always,
  linesOf,
  parseRequest,
  refineWith,
  requestZod,
  worded,
  Zod,
} from '../requests/requestSchema';

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

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SNAP_CHANNEL =
  /^(\d+\.\d+|latest)(-strict)?(\/(stable|candidate|beta|edge))?$/;
const SIZE_NAMES = Object.keys(NODE_SIZES) as [NamedSize, ...NamedSize[]];

/**
 * The rules of a node size, written once: a named size, or cpu, memory and
 * disk of its own (a custom size's fields are named when wrong).
 */
export function nodeSizeFields(z: Zod) {
  const sizeName = () =>
    z.enum(
      SIZE_NAMES,
      worded(v => oneOf(v, SIZE_NAMES)),
    );
  const customSize = z
    .object(
      {
        cpu: z
          .number(worded(v => integerInRange(v, 1, 64)))
          .int()
          .min(1)
          .max(64),
        memoryGiB: z
          .number(worded(v => integerInRange(v, 2, 512)))
          .int()
          .min(2)
          .max(512),
        diskGiB: z
          .number(worded(v => integerInRange(v, 20, 4096)))
          .int()
          .min(20)
          .max(4096),
      },
      always(
        `must be one of ${SIZE_NAMES.join(', ')} or {cpu, memoryGiB, diskGiB}`,
      ),
    )
    .strict();
  /** A named size, or cpu, memory and disk of its own; a custom size's fields are named when wrong. */
  const size = () =>
    z.custom<NamedSize | NodeSize>().superRefine((value, ctx) => {
      const schema =
        typeof value === 'object' && value !== null ? customSize : sizeName();
      const result = schema.safeParse(value);
      if (!result.success)
        for (const issue of result.error.issues) ctx.addIssue(issue as any);
    });
  return { sizeName, size };
}

/**
 * The rules of each nested-cluster request field, written once: the
 * scaffolder action's input schema (`gitops:cluster:render`, one field per
 * form field) and the request schema the generator checks (nested) are both
 * made of these. Every failure reads as the field's rule.
 */
export function nestedClusterFields(
  z: Zod,
  platform: Pick<NestedClusterPlatform, 'maxWorkers' | 'storageClasses'>,
) {
  const { sizeName, size } = nodeSizeFields(z);
  /** A text of one item per line, or a list; each item checked by its rule, named by its index. */
  const lines = (item: (value: unknown) => string | undefined) =>
    z
      .union([z.string(), z.array(z.string())], always('must be a list'))
      .transform(value => linesOf(value) as string[])
      .superRefine((items, ctx) =>
        items.forEach((value, i) => {
          const message = item(value);
          if (message) ctx.addIssue({ code: 'custom', path: [i], message });
        }),
      );
  return {
    // node names are <name>-cp-N / <name>-worker-NN: keep them under 63 characters
    name: z
      .string(worded(v => dns1123Label(v, 40)))
      .min(1)
      .max(40)
      .regex(DNS_LABEL)
      .describe(
        'Cluster name: a DNS-1123 label of at most 40 characters; also its namespace',
      ),
    environment: z
      .enum(
        ENVIRONMENTS,
        worded(v => oneOf(v, ENVIRONMENTS)),
      )
      .describe('dev, qa, staging or prod'),
    owner: z
      .string(worded(groupRef))
      .superRefine(refineWith(groupRef))
      .describe('Owner group, e.g. group:default/app-developers'),
    controlPlaneCount: z
      .union(
        [z.literal(1), z.literal(3)],
        worded(v => oneOf(v, [1, 3])),
      )
      .describe(
        'Control-plane nodes: 1, or 3 for high availability (prod needs 3)',
      ),
    sizeName,
    size,
    workerCount: z
      .number(worded(v => integerInRange(v, 0, platform.maxWorkers)))
      .int()
      .min(0)
      .max(platform.maxWorkers)
      .describe('Worker nodes'),
    channel: z
      .string(worded(snapChannel))
      .regex(SNAP_CHANNEL)
      .default('1.32/stable')
      .describe('MicroK8s snap channel, e.g. 1.32/stable'),
    addons: z
      .array(
        z.enum(
          MICROK8S_ADDONS,
          worded(v => oneOf(v, MICROK8S_ADDONS)),
        ),
        always('must be a list of addon names'),
      )
      .optional()
      .describe(
        'MicroK8s addons; default dns, rbac, ingress, cert-manager, metrics-server, argocd',
      ),
    storageClass: z
      .enum(
        platform.storageClasses as [string, ...string[]],
        worded(
          v =>
            `must be one of the platform's storage classes: ${platform.storageClasses.join(
              ', ',
            )} (got ${JSON.stringify(v)})`,
        ),
      )
      .optional()
      .describe('StorageClass of the node disks; default the platform default'),
    vlans: z
      .array(z.number(), always('must be a list of VLAN ids'))
      .optional()
      .describe(
        'VLANs the nodes attach to; 105 (nodes) is always included, 108 apps, 109 data',
      ),
    sshPublicKeys: lines(sshPublicKey).describe(
      'OpenSSH public keys, one per line (a text or a list)',
    ),
    extraSANs: lines(subjectAltName)
      .optional()
      .describe('Extra API server certificate names, one per line'),
    hostSpread: z
      .enum(
        ['required', 'preferred'],
        worded(v => oneOf(v, ['required', 'preferred'])),
      )
      .optional()
      .describe(
        'Keep control-plane VMs on different hosts: required (default) or preferred',
      ),
  };
}

/**
 * The nested-cluster request schema: the fields above, nested as the
 * generator takes them, with the rules that span fields or depend on what
 * the platform offers (prod needs three control planes; addons and VLANs
 * once each; VLANs from the platform's plan).
 */
export function nestedClusterRequestSchema(
  z: Zod,
  platform: NestedClusterPlatform,
) {
  const f = nestedClusterFields(z, platform);
  const { parsed: planVlans } = checkVlanPlan(platform.vlans, 'platform.vlans');
  return z
    .object(
      {
        name: f.name,
        environment: f.environment,
        owner: f.owner,
        controlPlane: z.object(
          { count: f.controlPlaneCount, size: f.size() },
          always('is required: {count: 1 or 3, size}'),
        ),
        workers: z.object(
          { count: f.workerCount, size: f.size() },
          always('is required: {count, size}'),
        ),
        channel: f.channel,
        addons: f.addons,
        storageClass: f.storageClass,
        vlans: f.vlans,
        sshPublicKeys: f.sshPublicKeys,
        extraSANs: f.extraSANs,
        hostSpread: f.hostSpread,
      },
      always('must be an object'),
    )
    .superRefine((request, ctx) => {
      const issue = (path: Array<string | number>, message: string) =>
        ctx.addIssue({ code: 'custom', path, message });
      if (request.environment === 'prod' && request.controlPlane?.count === 1)
        issue(
          ['controlPlane', 'count'],
          'must be 3 for prod (a single control plane is not highly available)',
        );
      const addons = request.addons ?? [];
      if (new Set(addons).size !== addons.length)
        issue(['addons'], 'lists an addon twice');
      const seen = new Set<number>();
      (request.vlans ?? []).forEach((id, i) => {
        if (!planVlans.some(v => v.id === id))
          issue(
            ['vlans', i],
            `must be one of the nested-cluster VLANs ${planVlans
              .map(v => v.id)
              .join(', ')} (got ${JSON.stringify(id)})`,
          );
        else if (seen.has(id))
          issue(['vlans', i], `VLAN ${id} is listed twice`);
        seen.add(id);
      });
      if ((request.sshPublicKeys ?? []).length === 0)
        issue(
          ['sshPublicKeys'],
          'must list at least one SSH public key (the nodes have no password login)',
        );
    });
}

/** A checked size as numbers, and its name (`custom` for one of its own). */
export function sizeOf(size: NamedSize | NodeSize): {
  size: NodeSize;
  sizeName: string;
} {
  return typeof size === 'string'
    ? { size: { ...NODE_SIZES[size] }, sizeName: size }
    : { size: { ...size }, sizeName: 'custom' };
}

/**
 * Checks a nested-cluster request against its schema and what the platform
 * offers. Every problem is reported at once, by field; nothing is rendered
 * for a bad request.
 */
export function resolveNestedClusterRequest(
  request: NestedClusterRequest,
  platform: NestedClusterPlatform,
): ResolvedNestedCluster {
  const { parsed: planVlans, problems } = checkVlanPlan(
    platform.vlans,
    'platform.vlans',
  );
  const nodeVlan = planVlans.find(v => v.id === NODE_VLAN_ID);
  const platformIssues = [
    ...problems,
    ...(nodeVlan
      ? []
      : [
          {
            field: 'platform.vlans',
            rule: `must include VLAN ${NODE_VLAN_ID}, the nested clusters' node network`,
          },
        ]),
  ];
  if (platformIssues.length > 0)
    throw new RequestValidationError(platformIssues);
  const checked = parseRequest(
    nestedClusterRequestSchema(requestZod, platform),
    request,
  );
  const vlans = (checked.vlans ?? [NODE_VLAN_ID]).map(
    id => planVlans.find(v => v.id === id)!,
  );
  if (!vlans.includes(nodeVlan!)) vlans.unshift(nodeVlan!);

  // enabling the community repository must come before a community addon
  const orderedAddons: string[] = [...(checked.addons ?? DEFAULT_ADDONS)];
  if (orderedAddons.includes('argocd'))
    orderedAddons.splice(orderedAddons.indexOf('argocd'), 0, 'community');

  return {
    name: checked.name,
    environment: checked.environment,
    owner: checked.owner,
    controlPlane: {
      count: checked.controlPlane.count,
      ...sizeOf(checked.controlPlane.size),
    },
    workers: { count: checked.workers.count, ...sizeOf(checked.workers.size) },
    channel: checked.channel,
    addons: orderedAddons,
    storageClass: checked.storageClass ?? platform.defaultStorageClass,
    vlans: vlans.sort((a, b) => a.id - b.id),
    nodeVlan: nodeVlan!,
    sshPublicKeys: checked.sshPublicKeys,
    extraSANs: checked.extraSANs ?? [],
    hostSpread: checked.hostSpread ?? 'required',
  };
}
