import {
  ARGO_HEALTH_STATUSES,
  ARGO_SYNC_STATUSES,
  CEPH_METRIC_SHAPES,
  CILIUM_GAUGE_SHAPES,
  KUBEVIRT_RUN_STRATEGIES,
  MetricShapes,
} from '@proficientnow/backstage-plugin-infra-health-common';

/**
 * Every source the collectors read, how a request names it, and the fields
 * its parser reads (with the type the upstream API defines): the generator
 * mutates exactly these, so a mutation is garbage by the parsers' own
 * contract, never a field they rightly ignore.
 */

/** The Kubernetes API paths `collectClusterHealth` reads, by its source keys. */
export const KUBERNETES_PATHS = {
  nodes: '/api/v1/nodes',
  readyz: '/readyz?verbose',
  applications: '/apis/argoproj.io/v1alpha1/applications',
  vms: '/apis/kubevirt.io/v1/virtualmachines',
  vmis: '/apis/kubevirt.io/v1/virtualmachineinstances',
  ceph: '/apis/ceph.rook.io/v1/cephclusters',
  ciliumAgents: '/apis/apps/v1/namespaces/kube-system/daemonsets/cilium',
  ciliumOperator:
    '/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator',
  ciliumNodes: '/apis/cilium.io/v2/ciliumnodes',
} as const;
export type KubernetesSource = keyof typeof KUBERNETES_PATHS;
export const KUBERNETES_SOURCE_KEYS = Object.keys(
  KUBERNETES_PATHS,
) as KubernetesSource[];

/** The Prometheus instant queries `collectMetricsHealth` runs, told apart by how the query starts. */
export const PROMETHEUS_QUERIES = {
  cephMetrics: {
    startsWith: '{__name__=~"ceph_',
    shapes: { byName: CEPH_METRIC_SHAPES },
  },
  cephChanges: {
    startsWith: 'changes(ceph_prometheus_collect_duration_seconds_count',
    shapes: { every: { value: 'count' } },
  },
  cephSamples: {
    startsWith:
      'count_over_time(ceph_prometheus_collect_duration_seconds_count',
    shapes: { every: { value: 'count' } },
  },
  ciliumGauges: {
    startsWith: '{__name__=~"cilium_',
    shapes: { byName: CILIUM_GAUGE_SHAPES },
  },
  ciliumDrops: {
    startsWith: 'sum by (reason) (rate(cilium_drop_count_total',
    shapes: { every: { value: 'amount' } },
  },
  ciliumPolicy: {
    startsWith: 'sum(increase(cilium_policy_change_total',
    shapes: { every: { value: 'amount' } },
  },
} as const satisfies Record<
  string,
  { startsWith: string; shapes: MetricShapes }
>;
export type PrometheusSource = keyof typeof PROMETHEUS_QUERIES;
export const PROMETHEUS_SOURCE_KEYS = Object.keys(
  PROMETHEUS_QUERIES,
) as PrometheusSource[];

export type SourceKey = KubernetesSource | PrometheusSource;

/** The Kubernetes source a path (below the fuzz prefix, with its query) is, if any. */
export function kubernetesSourceOf(
  pathAndQuery: string,
): KubernetesSource | undefined {
  return KUBERNETES_SOURCE_KEYS.find(
    key => KUBERNETES_PATHS[key] === pathAndQuery,
  );
}

/** The Prometheus query a `/api/v1/query` request runs, if it is one of the collector's. */
export function prometheusSourceOf(
  query: string,
): PrometheusSource | undefined {
  return PROMETHEUS_SOURCE_KEYS.find(key =>
    query.startsWith(PROMETHEUS_QUERIES[key].startsWith),
  );
}

/**
 * What a field must be, as the parsers read it: `name` a non-empty string of
 * at most 253 characters, `enum` one of `values`, `count` a whole number
 * from 0 to 100000, `amount` a finite number of at least 0, `time` a string
 * that parses as a date, `sample` a Prometheus value string in the series'
 * domain, `timestamp` a finite number.
 */
export type FieldType =
  | 'object'
  | 'list'
  | 'string'
  | 'name'
  | 'enum'
  | 'boolean'
  | 'count'
  | 'amount'
  | 'time'
  | 'sample'
  | 'timestamp';

/**
 * One field a parser reads. `path` has `[*]` for every element of a list
 * and `{*}` for every value of a map; `''` is the answer itself. A field
 * that is not `required` may be absent (or null, as Go writes an empty
 * pointer); present, it must have its type.
 */
export interface FieldSpec {
  path: string;
  type: FieldType;
  required?: boolean;
  values?: readonly string[];
}

const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;

function conditions(at: string): FieldSpec[] {
  return [
    { path: `${at}.conditions`, type: 'list' },
    { path: `${at}.conditions[*]`, type: 'object', required: true },
    { path: `${at}.conditions[*].type`, type: 'string', required: true },
    {
      path: `${at}.conditions[*].status`,
      type: 'enum',
      values: CONDITION_STATUSES,
      required: true,
    },
  ];
}

function metadata(at: string): FieldSpec[] {
  const prefix = at ? `${at}.` : '';
  return [
    { path: `${prefix}metadata`, type: 'object', required: true },
    { path: `${prefix}metadata.name`, type: 'name', required: true },
    { path: `${prefix}metadata.namespace`, type: 'name' },
  ];
}

