/*
 * The fleet of the health benchmark, in a process of its own so the clusters'
 * JSON work does not share an event loop with the backend being measured:
 * one Kubernetes stand-in with CLUSTERS clusters of NODES nodes (Cilium on
 * every node, a Rook CephCluster, Argo CD applications, KubeVirt VMs on every
 * fifth cluster), each answering after LATENCY ms, plus a cluster "dead"
 * that drops every connection. Forked and driven by health-fleet.ts (for
 * health.bench.ts) over the IPC channel of child_process.fork; not a
 * benchmark of its own.
 */
import {
  argoApplications,
  cephCluster,
  ciliumAgentPods,
  ciliumDaemonSet,
  ciliumNodes,
  ciliumOperatorDeployment,
  namespaces,
  nodes,
  startKubernetesStandin,
  virtualMachines,
} from '@internal/kubernetes-standin';
import type { ClusterFault, KubeObject } from '@internal/kubernetes-standin';

export interface FleetRequest {
  clusters: number;
  nodes: number;
  latencyMs: number;
}

export interface FleetCluster {
  name: string;
  url: string;
  token: string;
  healthy: boolean;
}

/** What health-fleet.ts asks; each message carries an `id` its answer repeats. */
export type StandinCommand =
  | { type: 'start'; fleet: FleetRequest }
  | { type: 'fault'; cluster: string; fault?: ClusterFault }
  | { type: 'latency'; latencyMs: number }
  | { type: 'counts' }
  | { type: 'cpu' }
  | { type: 'close' };

const APPS = [
  'cilium',
  'rook-ceph',
  'cert-manager',
  'metallb',
  'kube-ovn',
  'monitoring',
  'loki',
  'ingress-nginx',
  'external-dns',
  'velero',
  'authentik',
  'backstage',
];

/**
 * One cluster of the fleet. A few are degraded the way real ones are, so the
 * rollups are not all "ok": Ceph HEALTH_WARN on cluster-07, two Cilium agents
 * down on cluster-13, three nodes NotReady on cluster-17, an Application out
 * of sync on cluster-04.
 */
function clusterObjects(index: number, nodeCount: number): KubeObject[] {
  const name = clusterName(index);
  const notReadyAgents = index === 13 ? 2 : 0;
  const nodeObjects = nodes(nodeCount, {
    prefix: name,
    subnet: index,
    notReady: index === 17 ? 3 : 0,
  });
  const names = nodeObjects.map(n => n.metadata.name);
  return [
    ...namespaces(['default', 'kube-system', 'rook-ceph', 'argocd']),
    ...nodeObjects,
    ciliumDaemonSet({ desired: nodeCount, ready: nodeCount - notReadyAgents }),
    ciliumOperatorDeployment(true),
    ...ciliumNodes(names),
    ...ciliumAgentPods(names, notReadyAgents),
    cephCluster({ health: index === 7 ? 'HEALTH_WARN' : 'HEALTH_OK' }),
    ...argoApplications(
      APPS.map(app => ({
        name: app,
        sync: index === 4 && app === 'loki' ? 'OutOfSync' : 'Synced',
        health: index === 4 && app === 'loki' ? 'Progressing' : 'Healthy',
      })),
    ),
    ...(index % 5 === 0
      ? virtualMachines(
          Array.from({ length: 10 }, (_, i) => ({
            name: `${name}-vm-${i + 1}`,
            namespace: 'default',
            printableStatus: 'Running' as const,
          })),
        )
      : []),
  ];
}

export function clusterName(index: number): string {
  return `cluster-${String(index).padStart(2, '0')}`;
}

async function main() {
  let standin: Awaited<ReturnType<typeof startKubernetesStandin>> | undefined;
  let healthy: string[] = [];
  const reply = (id: number, body: object) => process.send!({ id, ...body });
  // a benchmark that died must not leave its fleet behind
  process.once('disconnect', () => process.exit(0));

  process.on('message', async (command: StandinCommand & { id: number }) => {
    try {
      switch (command.type) {
        case 'start': {
          const { fleet } = command;
          healthy = Array.from({ length: fleet.clusters }, (_, i) =>
            clusterName(i + 1),
          );
          standin = await startKubernetesStandin({
            clusters: [
              ...healthy.map((name, i) => ({
                name,
                token: `${name}-reader-token`,
                objects: clusterObjects(i + 1, fleet.nodes),
                missingResources:
                  (i + 1) % 5 === 0
                    ? []
                    : [
                        'kubevirt.io/virtualmachines',
                        'kubevirt.io/virtualmachineinstances',
                      ],
              })),
              { name: 'dead', token: 'dead-reader-token', objects: [] },
            ],
          });
          for (const name of healthy)
            standin.setClusterFault(name, { latencyMs: fleet.latencyMs });
          standin.setClusterFault('dead', { refuse: true });
          const clusters: FleetCluster[] = [...healthy, 'dead'].map(name => ({
            name,
            url: standin!.clusterUrl(name),
            token: `${name}-reader-token`,
            healthy: name !== 'dead',
          }));
          reply(command.id, { clusters });
          break;
        }
        case 'fault':
          if (command.fault)
            standin!.setClusterFault(command.cluster, command.fault);
          else standin!.clearClusterFault(command.cluster);
          reply(command.id, {});
          break;
        case 'latency':
          for (const name of healthy)
            standin!.setClusterFault(name, { latencyMs: command.latencyMs });
          reply(command.id, {});
          break;
        case 'counts':
          reply(command.id, {
            counts: Object.fromEntries(
              [...healthy, 'dead'].map(name => [
                name,
                standin!.requestCounts(name),
              ]),
            ),
          });
          standin!.resetCounts();
          break;
        case 'cpu':
          reply(command.id, { cpu: process.cpuUsage() });
          break;
        case 'close':
          await standin?.close();
          reply(command.id, {});
          process.disconnect();
          break;
        default:
          throw new Error(`unknown command ${JSON.stringify(command)}`);
      }
    } catch (error) {
      reply(command.id, { error: String(error) });
    }
  });
}

main();
