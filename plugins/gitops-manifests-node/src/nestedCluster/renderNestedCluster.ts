import { createHash } from 'node:crypto';
import { allocateNodeAddresses } from '../addresses/allocateNodeAddresses';
import { parseIPv4 } from '../addresses/ipv4';
import { DEFAULT_NESTED_VLANS, ParsedVlan } from '../addresses/vlanPlan';
import {
  buildApplication,
  LABELS,
  MANAGED_BY,
} from '../appOfApps/applications';
import { buildSyncPolicy } from '../appOfApps/syncPolicy';
import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import {
  EmbeddedDocument,
  KubeObject,
  RenderedFile,
  SealedPlaintext,
} from '../model';
import { groupName } from '../requests/fieldRules';
import {
  allocationFileContent,
  allocationFilePath,
} from '../repository/addressAllocations';
import { sealSecret } from '../secrets/sealSecret';
import { toCloudConfig, toYaml } from '../serialize/yaml';
import {
  CLUSTER_RECORD_FILE,
  clusterRecordObject,
  clusterRecordOf,
} from './clusterRecord';
import {
  deriveJoinToken,
  JOIN_TOKEN_PATTERN,
  randomJoinToken,
} from './joinToken';
import { NESTED_NETWORKS_NAMESPACE, staticAddressAnnotation } from './networks';
import {
  DEFAULT_NESTED_PLATFORM,
  NestedClusterPlatform,
  NestedClusterRequest,
  NodeSize,
  ResolvedNestedCluster,
  resolveNestedClusterRequest,
} from './request';

/** Port of the MicroK8s cluster agent, which `join` talks to. */
export const CLUSTER_AGENT_PORT = 25000;
/** Port of the MicroK8s API server. */
export const MICROK8S_API_PORT = 16443;

export const API_SERVER_ANNOTATION = 'platform.proficientnow.io/api-server';
/** The API server by address (the DNS name above resolves to it). */
export const API_SERVER_ADDRESS_ANNOTATION =
  'platform.proficientnow.io/api-server-address';
/**
 * The cluster's CA certificate (base64 PEM), recorded in the namespace once
 * the cluster is up: MicroK8s makes its own CA at install, so it cannot be
 * known when the cluster is rendered.
 */
export const API_SERVER_CA_ANNOTATION =
  'platform.proficientnow.io/api-server-ca';

/** DNS zone of the nested clusters' API server names: api.<cluster>.<zone>. */
export const DEFAULT_API_DOMAIN = 'clusters.proficientnow.internal';

/** Where a node boots from: a container disk in a registry, or an HTTP image. */
export type NodeImage = { registry: string } | { http: string };

export const DEFAULT_NODE_IMAGE: NodeImage = {
  registry: 'docker://quay.io/containerdisks/ubuntu:24.04',
};

export interface RenderNestedClusterOptions {
  layout: GitOpsLayout;
  /** The sealed-secrets controller's certificate (PEM). Required: secrets never reach Git in plaintext. */
  sealingCertificatePem: string;
  platform?: Partial<NestedClusterPlatform>;
  image?: NodeImage;
  /** Addresses already used by clusters in the repository (see collectAllocatedAddresses). */
  takenAddresses?: Iterable<string>;
  /** The cluster's join token as is (tests); wins over joinTokenKey. */
  joinToken?: string;
  /**
   * The key the join token is derived from (gitops.nestedClusters.joinTokenKey):
   * every render of the cluster gets the same token, so nodes added later
   * join. Without it (and without joinToken) the token is random, and the
   * cluster cannot be scaled by a later render.
   */
  joinTokenKey?: string;
  /** DNS zone for the API server name `api.<cluster>.<zone>`; default clusters.proficientnow.internal. */
  apiDomain?: string;
}

export interface NestedClusterNode {
  name: string;
  role: 'control-plane' | 'worker';
  size: NodeSize;
  /** Address per VLAN name, e.g. `{ vlan105: '192.168.105.21' }`. */
  addresses: Record<string, string>;
  /** The MicroK8s channel the node is installed with. */
  channel: string;
  /** Replaced by a node on a newer channel; removed by the next upgrade step. */
  retiring?: boolean;
}