/** A `<Kind>List` answer: the list, its items, each item's metadata (and `kind`, when there, the item's), then `itemFields`. */
function kubernetesList(kind: string, itemFields: FieldSpec[]): FieldSpec[] {
  return [
    { path: '', type: 'object', required: true },
    { path: 'kind', type: 'enum', values: [`${kind}List`], required: true },
    { path: 'items', type: 'list', required: true },
    { path: 'items[*]', type: 'object', required: true },
    { path: 'items[*].kind', type: 'enum', values: [kind] },
    ...metadata('items[*]'),
    ...itemFields,
  ];
}

/** A single object answer (GET of one named object). */
function kubernetesObject(kind: string, fields: FieldSpec[]): FieldSpec[] {
  return [
    { path: '', type: 'object', required: true },
    { path: 'kind', type: 'enum', values: [kind], required: true },
    ...metadata(''),
    ...fields,
  ];
}

/** The fields each Kubernetes JSON source's parser reads (readyz is text; see the generator). */
export const KUBERNETES_FIELDS: Record<
  Exclude<KubernetesSource, 'readyz'>,
  FieldSpec[]
> = {
  nodes: kubernetesList('Node', [
    { path: 'items[*].status', type: 'object' },
    ...conditions('items[*].status'),
    { path: 'items[*].status.nodeInfo', type: 'object' },
    { path: 'items[*].status.nodeInfo.kubeletVersion', type: 'string' },
  ]),
  applications: kubernetesList('Application', [
    { path: 'items[*].status', type: 'object' },
    { path: 'items[*].status.health', type: 'object' },
    {
      path: 'items[*].status.health.status',
      type: 'enum',
      values: ARGO_HEALTH_STATUSES,
    },
    { path: 'items[*].status.sync', type: 'object' },
    {
      path: 'items[*].status.sync.status',
      type: 'enum',
      values: ARGO_SYNC_STATUSES,
    },
  ]),
  vms: kubernetesList('VirtualMachine', [
    { path: 'items[*].metadata.labels', type: 'object' },
    { path: 'items[*].metadata.labels{*}', type: 'string', required: true },
    { path: 'items[*].spec', type: 'object' },
    {
      path: 'items[*].spec.runStrategy',
      type: 'enum',
      values: KUBEVIRT_RUN_STRATEGIES,
    },
    { path: 'items[*].spec.running', type: 'boolean' },
    { path: 'items[*].status', type: 'object' },
    { path: 'items[*].status.printableStatus', type: 'string' },
    { path: 'items[*].status.ready', type: 'boolean' },
  ]),
  vmis: kubernetesList('VirtualMachineInstance', [
    { path: 'items[*].status', type: 'object' },
    { path: 'items[*].status.phase', type: 'string' },
    ...conditions('items[*].status'),
  ]),
  ceph: kubernetesList('CephCluster', [
    { path: 'items[*].status', type: 'object' },
    { path: 'items[*].status.ceph', type: 'object' },
    { path: 'items[*].status.ceph.health', type: 'string', required: true },
    { path: 'items[*].status.ceph.lastChecked', type: 'time' },
    { path: 'items[*].status.ceph.details', type: 'object' },
    {
      path: 'items[*].status.ceph.details{*}',
      type: 'object',
      required: true,
    },
    {
      path: 'items[*].status.ceph.details{*}.severity',
      type: 'string',
      required: true,
    },
    {
      path: 'items[*].status.ceph.details{*}.message',
      type: 'string',
      required: true,
    },
    { path: 'items[*].status.ceph.capacity', type: 'object' },
    { path: 'items[*].status.ceph.capacity.bytesTotal', type: 'amount' },
    { path: 'items[*].status.ceph.capacity.bytesUsed', type: 'amount' },
    { path: 'items[*].status.ceph.capacity.bytesAvailable', type: 'amount' },
    { path: 'items[*].status.ceph.capacity.lastUpdated', type: 'time' },
  ]),
  ciliumAgents: kubernetesObject('DaemonSet', [
    { path: 'status', type: 'object', required: true },
    { path: 'status.desiredNumberScheduled', type: 'count', required: true },
    { path: 'status.numberReady', type: 'count', required: true },
    { path: 'status.numberUnavailable', type: 'count' },
  ]),
  ciliumOperator: kubernetesObject('Deployment', [
    { path: 'spec', type: 'object', required: true },
    { path: 'spec.replicas', type: 'count' },
    { path: 'status', type: 'object' },
    { path: 'status.availableReplicas', type: 'count' },
  ]),
  ciliumNodes: kubernetesList('CiliumNode', []),
};

/**
 * The fields of a Prometheus instant-vector answer. For a query of named
 * series (`byName`), every series carries a `__name__` of the family it
 * asked for and the labels its rule reads; aggregations carry neither.
 */
export function prometheusFields(source: PrometheusSource): FieldSpec[] {
  const byName = 'byName' in PROMETHEUS_QUERIES[source].shapes;
  return [
    { path: '', type: 'object', required: true },
    { path: 'status', type: 'enum', values: ['success'], required: true },
    { path: 'data', type: 'object', required: true },
    {
      path: 'data.resultType',
      type: 'enum',
      values: ['vector'],
      required: true,
    },
    { path: 'data.result', type: 'list', required: true },
    { path: 'data.result[*]', type: 'object', required: true },
    { path: 'data.result[*].metric', type: 'object', required: byName },
    ...(byName
      ? [
          {
            path: 'data.result[*].metric.__name__',
            type: 'string' as const,
            required: true,
          },
        ]
      : []),
    { path: 'data.result[*].metric{*}', type: 'string', required: true },
    { path: 'data.result[*].value', type: 'list', required: true },
    { path: 'data.result[*].value.0', type: 'timestamp', required: true },
    { path: 'data.result[*].value.1', type: 'sample', required: true },
  ];
}
