import { allocateNodeAddresses } from '../addresses/allocateNodeAddresses';
import { parseIPv4 } from '../addresses/ipv4';
import { DEFAULT_NESTED_VLANS, ParsedVlan } from '../addresses/vlanPlan';
import {
  buildApplication,
  LABELS,
  MANAGED_BY,
} from '../appOfApps/applications';
import { buildSyncPolicy } from '../appOfApps/syncPolicy';
import { GitOpsLayout } from '@internal/plugin-gitops-common';
import {
  EmbeddedDocument,
  KubeObject,
  RenderedFile,
  SealedPlaintext,
} from '../model';
import { groupName } from '../requests/fieldRules';
import { sealSecret } from '../secrets/sealSecret';
import { toCloudConfig, toYaml } from '../serialize/yaml';
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
  /** The cluster's join token; generated (32 hex characters) when not given. */
  joinToken?: string;
  /** DNS zone for the API server name `api.<cluster>.<zone>`; default clusters.proficientnow.internal. */
  apiDomain?: string;
}

export interface NestedClusterNode {
  name: string;
  role: 'control-plane' | 'worker';
  size: NodeSize;
  /** Address per VLAN name, e.g. { vlan105: '192.168.105.21' }. */
  addresses: Record<string, string>;
}

export interface NestedClusterRenderResult {
  cluster: ResolvedNestedCluster;
  nodes: NestedClusterNode[];
  /** API server by name, https://api.<cluster>.<zone>:16443 */
  apiServer: string;
  /** API server by the first control-plane node's address */
  apiServerAddress: string;
  /** Folder of the cluster in the repository. */
  folder: string;
  applicationPath: string;
  files: RenderedFile[];
  sealedPlaintexts: SealedPlaintext[];
  embedded: EmbeddedDocument[];
}

function randomToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
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

function launchConfiguration(
  cluster: ResolvedNestedCluster,
  node: NestedClusterNode,
  first: NestedClusterNode,
  token: string,
  apiName: string,
): Record<string, unknown> {
  const config: Record<string, unknown> = { version: '0.2.0' };
  if (node === first) {
    // the first control-plane node forms the cluster: it holds the token others join with, and enables the addons
    config.persistentClusterToken = token;
    config.addons = cluster.addons.map(name => ({ name }));
  } else {
    config.join = {
      url: `${
        first.addresses[cluster.nodeVlan.name]
      }:${CLUSTER_AGENT_PORT}/${token}`,
      worker: node.role === 'worker',
    };
  }
  if (node.role === 'control-plane') {
    config.extraSANs = [
      node.addresses[cluster.nodeVlan.name],
      apiName,
      ...cluster.extraSANs,
    ];
  }
  return config;
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
): string {
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
    ],
    snap: {
      commands: [
        [
          'snap',
          'install',
          'microk8s',
          '--classic',
          `--channel=${cluster.channel}`,
        ],
      ],
    },
    runcmd: [
      ['microk8s', 'status', '--wait-ready', '--timeout', '900'],
      ['usermod', '-a', '-G', 'microk8s', 'ubuntu'],
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

/**
 * Renders a nested MicroK8s cluster on KubeVirt: per node a DataVolume, a
 * sealed cloud-init Secret and a VirtualMachine, plus the namespace, the
 * sealed join token, a kustomization and the Argo CD Application that
 * deploys the folder. Checks the request first; a bad one renders nothing.
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
  const token = options.joinToken ?? randomToken();
  if (!/^[A-Za-z0-9]{32,}$/.test(token)) {
    throw new Error(
      'the join token must be at least 32 letters or digits (MicroK8s rejects shorter tokens)',
    );
  }
  const layout = options.layout;
  const taken = [...(options.takenAddresses ?? [])];

  // node list and addresses: control planes first, then workers; the same order on every VLAN
  const nodes: NestedClusterNode[] = [
    ...Array.from({ length: cluster.controlPlane.count }, (_, i) => ({
      name: `${cluster.name}-cp-${i + 1}`,
      role: 'control-plane' as const,
      size: cluster.controlPlane.size,
      addresses: {} as Record<string, string>,
    })),
    ...Array.from({ length: cluster.workers.count }, (_, i) => ({
      name: `${cluster.name}-worker-${i + 1}`,
      role: 'worker' as const,
      size: cluster.workers.size,
      addresses: {} as Record<string, string>,
    })),
  ];
  for (const vlan of cluster.vlans) {
    const addresses = allocateNodeAddresses(
      vlan as ParsedVlan,
      nodes.length,
      taken,
    );
    nodes.forEach((node, i) => {
      node.addresses[vlan.name] = addresses[i];
    });
  }
  const first = nodes[0];
  const apiName = `api.${cluster.name}.${
    options.apiDomain ?? DEFAULT_API_DOMAIN
  }`;
  const apiServer = `https://${apiName}:${MICROK8S_API_PORT}`;
  const apiServerAddress = `https://${
    first.addresses[cluster.nodeVlan.name]
  }:${MICROK8S_API_PORT}`;
  const folder = nestedClusterFolder(layout, cluster.environment, cluster.name);
  const labels = clusterLabels(cluster);

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
          'join-url': `${
            first.addresses[cluster.nodeVlan.name]
          }:${CLUSTER_AGENT_PORT}/${token}`,
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

  const resources = ['namespace.yaml', 'join-token.yaml'];
  for (const node of nodes) {
    const launch = launchConfiguration(cluster, node, first, token, apiName);
    const network = networkData(cluster, node);
    const userData = cloudConfig(cluster, node, launch);
    const secretName = `${node.name}-cloud-init`;
    embedded.push(
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
    sealedPlaintexts.push({
      sealedInto: `SealedSecret ${secretName}`,
      key: 'userdata',
      format: 'cloud-config',
      value: userData,
    });
    files.push({
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
    resources.push(`${node.name}.yaml`);
  }
  files.push({
    path: `${folder}/kustomization.yaml`,
    objects: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        metadata: { name: cluster.name },
        resources,
      },
    ],
  });

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
    folder,
    applicationPath,
    files,
    sealedPlaintexts,
    embedded,
  };
}
