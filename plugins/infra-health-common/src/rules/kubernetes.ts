import { HealthCheck, HealthStatus, statusWhen } from '../model';

const PRESSURE = [
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
  'NetworkUnavailable',
];

function condition(node: any, type: string): string | undefined {
  return node?.status?.conditions?.find((c: any) => c?.type === type)?.status;
}

function names(list: string[], max = 5): string {
  return list.length > max
    ? `${list.slice(0, max).join(', ')} and ${list.length - max} more`
    : list.join(', ');
}

/**
 * Node rules: a node whose Ready condition is not True is a warning; half or
 * more of them not Ready is critical. A pressure condition is a warning.
 * More than one kubelet version is reported (not a problem by itself).
 */
export function evaluateNodes(
  nodeList: any,
  observedAt: string,
): HealthCheck[] {
  const nodes: any[] = nodeList?.items ?? [];
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
    .map(n => n.metadata?.name ?? '?');
  const readyStatus: HealthStatus = statusWhen(
    [
      [notReady.length === 0, 'ok'],
      [notReady.length * 2 >= nodes.length, 'critical'],
    ],
    'warning',
  );
  const versions = [
    ...new Set(
      nodes.map(n => n.status?.nodeInfo?.kubeletVersion).filter(Boolean),
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
      .map(n => n.metadata?.name ?? '?');
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
 * Control plane rule: the API server's /readyz. 200 with "ok" (or the verbose
 * list that ends "readyz check passed") is ok; 200 with anything else is
 * unknown; any other status is critical, with the failing checks
 * ("[-]etcd failed") named.
 */
export function evaluateReadyz(
  response: { status: number; body: string },
  observedAt: string,
): HealthCheck[] {
  if (response.status === 200) {
    // "ok", or the verbose list ending in "readyz check passed"; anything else is not an answer we understand
    const understood = /^ok\s*$|readyz check passed/m.test(response.body);
    return [
      {
        id: 'controlPlane.readyz',
        subsystem: 'controlPlane',
        status: understood ? 'ok' : 'unknown',
        reason: understood
          ? 'API server ready (/readyz ok)'
          : `API server /readyz answered 200 with an unexpected body (${response.body.length} bytes)`,
        observedAt,
      },
    ];
  }
  const failing = [...response.body.matchAll(/^\[-\]([^\s]+) failed/gm)].map(
    m => m[1],
  );
  return [
    {
      id: 'controlPlane.readyz',
      subsystem: 'controlPlane',
      status: 'critical',
      reason: `API server not ready (/readyz ${response.status})${
        failing.length ? `: ${failing.join(', ')} failed` : ''
      }`,
      observedAt,
      details: { failing },
    },
  ];
}