export interface NestedClusterRenderResult {
  cluster: ResolvedNestedCluster;
  nodes: NestedClusterNode[];
  /** API server by name, https://api.<cluster>.<zone>:16443 */
  apiServer: string;
  /**
   * API server by address: a virtual IP the control-plane nodes hold
   * between them (keepalived) for a cluster with three control planes, so
   * it answers while any of them is up; the node's own address for one.
   */
  apiServerAddress: string;
  /** The virtual IP of a highly available cluster's API server (undefined for one control plane). */
  apiVip?: string;
  /** Folder of the cluster in the repository. */
  folder: string;
  applicationPath: string;
  files: RenderedFile[];
  sealedPlaintexts: SealedPlaintext[];
  embedded: EmbeddedDocument[];
}

/** The cluster's join token: given, derived from the configured key, or random. */
export function joinTokenFor(
  cluster: string,
  options: Pick<RenderNestedClusterOptions, 'joinToken' | 'joinTokenKey'>,
): string {
  const token =
    options.joinToken ??
    (options.joinTokenKey
      ? deriveJoinToken(options.joinTokenKey, cluster)
      : randomJoinToken());
  if (!JOIN_TOKEN_PATTERN.test(token)) {
    throw new Error(
      'the join token must be at least 32 letters or digits (MicroK8s rejects shorter tokens)',
    );
  }
  return token;
}

/** The number at the end of a node name: 3 for dev-worker-3. */
export function nodeNumber(name: string): number {
  return Number(/-(\d+)$/.exec(name)?.[1] ?? 0);
}

/** A locally administered MAC derived from the node's address: unique, and stable across re-renders. */
export function macForAddress(address: string): string {
  const ip = parseIPv4(address)!;
  const octets = [24, 16, 8, 0].map(shift => Math.floor(ip / 2 ** shift) % 256);
  return ['02', '00', ...octets.map(o => o.toString(16).padStart(2, '0'))].join(
    ':',
  );
}

function clusterLabels(cluster: ResolvedNestedCluster): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.cluster]: cluster.name,
    [LABELS.environment]: cluster.environment,
    [LABELS.owner]: groupName(cluster.owner),
  };
}

/**
 * How a node joins: the founder forms the cluster and enables the addons;
 * every other node joins `joinAddress` (a control-plane node that exists when
 * the node is added). Every control-plane node accepts the cluster's token,
 * so nodes can still join after the founder is replaced.
 */
function launchConfiguration(
  cluster: ResolvedNestedCluster,
  node: NestedClusterNode,
  join: JoinPlan,
): Record<string, unknown> {
  const config: Record<string, unknown> = { version: '0.2.0' };
  if (node.role === 'control-plane') config.persistentClusterToken = join.token;
  if (node.name === join.founder) {
    config.addons = cluster.addons.map(name => ({ name }));
  } else {
    config.join = {
      url: `${join.address}:${CLUSTER_AGENT_PORT}/${join.token}`,
      worker: node.role === 'worker',
    };
  }
  if (node.role === 'control-plane') {
    config.extraSANs = [
      node.addresses[cluster.nodeVlan.name],
      ...(join.vip ? [join.vip] : []),
      join.apiName,
      ...cluster.extraSANs,
    ];
  }
  return config;
}

/** keepalived's VRRP password: at most 8 characters, derived from the join token (both are sealed). */
function vrrpPassword(token: string): string {
  return createHash('sha256')
    .update(`vrrp\0${token}`)
    .digest('hex')
    .slice(0, 8);
}

/**
 * keepalived on a control-plane node: the nodes hold the API server's
 * virtual IP between them by VRRP on the node VLAN, and a node whose API
 * server does not accept connections gives it up. The router id is the
 * VIP's last octet, unique on the VLAN because the VIP is.
 */
