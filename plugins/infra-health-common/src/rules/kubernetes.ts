import { HealthCheck, HealthStatus, statusWhen } from '../model';
import {
  MAX_UNREADABLE_DETAILS,
  unreadableReason,
} from '../parse/kubernetesObjects';
import { KubernetesNode, KubernetesNodeList } from '../parse/nodes';
import { ReadyzAnswer } from '../parse/readyz';

const PRESSURE = [
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
  'NetworkUnavailable',
];

function condition(node: KubernetesNode, type: string): string | undefined {
  return node.status.conditions.find(c => c.type === type)?.status;
}

function names(list: string[], max = 5): string {
  return list.length > max
    ? `${list.slice(0, max).join(', ')} and ${list.length - max} more`
    : list.join(', ');
}

/**
 * Node rules (over a parsed NodeList, see `parseNodeList`): a node whose
 * Ready condition is not True is a warning; half or more of them not Ready
 * is critical. A pressure condition is a warning. More than one kubelet
 * version is reported (not a problem by itself).
 *
 * One Node that did not parse makes the Ready check unknown, naming it and
 * what was wrong: the node count is the denominator of the Ready rule and
 * the rollup must not claim all nodes Ready while one cannot be read (it is
 * not dropped either, which would quietly shrink the cluster).
 */
export function evaluateNodes(
  nodeList: KubernetesNodeList,
  observedAt: string,
): HealthCheck[] {
  const nodes = nodeList.items;
  if (nodeList.unreadable?.length) {
    return [
      {
        id: 'nodes.ready',
        subsystem: 'nodes',
        status: 'unknown',
        reason: unreadableReason(nodeList, 'Nodes'),
        observedAt,
        details: {
          unreadable: nodeList.unreadable.slice(0, MAX_UNREADABLE_DETAILS),
        },
      },
    ];
  }
  if (nodes.length === 0) {
    return [
      {
        id: 'nodes.ready',
        subsystem: 'nodes',
        status: 'critical',
        reason: 'the cluster lists no nodes',
        observedAt,
      },
    ];
  }
  const notReady = nodes
    .filter(n => condition(n, 'Ready') !== 'True')
    .map(n => n.metadata.name);
  const readyStatus: HealthStatus = statusWhen(
    [
      [notReady.length === 0, 'ok'],
      [notReady.length * 2 >= nodes.length, 'critical'],
    ],
    'warning',
  );
  const versions = [
    ...new Set(
      nodes
        .map(n => n.status.nodeInfo?.kubeletVersion)
        .filter((v): v is string => !!v),
    ),
  ].sort();
  const checks: HealthCheck[] = [
    {
      id: 'nodes.ready',
      subsystem: 'nodes',
      status: readyStatus,
      reason:
        notReady.length === 0
          ? `${nodes.length} of ${nodes.length} nodes Ready`
          : `${notReady.length} of ${nodes.length} nodes not Ready: ${names(
              notReady,
            )}`,
      observedAt,
      details: {
        total: nodes.length,
        ready: nodes.length - notReady.length,
        notReady,
        versions,
      },
    },
  ];
  for (const type of PRESSURE) {
    const under = nodes
      .filter(n => condition(n, type) === 'True')
      .map(n => n.metadata.name);
    if (under.length) {
      checks.push({
        id: `nodes.${type}`,
        subsystem: 'nodes',
        status: 'warning',
        reason: `${type} on ${names(under)}`,
        observedAt,
        details: { nodes: under },
      });
    }
  }
  if (versions.length > 1) {
    checks.push({
      id: 'nodes.versions',
      subsystem: 'nodes',
      status: 'ok',
      reason: `kubelet versions differ: ${versions.join(
        ', ',
      )} (an upgrade in progress?)`,
      observedAt,
    });
  }
  return checks;
}

/**
 * Control plane rule, over a parsed `/readyz?verbose` answer (see
 * `parseReadyz`; what does not parse never reaches it and is unknown): ready
 * is ok; not ready is critical, naming the failed checks ("etcd failed") or
 * the API's message.
 */
export function evaluateReadyz(
  answer: ReadyzAnswer,
  observedAt: string,
): HealthCheck[] {
  if (answer.ready) {
    return [
      {
        id: 'controlPlane.readyz',
        subsystem: 'controlPlane',
        status: 'ok',
        reason: 'API server ready (/readyz ok)',
        observedAt,
        details: { passed: answer.passed },
      },
    ];
  }
  const why = answer.failed.length
    ? `${answer.failed.join(', ')} failed`
    : answer.message;
  return [
    {
      id: 'controlPlane.readyz',
      subsystem: 'controlPlane',
      status: 'critical',
      reason: `API server not ready (/readyz ${answer.httpStatus})${
        why ? `: ${why}` : ''
      }`,
      observedAt,
      details: { failing: answer.failed },
    },
  ];
}
