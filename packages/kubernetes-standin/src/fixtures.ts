import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeObject, ObjectMeta } from './types';

/** The folder with the upstream samples (see fixtures/PROVENANCE.md). */
export const FIXTURES_DIR = path.join(
  path.dirname(require.resolve('@internal/kubernetes-standin/package.json')),
  'fixtures',
);

const cache = new Map<string, unknown[]>();

/** All YAML/JSON documents of one file in `fixtures/`, parsed once; callers get copies. */
export function readFixture(file: string): unknown[] {
  let documents = cache.get(file);
  if (!documents) {
    const text = fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8');
    documents = file.endsWith('.json')
      ? [JSON.parse(text)]
      : parseAllDocuments(text)
          .map(d => d.toJS())
          .filter(d => d !== null && d !== undefined);
    cache.set(file, documents);
  }
  return JSON.parse(JSON.stringify(documents));
}

function fixture<T>(file: string, index = 0): T {
  return readFixture(file)[index] as T;
}

const TIMESTAMP = '2026-01-01T09:00:00Z';
const HEARTBEAT = '2026-01-01T10:05:00Z';

// ---------------------------------------------------------------- Nodes

export type NodeConditionType =
  | 'Ready'
  | 'MemoryPressure'
  | 'DiskPressure'
  | 'PIDPressure';

export interface NodeCondition {
  type: NodeConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
}

export interface Node extends KubeObject {
  apiVersion: 'v1';
  kind: 'Node';
  spec: {
    podCIDR: string;
    podCIDRs: string[];
    taints?: Array<{ key: string; effect: string; timeAdded?: string }>;
  };
  status: {
    conditions: NodeCondition[];
    addresses: Array<{ type: 'InternalIP' | 'Hostname'; address: string }>;
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    nodeInfo: {
      architecture: string;
      bootID: string;
      containerRuntimeVersion: string;
      kernelVersion: string;
      kubeProxyVersion: string;
      kubeletVersion: string;
      machineID: string;
      operatingSystem: string;
      osImage: string;
      systemUUID: string;
    };
  };
}

export interface NodesOptions {
  /** Default `node`; names are `<prefix>-1` ... */
  prefix?: string;
  /** How many of the last nodes stopped reporting (Ready Unknown). */
  notReady?: number;
  /** Put this pressure condition on the first node. */
  pressure?: 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';
  /** Default v1.31.4. */
  kubeletVersion?: string;
  /** How many of the first nodes are control-plane nodes; default min(3, count). */
  controlPlane?: number;
  /** Third octet of the node addresses 10.0.<subnet>.x; default 0. */
  subnet?: number;
}

const PRESSURE: Record<
  'MemoryPressure' | 'DiskPressure' | 'PIDPressure',
  { ok: [string, string]; bad: [string, string]; taint: string }
> = {
  MemoryPressure: {
    ok: [
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
    ],
    bad: [
      'KubeletHasInsufficientMemory',
      'kubelet has insufficient memory available',
    ],
    taint: 'node.kubernetes.io/memory-pressure',
  },
  DiskPressure: {
    ok: ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    bad: ['KubeletHasDiskPressure', 'kubelet has disk pressure'],
    taint: 'node.kubernetes.io/disk-pressure',
  },
  PIDPressure: {
    ok: ['KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    bad: [
      'KubeletHasInsufficientPID',
      'kubelet has insufficient PID available',
    ],
    taint: 'node.kubernetes.io/pid-pressure',
  },
};