export function keepalivedConfig(
  cluster: ResolvedNestedCluster,
  node: NestedClusterNode,
  vip: string,
  token: string,
): string {
  const vlan = cluster.nodeVlan;
  const routerId = Number(vip.split('.')[3]);
  return [
    'global_defs {',
    '  enable_script_security',
    '  script_user root',
    '}',
    'vrrp_script apiserver {',
    `  script "/bin/bash -c '</dev/tcp/127.0.0.1/${MICROK8S_API_PORT}'"`,
    '  interval 3',
    '  fall 2',
    '  rise 2',
    '}',
    `vrrp_instance ${cluster.name.replace(/-/g, '_')}_api {`,
    '  state BACKUP',
    `  interface ${vlan.name}`,
    `  virtual_router_id ${routerId}`,
    // lower-numbered nodes are preferred; any of them takes over
    `  priority ${200 - nodeNumber(node.name)}`,
    '  advert_int 1',
    '  authentication {',
    '    auth_type PASS',
    `    auth_pass ${vrrpPassword(token)}`,
    '  }',
    '  virtual_ipaddress {',
    `    ${vip}/${vlan.block.prefix} dev ${vlan.name}`,
    '  }',
    '  track_script {',
    '    apiserver',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** What the nodes of one render join, and with what. */
interface JoinPlan {
  /** The node that forms the cluster (only when the cluster is created). */
  founder?: string;
  /** A control-plane node's address on the node VLAN. */
  address: string;
  token: string;
  apiName: string;
  /** The API server's virtual IP of an HA cluster, which every control-plane node may hold. */
  vip?: string;
}

function networkData(
  cluster: ResolvedNestedCluster,
  node: NestedClusterNode,
): Record<string, unknown> {
  const ethernets: Record<string, unknown> = {};
  for (const vlan of cluster.vlans) {
    const address = node.addresses[vlan.name];
    ethernets[vlan.name] = {
      match: { macaddress: macForAddress(address) },
      'set-name': vlan.name,
      addresses: [`${address}/${vlan.block.prefix}`],
      // only the node VLAN carries the default route; apps and data VLANs are local
      ...(vlan === cluster.nodeVlan
        ? {
            routes: [{ to: 'default', via: vlan.gateway }],
            nameservers: { addresses: vlan.dnsServers },
          }
        : {}),
    };
  }
  return { version: 2, ethernets };
}

function cloudConfig(
  cluster: ResolvedNestedCluster,
  node: NestedClusterNode,
  launchConfig: Record<string, unknown>,
  join: JoinPlan,
): string {
  const holdsVip = node.role === 'control-plane' && join.vip !== undefined;
  return toCloudConfig({
    hostname: node.name,
    manage_etc_hosts: true,
    ssh_pwauth: false,
    users: [
      {
        name: 'ubuntu',
        groups: ['sudo'],
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        shell: '/bin/bash',
        lock_passwd: true,
        ssh_authorized_keys: cluster.sshPublicKeys,
      },
    ],
    write_files: [
      {
        // MicroK8s reads its launch configuration from here when the snap installs
        path: '/etc/microk8s.yaml',
        owner: 'root:root',
        permissions: '0600',
        content: toYaml(launchConfig),
      },
      ...(holdsVip
        ? [
            {
              path: '/etc/keepalived/keepalived.conf',
              owner: 'root:root',
              permissions: '0600',
              content: keepalivedConfig(cluster, node, join.vip!, join.token),
            },
          ]
        : []),
    ],
    ...(holdsVip ? { packages: ['keepalived'] } : {}),
    snap: {
      commands: [
        [
          'snap',
          'install',
          'microk8s',
          '--classic',
          `--channel=${node.channel}`,
        ],
      ],
    },
    runcmd: [
      ['microk8s', 'status', '--wait-ready', '--timeout', '900'],
      ['usermod', '-a', '-G', 'microk8s', 'ubuntu'],
      ...(holdsVip ? [['systemctl', 'enable', '--now', 'keepalived']] : []),
    ],
  });
}

function antiAffinity(
  cluster: ResolvedNestedCluster,
  role: NestedClusterNode['role'],
): Record<string, unknown> {
  const term = {
    labelSelector: {
      matchLabels: { [LABELS.cluster]: cluster.name, [LABELS.role]: role },
    },
    topologyKey: 'kubernetes.io/hostname',
  };
  // control-plane nodes must not share a host (losing one host must not lose quorum); workers spread if they can
  if (role === 'control-plane' && cluster.hostSpread === 'required') {
    return {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [term],
      },
    };
  }
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: term },
      ],
    },
  };
}

