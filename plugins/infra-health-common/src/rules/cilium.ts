import { HealthCheck, HealthStatus, statusWhen } from '../model';

/**
 * Cilium rules from the Kubernetes API: agents (the cilium DaemonSet) ready
 * fewer than desired is a warning, half or fewer ready (or none) critical;
 * an operator with no available replica is critical; a Node without its
 * CiliumNode is a warning (the agent there never registered).
 */
export function evaluateCiliumAgents(
  daemonSet: any,
  observedAt: string,
): HealthCheck[] {
  const desired = daemonSet?.status?.desiredNumberScheduled ?? 0;
  const ready = daemonSet?.status?.numberReady ?? 0;
  const status: HealthStatus = statusWhen(
    [
      [desired === 0, 'critical'],
      [ready === desired, 'ok'],
      [ready * 2 <= desired, 'critical'],
    ],
    'warning',
  );
  return [
    {
      id: 'cilium.agents',
      subsystem: 'cilium',
      status,
      reason:
        desired === 0
          ? 'the cilium DaemonSet schedules no agents'
          : `${ready} of ${desired} Cilium agents ready`,
      observedAt,
      details: {
        desired,
        ready,
        unavailable: daemonSet?.status?.numberUnavailable ?? desired - ready,
      },
    },
  ];
}

export function evaluateCiliumOperator(
  deployment: any,
  observedAt: string,
): HealthCheck[] {
  const wanted = deployment?.spec?.replicas ?? 1;
  const available = deployment?.status?.availableReplicas ?? 0;
  return [
    {
      id: 'cilium.operator',
      subsystem: 'cilium',
      status: statusWhen(
        [
          [available === 0, 'critical'],
          [available < wanted, 'warning'],
        ],
        'ok',
      ),
      reason: `${available} of ${wanted} cilium-operator replicas available`,
      observedAt,
      details: { wanted, available },
    },
  ];
}

export function evaluateCiliumNodes(
  ciliumNodes: any,
  nodes: any,
  observedAt: string,
): HealthCheck[] {
  const registered = new Set(
    (ciliumNodes?.items ?? []).map((n: any) => n.metadata?.name),
  );
  const missing = (nodes?.items ?? [])
    .map((n: any) => n.metadata?.name)
    .filter((name: string) => !registered.has(name));
  return [
    {
      id: 'cilium.nodes',
      subsystem: 'cilium',
      status: missing.length ? 'warning' : 'ok',
      reason: missing.length
        ? `nodes without a CiliumNode: ${missing.join(', ')}`
        : `every node has a CiliumNode (${registered.size})`,
      observedAt,
      details: { missing },
    },
  ];
}