function hex(seed: string, length: number): string {
  let h = 2166136261;
  let out = '';
  while (out.length < length) {
    for (const ch of `${seed}${out.length}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 16777619) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

function uuidFrom(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/** core/v1 Nodes with kubelet-style conditions, addresses, capacity and nodeInfo. */
export function nodes(count: number, options: NodesOptions = {}): Node[] {
  const prefix = options.prefix ?? 'node';
  const kubeletVersion = options.kubeletVersion ?? 'v1.31.4';
  const controlPlane = options.controlPlane ?? Math.min(3, count);
  const notReady = options.notReady ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}-${i + 1}`;
    const down = i >= count - notReady;
    const taints: Array<{ key: string; effect: string; timeAdded?: string }> =
      [];
    const conditions: NodeCondition[] = (
      ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const
    ).map(type => {
      const under = options.pressure === type && i === 0 && !down;
      if (under)
        taints.push({ key: PRESSURE[type].taint, effect: 'NoSchedule' });
      const [reason, message] = under ? PRESSURE[type].bad : PRESSURE[type].ok;
      return {
        type,
        status: under ? 'True' : 'False',
        reason,
        message,
        lastHeartbeatTime: HEARTBEAT,
        lastTransitionTime: under ? HEARTBEAT : TIMESTAMP,
      };
    });
    conditions.push({
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: HEARTBEAT,
      lastTransitionTime: TIMESTAMP,
    });
    if (down) {
      for (const condition of conditions) {
        condition.status = 'Unknown';
        condition.reason = 'NodeStatusUnknown';
        condition.message = 'Kubelet stopped posting node status.';
        condition.lastTransitionTime = HEARTBEAT;
      }
      taints.push(
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
        {
          key: 'node.kubernetes.io/unreachable',
          effect: 'NoExecute',
          timeAdded: HEARTBEAT,
        },
      );
    }
    const isControlPlane = i < controlPlane;
    if (isControlPlane && count > controlPlane) {
      taints.push({
        key: 'node-role.kubernetes.io/control-plane',
        effect: 'NoSchedule',
      });
    }
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
    };
    if (isControlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
    const capacity = {
      cpu: '8',
      'ephemeral-storage': '101430960Ki',
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: '32827552Ki',
      pods: '110',
    };
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels,
        annotations: {
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: {
        podCIDR: `10.244.${i}.0/24`,
        podCIDRs: [`10.244.${i}.0/24`],
        ...(taints.length ? { taints } : {}),
      },
      status: {
        conditions,
        addresses: [
          {
            type: 'InternalIP',
            address: `10.0.${options.subnet ?? 0}.${11 + i}`,
          },
          { type: 'Hostname', address: name },
        ],
        capacity,
        allocatable: {
          ...capacity,
          'ephemeral-storage': '93478772582',
          memory: '32725152Ki',
        },
        nodeInfo: {
          architecture: 'amd64',
          bootID: uuidFrom(`${name}-boot`),
          containerRuntimeVersion: 'containerd://1.7.24',
          kernelVersion: '6.8.0-51-generic',
          kubeProxyVersion: kubeletVersion,
          kubeletVersion,
          machineID: hex(`${name}-machine`, 32),
          operatingSystem: 'linux',
          osImage: 'Ubuntu 24.04.1 LTS',
          systemUUID: uuidFrom(`${name}-system`),
        },
      },
    };
  });
}

/** core/v1 Namespaces. */
export function namespaces(names: string[]): KubeObject[] {
  return names.map(name => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  }));
}

/** A running core/v1 Pod with one container. */
export function pod(options: {
  name: string;
  namespace: string;
  nodeName: string;
  image: string;
  labels?: Record<string, string>;
  ready?: boolean;
}): KubeObject {
  const ready = options.ready ?? true;
  const container = options.labels?.['app.kubernetes.io/name'] ?? 'main';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: options.labels ?? {},
    },
    spec: {
      nodeName: options.nodeName,
      containers: [{ name: container, image: options.image }],
    },
    status: {
      phase: 'Running',
      conditions: [
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(type => ({
        type,
        status:
          !ready && (type === 'Ready' || type === 'ContainersReady')
            ? 'False'
            : 'True',
        lastTransitionTime: TIMESTAMP,
        ...(!ready && (type === 'Ready' || type === 'ContainersReady')
          ? {
              reason: 'ContainersNotReady',
              message: `containers with unready status: [${container}]`,
            }
          : {}),
      })),
      containerStatuses: [
        {
          name: container,
          image: options.image,
          ready,
          started: true,
          restartCount: ready ? 0 : 7,
          state: { running: { startedAt: TIMESTAMP } },
        },
      ],
      startTime: TIMESTAMP,
    },
  };
}

// ---------------------------------------------------------------- Ceph (Rook)

