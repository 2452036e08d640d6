import {
  ArgoApplication,
  customResourceCheckId,
  customResourceDetails,
  CustomResourceKind,
  customResourceTitle,
  evaluateArgoApplications,
  evaluateCiliumAgents,
  evaluateCiliumNodes,
  evaluateCiliumOperator,
  evaluateCustomResources,
  evaluateNodes,
  evaluateReadyz,
  evaluateRookCephClusterList,
  evaluateVirtualMachines,
  HealthCheck,
  parseApplicationList,
  parseCephClusterList,
  parseCiliumDaemonSet,
  parseCiliumNodeList,
  parseCiliumOperatorDeployment,
  parseCustomResourceList,
  parseNodeList,
  parseReadyz,
  parseVirtualMachineInstanceList,
  parseVirtualMachineList,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { withoutToken } from './httpGet';
import { ApiResult, ClusterTarget, KubernetesApi } from './KubernetesApi';
import { checksOf, HealthSource, judge, readAnswer } from './sourceChecks';

/** The Kubernetes API sources, each with the check it feeds. */
export const KUBERNETES_SOURCES = {
  nodes: { id: 'nodes.ready', subsystem: 'nodes', what: 'nodes' },
  readyz: {
    id: 'controlPlane.readyz',
    subsystem: 'controlPlane',
    what: 'API server /readyz',
  },
  applications: {
    id: 'argocd.applications',
    subsystem: 'argocd',
    what: 'Argo CD Applications',
  },
  vms: {
    id: 'kubevirt.vms',
    subsystem: 'kubevirt',
    what: 'KubeVirt VirtualMachines',
  },
  vmis: {
    id: 'kubevirt.instances',
    subsystem: 'kubevirt',
    what: 'KubeVirt VirtualMachineInstances',
  },
  ceph: { id: 'ceph.health', subsystem: 'ceph', what: 'Rook CephCluster' },
  ciliumAgents: {
    id: 'cilium.agents',
    subsystem: 'cilium',
    what: 'cilium DaemonSet',
  },
  ciliumOperator: {
    id: 'cilium.operator',
    subsystem: 'cilium',
    what: 'cilium-operator Deployment',
  },
  ciliumNodes: { id: 'cilium.nodes', subsystem: 'cilium', what: 'CiliumNodes' },
} as const satisfies Record<string, Omit<HealthSource, 'origin'>>;

const source = (key: keyof typeof KUBERNETES_SOURCES): HealthSource => ({
  ...KUBERNETES_SOURCES[key],
  origin: 'kubernetes',
});

/** The source of one configured custom resource kind: its own check, named by its title. */
export function customResourceSource(kind: CustomResourceKind): HealthSource {
  return {
    id: customResourceCheckId(kind),
    subsystem: 'customResources',
    what: customResourceTitle(kind),
    origin: 'kubernetes',
  };
}

/** `/apis/<group>/<version>/[namespaces/<namespace>/]<plural>`: the list of a kind. */
export function customResourcePath(kind: CustomResourceKind): string {
  const part = encodeURIComponent;
  return `/apis/${part(kind.group)}/${part(kind.version)}/${
    kind.namespace ? `namespaces/${part(kind.namespace)}/` : ''
  }${part(kind.plural)}`;
}

/**
 * One kind from answer to check: parsed as a `<Kind>List`, judged by its
 * conditions. Every check of the kind, a failed read (404: not installed)
 * or an answer that does not parse included, carries which kind it is, so
 * a card can name it whatever happened.
 */
function customResourceChecks(
  kind: CustomResourceKind,
  answer: ApiResult,
  observedAt: string,
): HealthCheck[] {
  return checksOf(
    customResourceSource(kind),
    answer,
    r => parseCustomResourceList(r.json, kind.kind),
    list => evaluateCustomResources(list, kind, observedAt),
    observedAt,
  ).map(check => ({
    ...check,
    details: { ...customResourceDetails(kind), ...check.details },
  }));
}

/**
 * Reads one cluster's Kubernetes API and turns what it finds into checks:
 * nodes, /readyz, Argo CD Applications, KubeVirt VMs, Rook's CephCluster, the
 * Cilium agents, operator and CiliumNodes, and each configured custom
 * resource kind (one check per kind). Sources are read in parallel,
 * each within the cluster's timeout; a source that fails yields unknown for
 * its own checks and nothing else. Every answer is parsed before a rule
 * sees it (what does not parse is unknown, saying what was wrong), and every
 * rule runs guarded (one that throws is unknown with the error): this never
 * throws and never judges garbage.
 */
export async function collectClusterHealth(
  target: ClusterTarget,
  now: () => Date = () => new Date(),
  /** Receives the cluster's Argo CD Applications when their list was read and parsed. */
  onApplications?: (applications: ArgoApplication[]) => void,
): Promise<HealthCheck[]> {
  const api = new KubernetesApi(target);
  const at = () => now().toISOString();
  const read = (path: string) => api.get(path);
  const customKinds = target.customResources ?? [];

  const [
    nodes,
    readyz,
    apps,
    vms,
    vmis,
    ceph,
    ciliumDs,
    ciliumOperator,
    ciliumNodes,
    customAnswers,
  ] = await Promise.all([
    read('/api/v1/nodes'),
    // 500 and 503 are the API server saying "not ready": a finding, not a failure to look
    api.get('/readyz?verbose', { json: false, statuses: [500, 503] }),
    read('/apis/argoproj.io/v1alpha1/applications'),
    read('/apis/kubevirt.io/v1/virtualmachines'),
    read('/apis/kubevirt.io/v1/virtualmachineinstances'),
    read('/apis/ceph.rook.io/v1/cephclusters'),
    read('/apis/apps/v1/namespaces/kube-system/daemonsets/cilium'),
    read('/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator'),
    read('/apis/cilium.io/v2/ciliumnodes'),
    Promise.all(customKinds.map(kind => read(customResourcePath(kind)))),
  ]);
  const observedAt = at();
  const checks: HealthCheck[] = [];

  const nodeList = readAnswer(
    source('nodes'),
    nodes,
    r => parseNodeList(r.json),
    observedAt,
  );
  checks.push(
    ...(nodeList.ok
      ? judge(source('nodes'), observedAt, () =>
          evaluateNodes(nodeList.value, observedAt),
        )
      : [nodeList.check]),
  );

  checks.push(
    ...checksOf(
      source('readyz'),
      readyz,
      r => parseReadyz({ status: r.status, body: r.body }),
      value => evaluateReadyz(value, observedAt),
      observedAt,
    ),
  );

  const applications = readAnswer(
    source('applications'),
    apps,
    r => parseApplicationList(r.json),
    observedAt,
  );
  if (applications.ok) {
    onApplications?.(applications.value.items);
    checks.push(
      ...judge(source('applications'), observedAt, () =>
        evaluateArgoApplications(applications.value, observedAt),
      ),
    );
  } else {
    checks.push(applications.check);
  }

  const machines = readAnswer(
    source('vms'),
    vms,
    r => parseVirtualMachineList(r.json),
    observedAt,
  );
  // instances refine the VMs' story; without them (not readable) the VMs
  // still speak, but an answer that is not an instance list is said
  const instances = vmis.ok
    ? readAnswer(
        source('vmis'),
        vmis,
        r => parseVirtualMachineInstanceList(r.json),
        observedAt,
      )
    : undefined;
  if (machines.ok) {
    checks.push(
      ...judge(source('vms'), observedAt, () =>
        evaluateVirtualMachines(
          machines.value,
          observedAt,
          instances?.ok ? instances.value : undefined,
        ),
      ),
    );
    if (instances && !instances.ok) checks.push(instances.check);
  } else {
    checks.push(machines.check);
  }

  checks.push(
    ...checksOf(
      source('ceph'),
      ceph,
      r => parseCephClusterList(r.json),
      value => evaluateRookCephClusterList(value, observedAt),
      observedAt,
    ),
  );

  checks.push(
    ...checksOf(
      source('ciliumAgents'),
      ciliumDs,
      r => parseCiliumDaemonSet(r.json),
      value => evaluateCiliumAgents(value, observedAt),
      observedAt,
    ),
  );

  checks.push(
    ...checksOf(
      source('ciliumOperator'),
      ciliumOperator,
      r => parseCiliumOperatorDeployment(r.json),
      value => evaluateCiliumOperator(value, observedAt),
      observedAt,
    ),
  );

  const registered = readAnswer(
    source('ciliumNodes'),
    ciliumNodes,
    r => parseCiliumNodeList(r.json),
    observedAt,
  );
  if (!registered.ok) {
    checks.push(registered.check);
  } else if (nodeList.ok) {
    checks.push(
      ...judge(source('ciliumNodes'), observedAt, () =>
        evaluateCiliumNodes(registered.value, nodeList.value, observedAt),
      ),
    );
  }
  // with no readable NodeList there is nothing to compare with; the nodes
  // check already says why

  customKinds.forEach((kind, i) => {
    checks.push(...customResourceChecks(kind, customAnswers[i], observedAt));
  });
  // whatever a server or a parser quoted, the token is not in a reason
  return withoutToken(target, checks);
}