function dataVolume(
  cluster: ResolvedNestedCluster,
  node: NestedClusterNode,
  image: NodeImage,
): KubeObject {
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: {
      name: `${node.name}-rootdisk`,
      namespace: cluster.name,
      labels: { ...clusterLabels(cluster), [LABELS.role]: node.role },
    },
    spec: {
      source:
        'registry' in image
          ? { registry: { url: image.registry } }
          : { http: { url: image.http } },
      storage: {
        storageClassName: cluster.storageClass,
        // RBD block volumes shared read-write, so KubeVirt can live-migrate the VM
        accessModes: ['ReadWriteMany'],
        volumeMode: 'Block',
        resources: { requests: { storage: `${node.size.diskGiB}Gi` } },
      },
    },
  };
}

function virtualMachine(
  cluster: ResolvedNestedCluster,
  node: NestedClusterNode,
  network: Record<string, unknown>,
): KubeObject {
  const annotations: Record<string, string> = {};
  for (const vlan of cluster.vlans) {
    annotations[staticAddressAnnotation(vlan)] = node.addresses[vlan.name];
  }
  const labels = { ...clusterLabels(cluster), [LABELS.role]: node.role };
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: node.name, namespace: cluster.name, labels },
    spec: {
      runStrategy: 'Always',
      template: {
        metadata: {
          labels: { ...labels, 'kubevirt.io/domain': node.name },
          annotations,
        },
        spec: {
          domain: {
            cpu: { cores: node.size.cpu, sockets: 1, threads: 1 },
            memory: { guest: `${node.size.memoryGiB}Gi` },
            devices: {
              disks: [
                { name: 'rootdisk', disk: { bus: 'virtio' } },
                { name: 'cloudinit', disk: { bus: 'virtio' } },
              ],
              interfaces: cluster.vlans.map(vlan => ({
                name: vlan.name,
                bridge: {},
                macAddress: macForAddress(node.addresses[vlan.name]),
              })),
            },
          },
          networks: cluster.vlans.map(vlan => ({
            name: vlan.name,
            multus: {
              networkName: `${NESTED_NETWORKS_NAMESPACE}/${vlan.name}`,
              ...(vlan === cluster.nodeVlan ? { default: true } : {}),
            },
          })),
          affinity: antiAffinity(cluster, node.role),
          terminationGracePeriodSeconds: 180,
          volumes: [
            { name: 'rootdisk', dataVolume: { name: `${node.name}-rootdisk` } },
            {
              name: 'cloudinit',
              cloudInitNoCloud: {
                // user-data holds the join token: it lives in a sealed Secret, never in Git in plaintext
                // KubeVirt's field for the user-data Secret (key "userdata") is secretRef
                secretRef: { name: `${node.name}-cloud-init` },
                networkData: toYaml(network),
              },
            },
          ],
        },
      },
    },
  };
}

/** Folder of a nested cluster in the repository. */
export function nestedClusterFolder(
  layout: GitOpsLayout,
  environment: string,
  name: string,
): string {
  return `${layout.clustersPath}/${environment}/${name}`;
}

export function nestedClusterApplicationPath(
  layout: GitOpsLayout,
  name: string,
): string {
  return `${layout.appsPath}/environments/clusters/${name}.yaml`;
}

/** The rendered files of some of a cluster's nodes, with what was sealed and embedded in them. */
export interface RenderedNodes {
  files: RenderedFile[];
  sealedPlaintexts: SealedPlaintext[];
  embedded: EmbeddedDocument[];
}

