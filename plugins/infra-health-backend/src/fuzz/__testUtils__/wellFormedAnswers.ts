import {
  argoApplications,
  cephCluster,
  ciliumDaemonSet,
  ciliumNodes,
  ciliumOperatorDeployment,
  KubeObject,
  nodes,
  virtualMachineInstances,
  virtualMachines,
} from '@internal/kubernetes-standin';
import { SeededRandom } from './seededRandom';
import { KubernetesSource, PrometheusSource } from './collectorSources';

/**
 * Well-formed answers, built like the Kubernetes stand-in serves them (its
 * fixture builders, wrapped in `<Kind>List`s the way the API server does)
 * and like Prometheus answers instant queries. Most are healthy, some
 * degraded: the rules must see good input too, or a suite that never sees
 * `ok` would pass for the wrong reason.
 */

export interface WellFormedAnswer {
  status: number;
  contentType: string;
  /** A JSON value, or the text of a text answer (readyz). */
  body: unknown;
  healthy: boolean;
}

/** The nodes of a healthy answer: the NodeList and the CiliumNodeList agree on them. */
const NODE_NAMES = ['node-1', 'node-2', 'node-3'];

const READYZ_CHECKS = [
  'ping',
  'log',
  'etcd',
  'etcd-readiness',
  'informer-sync',
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/crd-informer-synced',
  'poststarthook/bootstrap-controller',
];

function json(body: unknown, healthy: boolean): WellFormedAnswer {
  return { status: 200, contentType: 'application/json', body, healthy };
}

/** A list as the API server sends it; built-in kinds (core, apps) leave `kind` out of the items. */
function kubernetesList(
  kind: string,
  apiVersion: string,
  items: KubeObject[],
  builtIn = false,
): unknown {
  return {
    kind: `${kind}List`,
    apiVersion,
    metadata: { resourceVersion: '4711' },
    items: builtIn
      ? items.map(({ kind: _kind, apiVersion: _apiVersion, ...item }) => item)
      : items,
  };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Built once: the stand-in's builders read YAML samples from disk. */
let cached: Record<KubernetesSource, Array<() => WellFormedAnswer>> | undefined;

function kubernetesAnswers(): Record<
  KubernetesSource,
  Array<() => WellFormedAnswer>
> {
  if (cached) return cached;
  const healthyNodes = nodes(3, { prefix: 'node' });
  const degradedNodes = nodes(3, { prefix: 'node', notReady: 1 });
  const pressured = nodes(3, { prefix: 'node', pressure: 'DiskPressure' });
  const apps = argoApplications(
    ['cilium', 'rook-ceph', 'kubevirt'].map(name => ({
      name,
      sync: 'Synced' as const,
      health: 'Healthy' as const,
    })),
  );
  const appsOutOfSync = argoApplications([
    { name: 'cilium', sync: 'Synced', health: 'Healthy' },
    { name: 'monitoring', sync: 'OutOfSync', health: 'Progressing' },
  ]);
  const vms = virtualMachines(
    ['dev-1', 'dev-2', 'dev-3'].map(name => ({
      name,
      namespace: 'nested-dev',
      printableStatus: 'Running' as const,
      labels: { 'cluster.x-k8s.io/cluster-name': 'dev' },
    })),
  );
  const failingVms = virtualMachines([
    { name: 'dev-1', namespace: 'nested-dev', printableStatus: 'Running' },
    {
      name: 'dev-2',
      namespace: 'nested-dev',
      printableStatus: 'CrashLoopBackOff',
    },
  ]);
  const vmis = virtualMachineInstances(vms, NODE_NAMES);
  const lists = {
    nodes: [healthyNodes, degradedNodes, pressured].map(items =>
      kubernetesList('Node', 'v1', items, true),
    ),
    applications: [apps, appsOutOfSync].map(items =>
      kubernetesList('Application', 'argoproj.io/v1alpha1', items),
    ),
    vms: [vms, failingVms].map(items =>
      kubernetesList('VirtualMachine', 'kubevirt.io/v1', items),
    ),
    vmis: [kubernetesList('VirtualMachineInstance', 'kubevirt.io/v1', vmis)],
    ceph: (['HEALTH_OK', 'HEALTH_WARN'] as const).map(health =>
      kubernetesList('CephCluster', 'ceph.rook.io/v1', [
        cephCluster({ health }),
      ]),
    ),
    ciliumAgents: [
      ciliumDaemonSet({ desired: 3, ready: 3 }),
      ciliumDaemonSet({ desired: 3, ready: 2 }),
    ],
    ciliumOperator: [
      ciliumOperatorDeployment(true),
      ciliumOperatorDeployment(false),
    ],
    ciliumNodes: [
      kubernetesList('CiliumNode', 'cilium.io/v2', ciliumNodes(NODE_NAMES)),
      kubernetesList(
        'CiliumNode',
        'cilium.io/v2',
        ciliumNodes(NODE_NAMES.slice(0, 2)),
      ),
    ],
  };
  const jsonAnswers = Object.fromEntries(
    Object.entries(lists).map(([source, bodies]) => [
      source,
      bodies.map((body, index) => () => json(clone(body), index === 0)),
    ]),
  ) as Record<
    Exclude<KubernetesSource, 'readyz'>,
    Array<() => WellFormedAnswer>
  >;
  const text = (status: number, body: string, healthy: boolean) => () => ({
    status,
    contentType: 'text/plain; charset=utf-8',
    body,
    healthy,
  });
  cached = {
    ...jsonAnswers,
    readyz: [
      text(
        200,
        `${READYZ_CHECKS.map(c => `[+]${c} ok`).join(
          '\n',
        )}\nreadyz check passed\n`,
        true,
      ),
      text(200, 'ok', true),
      text(
        500,
        `${READYZ_CHECKS.map(c =>
          c.startsWith('etcd')
            ? `[-]${c} failed: reason withheld`
            : `[+]${c} ok`,
        ).join('\n')}\nreadyz check failed\n`,
        false,
      ),
    ],
  };
  return cached;
}

/** Rook's operator writes the time it last checked Ceph: a live answer carries now. */
function refreshCephTimes(answer: WellFormedAnswer, at: string) {
  for (const item of (answer.body as { items: any[] }).items) {
    const ceph = item.status?.ceph;
    if (!ceph) continue;
    ceph.lastChecked = at;
    if (ceph.capacity) ceph.capacity.lastUpdated = at;
  }
  return answer;
}

/** A well-formed answer of a Kubernetes source: healthy three times in four. */
export function wellFormedKubernetesAnswer(
  source: KubernetesSource,
  random: SeededRandom,
  now: Date = new Date(),
): WellFormedAnswer {
  const variants = kubernetesAnswers()[source];
  const answer = random.chance(0.75)
    ? variants[0]()
    : random.pick(variants.slice(1).length ? variants.slice(1) : variants)();
  return source === 'ceph'
    ? refreshCephTimes(answer, now.toISOString())
    : answer;
}

/** The time Prometheus stamps on an instant-query sample. */
const SAMPLE_TIME = 1795255200.123;

function vector(
  series: Array<[Record<string, string>, string | number]>,
): unknown {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: series.map(([metric, value]) => ({
        metric,
        value: [SAMPLE_TIME, String(value)],
      })),
    },
  };
}