export type CephHealth = 'HEALTH_OK' | 'HEALTH_WARN' | 'HEALTH_ERR';

export interface CephStatusDetails {
  [check: string]: { severity: CephHealth; message: string };
}

export interface CephClusterCephStatus {
  health: CephHealth;
  previousHealth?: CephHealth;
  lastChanged?: string;
  lastChecked?: string;
  fsid?: string;
  details?: CephStatusDetails;
  capacity?: {
    bytesTotal: number;
    bytesUsed: number;
    bytesAvailable: number;
    lastUpdated: string;
  };
}

export interface CephCluster extends KubeObject {
  apiVersion: 'ceph.rook.io/v1';
  kind: 'CephCluster';
  spec: Record<string, unknown>;
  status: {
    ceph: CephClusterCephStatus;
    message: string;
    phase: string;
    state: string;
    conditions: Array<Record<string, string>>;
    [key: string]: unknown;
  };
}

interface CephStatusJson {
  fsid: string;
  health: {
    status: CephHealth;
    checks: Record<
      string,
      { severity: CephHealth; summary: { message: string } }
    >;
  };
  pgmap: { bytes_total: number; bytes_used: number; bytes_avail: number };
}

/**
 * `CephCluster.status.ceph` from `ceph status -f json` output, following the
 * mapping Rook's operator applies (pkg/operator/ceph/cluster/cephstatus.go).
 */
export function cephStatusFromCephJson(
  json: unknown,
  checkedAt: string = HEARTBEAT,
): CephClusterCephStatus {
  const status = json as CephStatusJson;
  const result: CephClusterCephStatus = {
    health: status.health.status,
    lastChecked: checkedAt,
    fsid: status.fsid,
  };
  const checks = Object.entries(status.health.checks ?? {});
  if (checks.length) {
    result.details = Object.fromEntries(
      checks.map(([code, check]) => [
        code,
        { severity: check.severity, message: check.summary.message },
      ]),
    );
  }
  if (status.pgmap.bytes_total !== 0) {
    result.capacity = {
      bytesTotal: status.pgmap.bytes_total,
      bytesUsed: status.pgmap.bytes_used,
      bytesAvailable: status.pgmap.bytes_avail,
      lastUpdated: checkedAt,
    };
  }
  return result;
}

export interface CephClusterOptions {
  health: CephHealth;
  name?: string;
  namespace?: string;
  /**
   * `rook` (default): the Rook docs/test samples (HEALTH_OK from the docs,
   * HEALTH_WARN with OSD_DOWN, OSD_HOST_DOWN, PG_AVAILABILITY,
   * POOL_APP_NOT_ENABLED). `live`: mapped from the captured Ceph 16.2.15
   * status (HEALTH_WARN: OSD_DOWN, OSD_HOST_DOWN, OSD_ROOT_DOWN, PG_AVAILABILITY).
   */
  sample?: 'rook' | 'live';
}

/** A ceph.rook.io/v1 CephCluster with a status built from the upstream samples. */
export function cephCluster(options: CephClusterOptions): CephCluster {
  const warn = fixture<CephCluster>('cephcluster-status-derived-warn.yaml');
  const ok = fixture<{ status: CephCluster['status'] }>(
    'cephcluster-status-docs-example.yaml',
  ).status;
  const object: CephCluster = {
    ...warn,
    metadata: {
      ...warn.metadata,
      name: options.name ?? warn.metadata.name,
      namespace: options.namespace ?? warn.metadata.namespace,
    },
  };
  if (options.health === 'HEALTH_OK') {
    object.status = {
      ...ok,
      ceph: { ...ok.ceph, fsid: warn.status.ceph.fsid },
    };
  }
  if (options.sample === 'live') {
    const json = readFixture(
      options.health === 'HEALTH_OK'
        ? 'live-ceph-status.json'
        : 'live-ceph-status-degraded.json',
    )[0];
    object.status.ceph = cephStatusFromCephJson(json);
  }
  if (options.health === 'HEALTH_ERR') {
    // Illustrative: no upstream sample carries HEALTH_ERR; this adds a real
    // Ceph HEALTH_ERR check code to the HEALTH_WARN sample.
    object.status.ceph = {
      ...object.status.ceph,
      health: 'HEALTH_ERR',
      previousHealth: 'HEALTH_WARN',
      details: {
        ...object.status.ceph.details,
        OSD_FULL: { severity: 'HEALTH_ERR', message: '1 full osd(s)' },
      },
    };
  }
  return object;
}