/** Per node: its DataVolume, its sealed cloud-init and its VirtualMachine, in one file. */
async function renderNodeFiles(
  cluster: ResolvedNestedCluster,
  folder: string,
  nodes: NestedClusterNode[],
  join: JoinPlan,
  options: Pick<RenderNestedClusterOptions, 'sealingCertificatePem' | 'image'>,
): Promise<RenderedNodes> {
  const labels = clusterLabels(cluster);
  const out: RenderedNodes = { files: [], sealedPlaintexts: [], embedded: [] };
  for (const node of nodes) {
    const launch = launchConfiguration(cluster, node, join);
    const network = networkData(cluster, node);
    const userData = cloudConfig(cluster, node, launch, join);
    const secretName = `${node.name}-cloud-init`;
    out.embedded.push(
      {
        location: `launch configuration of VirtualMachine ${node.name}`,
        format: 'microk8s-launch-config',
        value: launch,
      },
      {
        location: `networkData of VirtualMachine ${node.name}`,
        format: 'network-config-v2',
        value: network,
      },
    );
    out.sealedPlaintexts.push({
      sealedInto: `SealedSecret ${secretName}`,
      key: 'userdata',
      format: 'cloud-config',
      value: userData,
    });
    out.files.push({
      path: `${folder}/${node.name}.yaml`,
      objects: [
        dataVolume(cluster, node, options.image ?? DEFAULT_NODE_IMAGE),
        await sealSecret({
          name: secretName,
          namespace: cluster.name,
          data: { userdata: userData },
          certificatePem: options.sealingCertificatePem,
          labels: { ...labels, [LABELS.role]: node.role },
        }),
        virtualMachine(cluster, node, network),
      ],
    });
  }
  return out;
}

/** The cluster folder's kustomization: the shared files, then one file per node. */
function kustomizationFile(
  cluster: ResolvedNestedCluster,
  folder: string,
  nodes: NestedClusterNode[],
): RenderedFile {
  return {
    path: `${folder}/kustomization.yaml`,
    objects: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        metadata: { name: cluster.name },
        resources: [
          'namespace.yaml',
          'join-token.yaml',
          CLUSTER_RECORD_FILE,
          ...orderedNodes(nodes).map(node => `${node.name}.yaml`),
        ],
      },
    ],
  };
}

/** Control planes first, then workers, each by number. */
export function orderedNodes<T extends { name: string; role: string }>(
  nodes: T[],
): T[] {
  const rank = (n: T) => (n.role === 'control-plane' ? 0 : 1);
  return [...nodes].sort(
    (a, b) => rank(a) - rank(b) || nodeNumber(a.name) - nodeNumber(b.name),
  );
}

function clusterRecordFile(
  cluster: ResolvedNestedCluster,
  folder: string,
  nodes: NestedClusterNode[],
  apiVip: string | undefined,
): RenderedFile {
  return {
    path: `${folder}/${CLUSTER_RECORD_FILE}`,
    objects: [
      clusterRecordObject(
        clusterRecordOf(cluster, orderedNodes(nodes), apiVip),
      ),
    ],
  };
}

/**
 * The per-address allocation files of these nodes (see addressAllocations):
 * one per node and VLAN, so two pull requests that take one address conflict.
 */
export function nodeAllocationFiles(
  layout: GitOpsLayout,
  cluster: { name: string; environment: string },
  nodes: Array<{ name: string; addresses: Record<string, string> }>,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const node of nodes) {
    for (const [vlan, address] of Object.entries(node.addresses)) {
      files.set(
        allocationFilePath(layout.clustersPath, vlan, address),
        allocationFileContent({
          address,
          vlan,
          cluster: cluster.name,
          environment: cluster.environment,
          node: node.name,
        }),
      );
    }
  }
  return files;
}

/** New nodes of a role, numbered after `after`, with addresses picked on every VLAN of the cluster. */
export function newNodes(
  cluster: ResolvedNestedCluster,
  wanted: Array<{
    role: NestedClusterNode['role'];
    count: number;
    after: number;
  }>,
  taken: Iterable<string>,
): NestedClusterNode[] {
  const nodes: NestedClusterNode[] = wanted.flatMap(({ role, count, after }) =>
    Array.from({ length: count }, (_, i) => ({
      name: `${cluster.name}-${role === 'control-plane' ? 'cp' : 'worker'}-${
        after + i + 1
      }`,
      role,
      size:
        role === 'control-plane'
          ? cluster.controlPlane.size
          : cluster.workers.size,
      addresses: {} as Record<string, string>,
      channel: cluster.channel,
    })),
  );
  const blocked = [...taken];
  for (const vlan of cluster.vlans) {
    const addresses = allocateNodeAddresses(
      vlan as ParsedVlan,
      nodes.length,
      blocked,
    );
    nodes.forEach((node, i) => {
      node.addresses[vlan.name] = addresses[i];
    });
  }
  return nodes;
}