function cephMetrics(healthy: boolean): unknown {
  const osds = ['osd.0', 'osd.1', 'osd.2'];
  const mons = ['mon.a', 'mon.b', 'mon.c'];
  return vector([
    [{ __name__: 'ceph_health_status' }, healthy ? 0 : 1],
    ...(healthy
      ? []
      : ([
          [
            {
              __name__: 'ceph_health_detail',
              name: 'OSD_DOWN',
              severity: 'HEALTH_WARN',
            },
            1,
          ],
        ] as Array<[Record<string, string>, number]>)),
    ...osds.flatMap(
      (osd, i) =>
        [
          [
            { __name__: 'ceph_osd_up', ceph_daemon: osd },
            !healthy && i === 2 ? 0 : 1,
          ],
          [{ __name__: 'ceph_osd_in', ceph_daemon: osd }, 1],
        ] as Array<[Record<string, string>, number]>,
    ),
    [{ __name__: 'ceph_pg_total' }, 129],
    [{ __name__: 'ceph_pg_active' }, 129],
    [{ __name__: 'ceph_pg_clean' }, healthy ? 129 : 100],
    ...(healthy
      ? []
      : ([[{ __name__: 'ceph_pg_degraded' }, 29]] as Array<
          [Record<string, string>, number]
        >)),
    [{ __name__: 'ceph_cluster_total_bytes' }, 322122547200],
    [{ __name__: 'ceph_cluster_total_used_bytes' }, 96636764160],
    ...mons.map(
      mon =>
        [{ __name__: 'ceph_mon_quorum_status', ceph_daemon: mon }, 1] as [
          Record<string, string>,
          number,
        ],
    ),
    [{ __name__: 'ceph_pool_metadata', pool_id: '1', name: '.mgr' }, 0],
    [{ __name__: 'ceph_pool_stored', pool_id: '1' }, 1388544],
    [{ __name__: 'ceph_pool_max_avail', pool_id: '1' }, 101858050048],
    [{ __name__: 'ceph_pool_objects', pool_id: '1' }, 2],
  ]);
}

function ciliumGauges(healthy: boolean): unknown {
  const pods = ['cilium-4xk2p', 'cilium-9bq7d', 'cilium-hz6mw'];
  return vector(
    pods.flatMap((pod, i) => [
      [
        { __name__: 'cilium_unreachable_nodes', pod },
        !healthy && i === 0 ? 1 : 0,
      ],
      [{ __name__: 'cilium_unreachable_health_endpoints', pod }, 0],
      [{ __name__: 'cilium_endpoint_state', pod, state: 'ready' }, 12],
    ]),
  );
}

/** A well-formed answer of a Prometheus query: healthy three times in four. */
export function wellFormedPrometheusAnswer(
  source: PrometheusSource,
  random: SeededRandom,
): WellFormedAnswer {
  const healthy = random.chance(0.75);
  const body = {
    cephMetrics: () => cephMetrics(healthy),
    // the mgr refreshed its health in the window (0: a stuck exporter)
    cephChanges: () => vector([[{}, healthy ? 6 : 0]]),
    cephSamples: () => vector([[{}, 12]]),
    ciliumGauges: () => ciliumGauges(healthy),
    ciliumDrops: () =>
      vector([
        [{ reason: 'Policy denied' }, 0.4],
        [{ reason: 'Stale or unroutable IP' }, healthy ? 0.01 : 3.5],
      ]),
    ciliumPolicy: () => vector([[{}, healthy ? 0 : 2]]),
  }[source]();
  return json(body, healthy);
}