// ---------------------------------------------------------------- Cilium

export interface DaemonSet extends KubeObject {
  apiVersion: 'apps/v1';
  kind: 'DaemonSet';
  spec: Record<string, unknown>;
  status: {
    currentNumberScheduled: number;
    desiredNumberScheduled: number;
    numberAvailable?: number;
    numberMisscheduled: number;
    numberReady: number;
    numberUnavailable?: number;
    observedGeneration: number;
    updatedNumberScheduled: number;
  };
}

export interface Deployment extends KubeObject {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  spec: Record<string, unknown>;
  status: {
    observedGeneration: number;
    replicas: number;
    updatedReplicas: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions: Array<Record<string, string>>;
  };
}

const CILIUM_VERSION = 'v1.16.5';

/** The apps/v1 DaemonSet `cilium` in kube-system. */
export function ciliumDaemonSet(options: {
  desired: number;
  ready: number;
  version?: string;
}): DaemonSet {
  const version = options.version ?? CILIUM_VERSION;
  const labels = {
    'k8s-app': 'cilium',
    'app.kubernetes.io/name': 'cilium-agent',
    'app.kubernetes.io/part-of': 'cilium',
  };
  const unavailable = options.desired - options.ready;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'cilium',
      namespace: 'kube-system',
      labels,
      generation: 1,
    },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'cilium' } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'cilium-agent', image: `quay.io/cilium/cilium:${version}` },
          ],
          hostNetwork: true,
          serviceAccountName: 'cilium',
        },
      },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 2 },
      },
    },
    status: {
      currentNumberScheduled: options.desired,
      desiredNumberScheduled: options.desired,
      // Like the real controller, zero counts are omitted.
      ...(options.ready ? { numberAvailable: options.ready } : {}),
      numberMisscheduled: 0,
      numberReady: options.ready,
      ...(unavailable ? { numberUnavailable: unavailable } : {}),
      observedGeneration: 1,
      updatedNumberScheduled: options.desired,
    },
  };
}

/** The apps/v1 Deployment `cilium-operator` in kube-system. */
export function ciliumOperatorDeployment(
  ready: number | boolean,
  options: { replicas?: number; version?: string } = {},
): Deployment {
  const replicas = options.replicas ?? 2;
  let readyCount = ready === true ? replicas : Number(ready);
  if (ready === false) readyCount = 0;
  const labels = {
    'io.cilium/app': 'operator',
    name: 'cilium-operator',
    'app.kubernetes.io/name': 'cilium-operator',
    'app.kubernetes.io/part-of': 'cilium',
  };
  const available = readyCount >= replicas - Math.floor(replicas * 0.5);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'cilium-operator',
      namespace: 'kube-system',
      labels,
      generation: 1,
    },
    spec: {
      replicas,
      selector: {
        matchLabels: { 'io.cilium/app': 'operator', name: 'cilium-operator' },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '50%' },
      },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'cilium-operator',
              image: `quay.io/cilium/operator-generic:${
                options.version ?? CILIUM_VERSION
              }`,
            },
          ],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      ...(readyCount
        ? { readyReplicas: readyCount, availableReplicas: readyCount }
        : {}),
      ...(replicas - readyCount
        ? { unavailableReplicas: replicas - readyCount }
        : {}),
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available
            ? 'MinimumReplicasAvailable'
            : 'MinimumReplicasUnavailable',
          message: available
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
          lastUpdateTime: HEARTBEAT,
          lastTransitionTime: HEARTBEAT,
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message:
            'ReplicaSet "cilium-operator-6f5d9c7b8d" has successfully progressed.',
          lastUpdateTime: TIMESTAMP,
          lastTransitionTime: TIMESTAMP,
        },
      ],
    },
  };
}

