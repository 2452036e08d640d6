import {
  ActiveFault,
  ArgoApplicationSpec,
  cephCluster,
  CiliumAgentState,
  ciliumAgentMetricsText,
  FaultTarget,
  KubeObject,
  KubernetesStandin,
  MetricsExporter,
  nestedCluster,
  NESTED_CLUSTER_MISSING_RESOURCES,
  platformCluster,
  startKubernetesStandin,
  startMetricsExporter,
} from '@internal/kubernetes-standin';
import { randomBytes } from 'node:crypto';
import { ClusterChange, ControlInputError } from './controlInput';

/** The clusters a newcomer sees: the HA platform cluster, a healthy dev and a degraded prod. */
export const LOCAL_CLUSTERS = [
  { name: 'platform', environment: 'platform', nodes: 5 },
  { name: 'dev', environment: 'dev', nodes: 3 },
  { name: 'prod', environment: 'prod', nodes: 3, degraded: true },
] as const;

export type LocalClusterName = (typeof LOCAL_CLUSTERS)[number]['name'];

/** The local cluster of that name; a `ControlInputError` naming the `cluster` field otherwise. */
export function localClusterNamed(name: string): LocalClusterName {
  const known = LOCAL_CLUSTERS.find(c => c.name === name);
  if (!known) {
    throw new ControlInputError(
      `cluster: must be one of ${LOCAL_CLUSTERS.map(c => c.name).join(
        ', ',
      )}; got '${name.length > 40 ? `${name.slice(0, 37)}...` : name}'`,
    );
  }
  return known.name;
}

export interface LocalFleet {
  kubernetes: KubernetesStandin;
  /** The stand-in cilium-agents of every cluster, labelled `cluster`, for Prometheus to scrape. */
  ciliumExporter: MetricsExporter;
  tokens: Record<LocalClusterName, string>;
  change(cluster: string, change: ClusterChange): void;
  /** Sets a fault on one source of a cluster's API server (see the stand-in's `setFault`). */
  setFault(cluster: string, fault: ActiveFault): void;
  /** Clears one source's faults (`all`: the cluster-wide ones), or every fault; returns what was cleared. */
  clearFaults(cluster: string, source?: FaultTarget): ActiveFault[];
  faults(cluster: string): ActiveFault[];
  close(): Promise<void>;
}

const STARTED = Date.now();

/** Agents whose drop counters grow like a live datapath's: policy denials all the time, a few stale-IP drops. */
function agentsOf(
  cluster: (typeof LOCAL_CLUSTERS)[number],
  unreachable: number,
): CiliumAgentState[] {
  const seconds = (Date.now() - STARTED) / 1000;
  return Array.from({ length: cluster.nodes }, (_, i) => ({
    pod: `cilium-${cluster.name}-${i + 1}`,
    labels: { cluster: cluster.name },
    unreachableNodes: i === 0 ? unreachable : 0,
    endpointStates: { ready: 8 + i },
    drops: {
      'Policy denied': Math.floor(120 + seconds * (2 + i)),
      'Stale or unroutable IP': Math.floor(seconds * 0.1),
    },
    policyChanges: { success: 4 },
  }));
}

function withoutCephCluster(objects: KubeObject[]): KubeObject[] {
  return objects.filter(o => o.kind !== 'CephCluster');
}

/**
 * Starts the Kubernetes stand-in with the local fleet and a stand-in
 * cilium-agent exporter. With `realCeph`, the platform cluster serves no
 * Rook CephCluster: its Ceph health then comes from the real Ceph's mgr
 * metrics through Prometheus.
 */
export async function startLocalFleet(options: {
  kubernetesPort?: number;
  realCeph: boolean;
  /** The Applications Argo CD holds on the platform cluster; default the stand-in's own eight. */
  argoApplications?: ArgoApplicationSpec[];
}): Promise<LocalFleet> {
  const tokens = Object.fromEntries(
    LOCAL_CLUSTERS.map(c => [
      c.name,
      `standin-${c.name}-${randomBytes(8).toString('hex')}`,
    ]),
  ) as Record<LocalClusterName, string>;
  const platformObjects = platformCluster([{ name: 'dev' }, { name: 'prod' }], {
    applications: options.argoApplications,
  });
  const kubernetes = await startKubernetesStandin({
    port: options.kubernetesPort ?? 7702,
    clusters: [
      {
        name: 'platform',
        token: tokens.platform,
        objects: options.realCeph
          ? withoutCephCluster(platformObjects)
          : platformObjects,
        missingResources: options.realCeph ? ['ceph.rook.io/cephclusters'] : [],
      },
      {
        name: 'dev',
        token: tokens.dev,
        objects: nestedCluster('dev'),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
      {
        name: 'prod',
        token: tokens.prod,
        objects: nestedCluster('prod', { degraded: true }),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
    ],
  });
  const unreachable = new Map<string, number>();
  const metricsText = () =>
    ciliumAgentMetricsText(
      LOCAL_CLUSTERS.flatMap(c => agentsOf(c, unreachable.get(c.name) ?? 0)),
    );
  const ciliumExporter = await startMetricsExporter({ text: metricsText });

  return {
    kubernetes,
    ciliumExporter,
    tokens,
    change(cluster, change) {
      localClusterNamed(cluster);
      if (change.ceph) {
        kubernetes.upsert(cluster, cephCluster({ health: change.ceph }));
      }
      if (change.unreachableNodes !== undefined) {
        unreachable.set(cluster, change.unreachableNodes);
      }
      if (change.api === 'dead') {
        kubernetes.setFault(cluster, { source: 'all', fault: 'reset' });
      }
      if (change.api === 'alive') kubernetes.clearFaults(cluster, 'all');
    },
    setFault(cluster, fault) {
      kubernetes.setFault(localClusterNamed(cluster), fault);
    },
    clearFaults(cluster, source) {
      return kubernetes.clearFaults(localClusterNamed(cluster), source);
    },
    faults(cluster) {
      return kubernetes.faults(localClusterNamed(cluster));
    },
    close: async () => {
      await Promise.all([kubernetes.close(), ciliumExporter.close()]);
    },
  };
}