function apiNameOf(cluster: ResolvedNestedCluster, apiDomain?: string) {
  return `api.${cluster.name}.${apiDomain ?? DEFAULT_API_DOMAIN}`;
}

/**
 * Renders a nested MicroK8s cluster on KubeVirt: per node a DataVolume, a
 * sealed cloud-init Secret and a VirtualMachine, plus the namespace, the
 * sealed join token, the cluster's record, a kustomization and the Argo CD
 * Application that deploys the folder. Checks the request first; a bad one
 * renders nothing.
 */
export async function renderNestedCluster(
  request: NestedClusterRequest,
  options: RenderNestedClusterOptions,
): Promise<NestedClusterRenderResult> {
  const platform: NestedClusterPlatform = {
    ...DEFAULT_NESTED_PLATFORM,
    vlans: DEFAULT_NESTED_VLANS,
    ...options.platform,
  };
  const cluster = resolveNestedClusterRequest(request, platform);
  if (!options.sealingCertificatePem) {
    throw new Error(
      'no sealing certificate: configure the sealed-secrets controller certificate so the join token can be sealed',
    );
  }
  const token = joinTokenFor(cluster.name, options);
  const layout = options.layout;

  // node list and addresses: control planes first, then workers; the same order on every VLAN
  const nodes = newNodes(
    cluster,
    [
      { role: 'control-plane', count: cluster.controlPlane.count, after: 0 },
      { role: 'worker', count: cluster.workers.count, after: 0 },
    ],
    options.takenAddresses ?? [],
  );
  const first = nodes[0];
  // three control planes share a virtual IP on the node VLAN, so the API answers while any of them is up
  const apiVip =
    cluster.controlPlane.count > 1
      ? allocateNodeAddresses(cluster.nodeVlan as ParsedVlan, 1, [
          ...(options.takenAddresses ?? []),
          ...nodes.map(n => n.addresses[cluster.nodeVlan.name]),
        ])[0]
      : undefined;
  const apiName = apiNameOf(cluster, options.apiDomain);
  const apiServer = `https://${apiName}:${MICROK8S_API_PORT}`;
  const apiServerAddress = `https://${
    apiVip ?? first.addresses[cluster.nodeVlan.name]
  }:${MICROK8S_API_PORT}`;
  const folder = nestedClusterFolder(layout, cluster.environment, cluster.name);
  const labels = clusterLabels(cluster);
  const joinAddress = first.addresses[cluster.nodeVlan.name];

  const files: RenderedFile[] = [];
  const sealedPlaintexts: SealedPlaintext[] = [];
  const embedded: EmbeddedDocument[] = [];

  files.push({
    path: `${folder}/namespace.yaml`,
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: cluster.name,
          labels,
          annotations: {
            [API_SERVER_ANNOTATION]: apiServer,
            [API_SERVER_ADDRESS_ANNOTATION]: apiServerAddress,
          },
        },
      },
    ],
  });
  files.push({
    path: `${folder}/join-token.yaml`,
    objects: [
      await sealSecret({
        name: `${cluster.name}-join-token`,
        namespace: cluster.name,
        data: {
          token,
          'join-url': `${joinAddress}:${CLUSTER_AGENT_PORT}/${token}`,
        },
        certificatePem: options.sealingCertificatePem,
        labels,
      }),
    ],
  });
  sealedPlaintexts.push({
    sealedInto: `SealedSecret ${cluster.name}-join-token`,
    key: 'token',
    format: 'opaque',
    value: token,
  });
  files.push(clusterRecordFile(cluster, folder, nodes, apiVip));

  const rendered = await renderNodeFiles(
    cluster,
    folder,
    nodes,
    { founder: first.name, address: joinAddress, token, apiName, vip: apiVip },
    options,
  );
  files.push(...rendered.files, kustomizationFile(cluster, folder, nodes));
  sealedPlaintexts.push(...rendered.sealedPlaintexts);
  embedded.push(...rendered.embedded);

  const applicationPath = nestedClusterApplicationPath(layout, cluster.name);
  files.push({
    path: applicationPath,
    objects: [
      buildApplication(layout, {
        name: `cluster-${cluster.name}`,
        project: layout.projects.environments,
        labels: {
          [LABELS.domain]: 'environments',
          [LABELS.group]: 'clusters',
          [LABELS.owner]: groupName(cluster.owner),
          [LABELS.cluster]: cluster.name,
          [LABELS.environment]: cluster.environment,
        },
        // after the shared VLAN networks (wave 0)
        syncWave: 10,
        sources: [
          {
            repoURL: layout.repoURL,
            path: folder,
            targetRevision: layout.targetRevision,
          },
        ],
        destinationNamespace: cluster.name,
        // a prod cluster's VMs are never deleted by a sync: removing one takes a person
        syncPolicy: buildSyncPolicy({
          createNamespace: false,
          prune: cluster.environment !== 'prod',
        }),
        info: [
          { name: 'API server', value: apiServer },
          { name: 'API server address', value: apiServerAddress },
          { name: 'Environment', value: cluster.environment },
        ],
      }),
    ],
  });

  return {
    cluster,
    nodes,
    apiServer,
    apiServerAddress,
    apiVip,
    folder,
    applicationPath,
    files,
    sealedPlaintexts,
    embedded,
  };
}