/** cilium.io/v2 CiliumNodes (cluster-scoped), one per node name. */
export function ciliumNodes(names: string[]): KubeObject[] {
  return names.map((name, i) => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNode',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name, uid: uuidFrom(`${name}-node`) },
      ],
    },
    spec: {
      addresses: [
        { type: 'InternalIP', ip: `10.0.0.${11 + i}` },
        { type: 'CiliumInternalIP', ip: `10.244.${i}.17` },
      ],
      health: { ipv4: `10.244.${i}.201` },
      ipam: { podCIDRs: [`10.244.${i}.0/24`] },
      encryption: {},
      eni: {},
    },
    status: { ipam: { 'operator-status': {} } },
  }));
}

/** Running Cilium agent pods, one per node; the first `notReady` are not ready. */
export function ciliumAgentPods(
  nodeNames: string[],
  notReady = 0,
): KubeObject[] {
  return nodeNames.map((nodeName, i) =>
    pod({
      name: `cilium-${hex(nodeName, 5)}`,
      namespace: 'kube-system',
      nodeName,
      image: `quay.io/cilium/cilium:${CILIUM_VERSION}`,
      labels: {
        'k8s-app': 'cilium',
        'app.kubernetes.io/name': 'cilium-agent',
        'app.kubernetes.io/part-of': 'cilium',
      },
      ready: i >= notReady,
    }),
  );
}

// ---------------------------------------------------------------- Argo CD

export type ArgoSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type ArgoHealthStatus =
  | 'Healthy'
  | 'Degraded'
  | 'Progressing'
  | 'Missing'
  | 'Suspended'
  | 'Unknown';

export interface ArgoApplication extends KubeObject {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  spec: {
    project: string;
    source: { repoURL: string; targetRevision: string; path: string };
    destination: { server: string; namespace: string };
    syncPolicy?: Record<string, unknown>;
  };
  status?: {
    health: { status: ArgoHealthStatus; lastTransitionTime?: string };
    sync: { status: ArgoSyncStatus; revision?: string };
    resourceHealthSource?: string;
    resources?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  };
}

export interface ArgoApplicationSpec {
  name: string;
  sync: ArgoSyncStatus;
  health: ArgoHealthStatus;
  namespace?: string;
  project?: string;
  /** Source path in the repository; default the name. */
  path?: string;
  destinationNamespace?: string;
}

/**
 * argoproj.io/v1alpha1 Applications shaped like Argo CD's reference
 * application.yaml, with a v3-style status (resourceHealthSource: appTree).
 */
export function argoApplications(
  specs: ArgoApplicationSpec[],
): ArgoApplication[] {
  const example = fixture<ArgoApplication>('application.yaml');
  const statusSample = fixture<{
    status: NonNullable<ArgoApplication['status']>;
  }>('application-status-v2-vs-v3.yaml', 1).status;
  const revision = hex('argocd-revision', 40);
  return specs.map(spec => {
    const source = {
      repoURL: example.spec.source.repoURL,
      targetRevision: example.spec.source.targetRevision,
      path: spec.path ?? spec.name,
    };
    const destination = {
      server: example.spec.destination.server,
      namespace: spec.destinationNamespace ?? spec.name,
    };
    const resources = (statusSample.resources ?? []).map(resource => ({
      ...resource,
      name: spec.name,
      namespace: destination.namespace,
      status: spec.sync,
    }));
    return {
      apiVersion: example.apiVersion,
      kind: example.kind,
      metadata: {
        name: spec.name,
        namespace: spec.namespace ?? example.metadata.namespace,
        finalizers: example.metadata.finalizers as string[],
        labels: { name: spec.name },
      } as ObjectMeta,
      spec: {
        project: spec.project ?? example.spec.project,
        source,
        destination,
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
        },
      },
      status: {
        ...statusSample,
        health: { ...statusSample.health, status: spec.health },
        resources,
        sync: {
          status: spec.sync,
          revision,
          comparedTo: { source, destination },
        },
        sourceType: 'Directory',
        reconciledAt: HEARTBEAT,
      },
    };
  });
}

// ---------------------------------------------------------------- KubeVirt

