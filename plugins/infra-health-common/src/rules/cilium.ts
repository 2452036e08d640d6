import { HealthCheck, HealthStatus, statusWhen } from '../model';
import {
  CiliumDaemonSet,
  CiliumNodeList,
  CiliumOperatorDeployment,
} from '../parse/cilium';
import {
  KubernetesList,
  MAX_UNREADABLE_DETAILS,
  ObjectName,
  unreadableReason,
} from '../parse/kubernetesObjects';

/**
 * Cilium rules from the Kubernetes API (over answers parsed by
 * `parseCiliumDaemonSet`, `parseCiliumOperatorDeployment` and
 * `parseCiliumNodeList`, so every count is a whole number from 0 to
 * 100000): agents (the cilium DaemonSet) ready fewer than desired is a
 * warning, half or fewer ready (or none) critical; an operator with no
 * available replica is critical; a Node without its CiliumNode is a warning
 * (the agent there never registered).
 */
export function evaluateCiliumAgents(
  daemonSet: CiliumDaemonSet,
  observedAt: string,
): HealthCheck[] {
  const desired = daemonSet.status.desiredNumberScheduled;
  const ready = daemonSet.status.numberReady;
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
        unavailable:
          daemonSet.status.numberUnavailable ?? Math.max(desired - ready, 0),
      },
    },
  ];
}

export function evaluateCiliumOperator(
  deployment: CiliumOperatorDeployment,
  observedAt: string,
): HealthCheck[] {
  const wanted = deployment.spec.replicas;
  const available = deployment.status.availableReplicas;
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

/**
 * Every Node should have its CiliumNode. A Node or CiliumNode that did not
 * parse makes this check unknown, naming it: which nodes registered cannot
 * be told without all of both lists.
 */
export function evaluateCiliumNodes(
  ciliumNodes: CiliumNodeList,
  nodes: KubernetesList<{ metadata: ObjectName }>,
  observedAt: string,
): HealthCheck[] {
  if (ciliumNodes.unreadable?.length || nodes.unreadable?.length) {
    const reasons = [
      ...(ciliumNodes.unreadable?.length
        ? [unreadableReason(ciliumNodes, 'CiliumNodes')]
        : []),
      ...(nodes.unreadable?.length ? [unreadableReason(nodes, 'Nodes')] : []),
    ];
    return [
      {
        id: 'cilium.nodes',
        subsystem: 'cilium',
        status: 'unknown',
        reason: `cannot tell which nodes have a CiliumNode: ${reasons.join(
          '; ',
        )}`,
        observedAt,
        details: {
          unreadable: [
            ...(ciliumNodes.unreadable ?? []),
            ...(nodes.unreadable ?? []),
          ].slice(0, MAX_UNREADABLE_DETAILS),
        },
      },
    ];
  }
  const registered = new Set(ciliumNodes.items.map(n => n.metadata.name));
  const missing = nodes.items
    .map(n => n.metadata.name)
    .filter(name => !registered.has(name));
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
