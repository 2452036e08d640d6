import {
  cephCluster,
  CiliumAgentState,
  ciliumAgentMetricsText,
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

/** The clusters a newcomer sees: the HA platform cluster, a healthy dev and a degraded prod. */
export const LOCAL_CLUSTERS = [
  { name: 'platform', environment: 'platform', nodes: 5 },
  { name: 'dev', environment: 'dev', nodes: 3 },
  { name: 'prod', environment: 'prod', nodes: 3, degraded: true },
] as const;

export type LocalClusterName = (typeof LOCAL_CLUSTERS)[number]['name'];

/** What can be changed in a running local fleet, to watch the portal notice. */
export interface ClusterChange {
  /** Rook's CephCluster health as the stand-in serves it. */
  ceph?: 'HEALTH_OK' | 'HEALTH_WARN' | 'HEALTH_ERR';
  /** `cilium_unreachable_nodes` reported by the cluster's first agent. */
  unreachableNodes?: number;
  /** `dead`: the API server refuses every connection; `alive`: back to normal. */
  api?: 'dead' | 'alive';
}

export interface LocalFleet {
  kubernetes: KubernetesStandin;
  /** The stand-in cilium-agents of every cluster, labelled `cluster`, for Prometheus to scrape. */
  ciliumExporter: MetricsExporter;
  tokens: Record<LocalClusterName, string>;
  change(cluster: string, change: ClusterChange): void;
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
}): Promise<LocalFleet> {
  const tokens = Object.fromEntries(
    LOCAL_CLUSTERS.map(c => [
      c.name,
      `standin-${c.name}-${randomBytes(8).toString('hex')}`,
    ]),
  ) as Record<LocalClusterName, string>;
  const platformObjects = platformCluster([{ name: 'dev' }, { name: 'prod' }]);
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
      const known = LOCAL_CLUSTERS.find(c => c.name === cluster);
      if (!known) {
        throw new Error(
          `cluster: must be one of ${LOCAL_CLUSTERS.map(c => c.name).join(
            ', ',
          )}; got '${cluster}'`,
        );
      }
      if (change.ceph) {
        kubernetes.upsert(cluster, cephCluster({ health: change.ceph }));
      }
      if (change.unreachableNodes !== undefined) {
        unreachable.set(cluster, change.unreachableNodes);
      }
      if (change.api === 'dead')
        kubernetes.setClusterFault(cluster, { refuse: true });
      if (change.api === 'alive') kubernetes.clearClusterFault(cluster);
    },
    close: async () => {
      await Promise.all([kubernetes.close(), ciliumExporter.close()]);
    },
  };
}