export type VirtualMachinePrintableStatus =
  | 'Running'
  | 'Stopped'
  | 'Starting'
  | 'Stopping'
  | 'Provisioning'
  | 'Paused'
  | 'Migrating'
  | 'Terminating'
  | 'ErrorUnschedulable'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'CrashLoopBackOff'
  | 'ErrorPvcNotFound'
  | 'ErrorDataVolumeNotFound'
  | 'DataVolumeError'
  | 'WaitingForVolumeBinding';

export interface VirtualMachine extends KubeObject {
  apiVersion: 'kubevirt.io/v1';
  kind: 'VirtualMachine';
  spec: { runStrategy: string; template: Record<string, unknown> };
  status?: {
    printableStatus: VirtualMachinePrintableStatus;
    ready?: boolean;
    created?: boolean;
    conditions?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  };
}

export interface VirtualMachineSpec {
  name: string;
  namespace?: string;
  printableStatus: VirtualMachinePrintableStatus;
  ready?: boolean;
  labels?: Record<string, string>;
}

const VM_NOT_RUNNING = new Set(['Stopped', 'Stopping', 'Terminating']);

/** kubevirt.io/v1 VirtualMachines shaped like KubeVirt's vm-cirros example. */
export function virtualMachines(specs: VirtualMachineSpec[]): VirtualMachine[] {
  const example = fixture<VirtualMachine>('vm-cirros.yaml');
  return specs.map(spec => {
    const ready = spec.ready ?? spec.printableStatus === 'Running';
    const running = !VM_NOT_RUNNING.has(spec.printableStatus);
    const labels = { 'kubevirt.io/vm': spec.name, ...spec.labels };
    const template = JSON.parse(JSON.stringify(example.spec.template));
    template.metadata = { labels: { 'kubevirt.io/vm': spec.name } };
    let notReadyReason = {};
    if (!ready) {
      notReadyReason = running
        ? {
            reason: 'PodNotExists',
            message: 'virt-launcher pod has not yet been scheduled',
          }
        : { reason: 'VMINotExists', message: 'VMI does not exist' };
    }
    const conditions: Array<Record<string, unknown>> = [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastProbeTime: null,
        lastTransitionTime: HEARTBEAT,
        ...notReadyReason,
      },
    ];
    if (spec.printableStatus === 'ErrorUnschedulable') {
      conditions.push({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: '0/3 nodes are available: 3 Insufficient memory.',
        lastProbeTime: null,
        lastTransitionTime: HEARTBEAT,
      });
    }
    return {
      apiVersion: example.apiVersion,
      kind: example.kind,
      metadata: {
        name: spec.name,
        namespace: spec.namespace ?? 'default',
        labels,
      },
      spec: {
        ...example.spec,
        runStrategy: running ? 'Always' : 'Halted',
        template,
      },
      status: {
        printableStatus: spec.printableStatus,
        ready,
        created: running,
        conditions,
        volumeSnapshotStatuses: [
          {
            name: 'containerdisk',
            enabled: false,
            reason:
              'Snapshot is not supported for this volumeSource type [containerdisk]',
          },
          {
            name: 'cloudinitdisk',
            enabled: false,
            reason:
              'Snapshot is not supported for this volumeSource type [cloudinitdisk]',
          },
        ],
      },
    };
  });
}

/** kubevirt.io/v1 VirtualMachineInstances for the VMs that run (printableStatus Running). */
export function virtualMachineInstances(
  vms: VirtualMachine[],
  nodeNames: string[],
): KubeObject[] {
  return vms
    .filter(vm => vm.status?.printableStatus === 'Running')
    .map((vm, i) => ({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: {
        name: vm.metadata.name,
        namespace: vm.metadata.namespace,
        labels: {
          ...vm.metadata.labels,
          'kubevirt.io/nodeName': nodeNames[i % nodeNames.length],
        },
        ownerReferences: [
          {
            apiVersion: 'kubevirt.io/v1',
            kind: 'VirtualMachine',
            name: vm.metadata.name,
            controller: true,
          },
        ],
      },
      spec: (vm.spec.template as { spec: unknown }).spec,
      status: {
        phase: 'Running',
        nodeName: nodeNames[i % nodeNames.length],
        conditions: [
          {
            type: 'Ready',
            status: vm.status?.ready ? 'True' : 'False',
            lastProbeTime: null,
            lastTransitionTime: HEARTBEAT,
          },
        ],
        interfaces: [
          {
            name: 'default',
            ipAddress: `10.244.${i % 250}.${100 + i}`,
            infoSource: 'domain',
          },
        ],
        guestOSInfo: {},
      },
    }));
}

