import {
  evaluateArgoApplications,
  evaluateCiliumAgents,
  evaluateCiliumNodes,
  evaluateCiliumOperator,
  evaluateNodes,
  evaluateReadyz,
  evaluateRookCephCluster,
  evaluateVirtualMachines,
  HealthCheck,
  Subsystem,
} from '@internal/plugin-infra-health-common';
import { ApiResult, ClusterTarget, KubernetesApi } from './KubernetesApi';

/** What a source answered that cannot be judged: one unknown check naming why, for that source only. */
function unknown(
  id: string,
  subsystem: Subsystem,
  what: string,
  result: ApiResult & { ok: false },
  observedAt: string,
): HealthCheck {
  const missing = result.status === 404;
  return {
    id,
    subsystem,
    status: 'unknown',
    reason: missing
      ? `${what}: not available in this cluster (HTTP 404: the API or CRD is not installed)`
      : `${what}: ${result.reason}`,
    observedAt,
    details: {
      source: 'kubernetes',
      api: what,
      ...(result.status ? { httpStatus: result.status } : {}),
      ...(missing ? { notInstalled: true } : {}),
    },
  };
}

/**
 * Reads one cluster's Kubernetes API and turns what it finds into checks:
 * nodes, /readyz, Argo CD Applications, KubeVirt VMs, Rook's CephCluster, the
 * Cilium agents, operator and CiliumNodes. Sources are read in parallel,
 * each within the cluster's timeout; a source that fails yields unknown for
 * its own checks and nothing else.
 */
export async function collectClusterHealth(
  target: ClusterTarget,
  now: () => Date = () => new Date(),
): Promise<HealthCheck[]> {
  const api = new KubernetesApi(target);
  const at = () => now().toISOString();
  const read = (path: string) => api.get(path);

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
  ]);
  const observedAt = at();
  const checks: HealthCheck[] = [];

  checks.push(
    ...(nodes.ok
      ? evaluateNodes(nodes.json, observedAt)
      : [unknown('nodes.ready', 'nodes', 'nodes', nodes, observedAt)]),
  );
  if (readyz.ok) {
    checks.push(
      ...evaluateReadyz(
        { status: readyz.status, body: readyz.body },
        observedAt,
      ),
    );
  } else {
    checks.push(
      unknown(
        'controlPlane.readyz',
        'controlPlane',
        'API server /readyz',
        readyz,
        observedAt,
      ),
    );
  }
  checks.push(
    ...(apps.ok
      ? evaluateArgoApplications(apps.json, observedAt)
      : [
          unknown(
            'argocd.applications',
            'argocd',
            'Argo CD Applications',
            apps,
            observedAt,
          ),
        ]),
  );
  checks.push(
    ...(vms.ok
      ? // instances refine the VMs' story; without them the VMs still speak
        evaluateVirtualMachines(
          vms.json,
          observedAt,
          vmis.ok ? vmis.json : undefined,
        )
      : [
          unknown(
            'kubevirt.vms',
            'kubevirt',
            'KubeVirt VirtualMachines',
            vms,
            observedAt,
          ),
        ]),
  );
  if (ceph.ok) {
    const clusters: any[] = ceph.json?.items ?? [];
    checks.push(
      ...(clusters.length
        ? clusters.flatMap(c => evaluateRookCephCluster(c, observedAt))
        : [
            {
              id: 'ceph.health',
              subsystem: 'ceph' as const,
              status: 'unknown' as const,
              reason: 'no CephCluster in this cluster',
              observedAt,
            },
          ]),
    );
  } else {
    checks.push(
      unknown('ceph.health', 'ceph', 'Rook CephCluster', ceph, observedAt),
    );
  }
  checks.push(
    ...(ciliumDs.ok
      ? evaluateCiliumAgents(ciliumDs.json, observedAt)
      : [
          unknown(
            'cilium.agents',
            'cilium',
            'cilium DaemonSet',
            ciliumDs,
            observedAt,
          ),
        ]),
  );
  checks.push(
    ...(ciliumOperator.ok
      ? evaluateCiliumOperator(ciliumOperator.json, observedAt)
      : [
          unknown(
            'cilium.operator',
            'cilium',
            'cilium-operator Deployment',
            ciliumOperator,
            observedAt,
          ),
        ]),
  );
  if (ciliumNodes.ok && nodes.ok) {
    checks.push(
      ...evaluateCiliumNodes(ciliumNodes.json, nodes.json, observedAt),
    );
  } else if (!ciliumNodes.ok) {
    checks.push(
      unknown('cilium.nodes', 'cilium', 'CiliumNodes', ciliumNodes, observedAt),
    );
  }
  return checks;
}