/** What rendering nodes of a cluster that exists takes. */
export type NodeRenderOptions = Partial<
  Pick<
    RenderNestedClusterOptions,
    | 'sealingCertificatePem'
    | 'image'
    | 'joinToken'
    | 'joinTokenKey'
    | 'apiDomain'
  >
>;

/** A cluster's node set after a day-2 change: the files to add or rewrite. */
export interface ClusterNodesChange extends RenderedNodes {
  /** Every node after the change, in order. */
  nodes: NestedClusterNode[];
}

/**
 * Renders a change to the node set of a cluster that exists: the files of
 * the `added` nodes (joining a control-plane node of `nodes` that is not
 * new, with the cluster's derived token), the kustomization and the record.
 * The files of nodes that stay are not rendered, so they stay byte-identical.
 */
export async function renderClusterNodesChange(
  cluster: ResolvedNestedCluster,
  folder: string,
  nodes: NestedClusterNode[],
  added: NestedClusterNode[],
  options: NodeRenderOptions & {
    /** The cluster's API virtual IP, from its record. */
    apiVip?: string;
  },
): Promise<ClusterNodesChange> {
  const addedNames = new Set(added.map(n => n.name));
  // a control plane that stays, or else one being replaced (it still runs until the next step)
  const running = orderedNodes(nodes).filter(
    n => n.role === 'control-plane' && !addedNames.has(n.name),
  );
  const joinTarget = running.find(n => !n.retiring) ?? running[0];
  if (!joinTarget)
    throw new Error(
      `the cluster ${cluster.name} would have no control-plane node for new nodes to join`,
    );
  if (added.length > 0 && !options.joinToken && !options.joinTokenKey)
    throw new Error(
      'gitops.nestedClusters.joinTokenKey is not configured: nodes added to a running cluster need the token it was created with, derived from that key',
    );
  if (added.length > 0 && !options.sealingCertificatePem)
    throw new Error(
      'no sealing certificate: configure the sealed-secrets controller certificate so new nodes can be sealed',
    );
  const rendered = added.length
    ? await renderNodeFiles(
        cluster,
        folder,
        added,
        {
          address: joinTarget.addresses[cluster.nodeVlan.name],
          token: joinTokenFor(cluster.name, options),
          apiName: apiNameOf(cluster, options.apiDomain),
          vip: options.apiVip,
        },
        { ...options, sealingCertificatePem: options.sealingCertificatePem! },
      )
    : { files: [], sealedPlaintexts: [], embedded: [] };
  return {
    nodes: orderedNodes(nodes),
    files: [
      ...rendered.files,
      clusterRecordFile(cluster, folder, nodes, options.apiVip),
      kustomizationFile(cluster, folder, nodes),
    ],
    sealedPlaintexts: rendered.sealedPlaintexts,
    embedded: rendered.embedded,
  };
}