// ---------------------------------------------------------------- convenience sets

/** Resources a nested cluster does not have (no Argo CD, no KubeVirt). */
export const NESTED_CLUSTER_MISSING_RESOURCES = [
  'argoproj.io/applications',
  'kubevirt.io/virtualmachines',
  'kubevirt.io/virtualmachineinstances',
];

function clusterBase(
  prefix: string,
  nodeCount: number,
  options: {
    ciliumNotReady?: number;
    ceph: CephHealth;
    subnet?: number;
    controlPlane?: number;
  },
): KubeObject[] {
  const nodeObjects = nodes(nodeCount, {
    prefix,
    subnet: options.subnet,
    controlPlane: options.controlPlane,
  });
  const names = nodeObjects.map(n => n.metadata.name);
  const notReady = options.ciliumNotReady ?? 0;
  return [
    ...namespaces(['default', 'kube-system', 'kube-public', 'rook-ceph']),
    ...nodeObjects,
    ciliumDaemonSet({ desired: nodeCount, ready: nodeCount - notReady }),
    ciliumOperatorDeployment(true),
    ...ciliumNodes(names),
    ...ciliumAgentPods(names, notReady),
    cephCluster({ health: options.ceph }),
  ];
}

/**
 * The platform (management) cluster: 5 nodes (3 control-plane), Cilium
 * healthy, Rook HEALTH_OK, Argo CD with 8 applications (7 synced and
 * healthy, 1 OutOfSync and progressing) and the VMs of the nested clusters.
 */
export function platformCluster(
  nested: Array<{ name: string; nodes?: number; degraded?: boolean }> = [
    { name: 'dev' },
    { name: 'prod' },
  ],
): KubeObject[] {
  const apps = [
    'cilium',
    'rook-ceph',
    'kubevirt',
    'cdi',
    'metallb',
    'monitoring',
    'backstage',
  ].map(name => ({
    name,
    sync: 'Synced' as const,
    health: 'Healthy' as const,
  }));
  const vms = nested.flatMap(cluster =>
    virtualMachines(
      Array.from({ length: cluster.nodes ?? 3 }, (_, i) => ({
        name: `${cluster.name}-${i + 1}`,
        namespace: `nested-${cluster.name}`,
        printableStatus: 'Running' as const,
        labels: { 'cluster.x-k8s.io/cluster-name': cluster.name },
      })),
    ),
  );
  const nodeNames = Array.from({ length: 5 }, (_, i) => `platform-${i + 1}`);
  return [
    ...clusterBase('platform', 5, { ceph: 'HEALTH_OK' }),
    ...namespaces([
      'argocd',
      'kubevirt',
      ...nested.map(c => `nested-${c.name}`),
    ]),
    ...argoApplications([
      ...apps,
      { name: 'nested-clusters', sync: 'OutOfSync', health: 'Progressing' },
    ]),
    ...vms,
    ...virtualMachineInstances(vms, nodeNames),
  ];
}

/**
 * A nested cluster (3 nodes, 1 control plane) with Cilium and Rook; when
 * `degraded`, Ceph reports HEALTH_WARN and one Cilium agent is not ready.
 * Serve it with `missingResources: NESTED_CLUSTER_MISSING_RESOURCES`.
 */
export function nestedCluster(
  name: string,
  options: { degraded?: boolean; nodes?: number } = {},
): KubeObject[] {
  return clusterBase(name, options.nodes ?? 3, {
    ceph: options.degraded ? 'HEALTH_WARN' : 'HEALTH_OK',
    ciliumNotReady: options.degraded ? 1 : 0,
    subnet: 10,
    controlPlane: 1,
  });
}
