import { evaluateArgoApplications } from './argocd';
import {
  evaluateCiliumAgents,
  evaluateCiliumNodes,
  evaluateCiliumOperator,
} from './cilium';
import { parseReadyz } from '../parse/readyz';
import { evaluateNodes, evaluateReadyz } from './kubernetes';
import { evaluateVirtualMachines } from './kubevirt';

const NOW = '2026-11-21T12:00:00Z';
const node = (
  name: string,
  ready = 'True',
  extra: Record<string, string> = {},
) => ({
  metadata: { name },
  status: {
    conditions: [
      { type: 'Ready', status: ready },
      ...Object.entries(extra).map(([type, status]) => ({ type, status })),
    ],
    nodeInfo: { kubeletVersion: 'v1.32.4' },
  },
});

describe('node rules', () => {
  it('one node not Ready of five is a warning naming it; three is critical', () => {
    expect(
      evaluateNodes(
        {
          items: [
            node('a'),
            node('b', 'False'),
            node('c'),
            node('d'),
            node('e'),
          ],
        },
        NOW,
      )[0],
    ).toMatchObject({ status: 'warning', reason: '1 of 5 nodes not Ready: b' });
    expect(
      evaluateNodes(
        {
          items: [
            node('a', 'Unknown'),
            node('b', 'False'),
            node('c', 'False'),
            node('d'),
            node('e'),
          ],
        },
        NOW,
      )[0].status,
    ).toBe('critical');
  });

  it('pressure conditions are warnings of their own', () => {
    const checks = evaluateNodes(
      { items: [node('a', 'True', { DiskPressure: 'True' })] },
      NOW,
    );
    expect(checks.map(c => [c.id, c.status, c.reason])).toEqual([
      ['nodes.ready', 'ok', '1 of 1 nodes Ready'],
      ['nodes.DiskPressure', 'warning', 'DiskPressure on a'],
    ]);
  });

  it('an empty node list is critical', () => {
    expect(evaluateNodes({ items: [] }, NOW)[0].status).toBe('critical');
  });
});

describe('control plane rule', () => {
  const judge = (status: number, body: string) => {
    const answer = parseReadyz({ status, body });
    if (!answer.ok) throw new Error(answer.reason);
    return evaluateReadyz(answer.value, NOW)[0];
  };
  it('names the failing readyz checks', () => {
    expect(
      judge(
        500,
        '[+]ping ok\n[-]etcd failed: reason withheld\n[-]informer-sync failed: reason withheld\nreadyz check failed',
      ),
    ).toMatchObject({
      status: 'critical',
      reason: 'API server not ready (/readyz 500): etcd, informer-sync failed',
    });
    expect(judge(200, 'ok').status).toBe('ok');
  });
});

describe('Argo CD rule', () => {
  const app = (name: string, sync: string, health: string) => ({
    metadata: { name },
    status: { sync: { status: sync }, health: { status: health } },
  });
  it('names degraded and out-of-sync Applications, worst first', () => {
    const [check] = evaluateArgoApplications(
      {
        items: [
          app('cilium', 'Synced', 'Healthy'),
          app('postgres', 'Synced', 'Degraded'),
          app('kafka', 'OutOfSync', 'Healthy'),
        ],
      },
      NOW,
    );
    expect(check).toMatchObject({
      status: 'critical',
      reason: '3 Applications; degraded: postgres; out of sync: kafka',
    });
  });
  it('out of sync alone is a warning', () => {
    expect(
      evaluateArgoApplications(
        { items: [app('kafka', 'OutOfSync', 'Healthy')] },
        NOW,
      )[0].status,
    ).toBe('warning');
  });
});

describe('KubeVirt rule', () => {
  const vm = (name: string, printableStatus: string, ready: boolean) => ({
    metadata: { name, namespace: 'dev-a' },
    spec: { runStrategy: 'Always' },
    status: { printableStatus, ready },
  });
  it('a VM in an error state is critical, one that should run but is not ready a warning', () => {
    expect(
      evaluateVirtualMachines(
        {
          items: [
            vm('a', 'Running', true),
            vm('b', 'ErrorUnschedulable', false),
          ],
        },
        NOW,
      )[0],
    ).toMatchObject({
      status: 'critical',
      reason: 'failing: dev-a/b (ErrorUnschedulable)',
    });
    expect(
      evaluateVirtualMachines({ items: [vm('a', 'Starting', false)] }, NOW)[0],
    ).toMatchObject({
      status: 'warning',
      reason: 'not ready: dev-a/a (Starting)',
    });
  });

  it('reads the instances too: a failed one is critical, a running one not Ready a warning; counts per nested cluster', () => {
    const labelled = (name: string, cluster: string) => ({
      ...vm(name, 'Running', true),
      metadata: {
        name,
        namespace: 'dev-a',
        labels: { 'cluster.x-k8s.io/cluster-name': cluster },
      },
    });
    const vmi = (name: string, phase: string, ready: string) => ({
      metadata: { name, namespace: 'dev-a' },
      status: { phase, conditions: [{ type: 'Ready', status: ready }] },
    });
    const vms = {
      items: [labelled('a', 'dev'), labelled('b', 'dev'), labelled('c', 'qa')],
    };
    const [healthy] = evaluateVirtualMachines(vms, NOW, {
      items: [
        vmi('a', 'Running', 'True'),
        vmi('b', 'Running', 'True'),
        vmi('c', 'Running', 'True'),
      ],
    });
    expect(healthy.status).toBe('ok');
    expect(healthy.details?.byCluster).toEqual({
      dev: { vms: 2, running: 2, ready: 2 },
      qa: { vms: 1, running: 1, ready: 1 },
    });
    const [guestGone] = evaluateVirtualMachines(vms, NOW, {
      items: [
        vmi('a', 'Running', 'False'),
        vmi('b', 'Running', 'True'),
        vmi('c', 'Running', 'True'),
      ],
    });
    expect(guestGone).toMatchObject({
      status: 'warning',
      reason: 'not ready: dev-a/a (instance not Ready)',
    });
    expect((guestGone.details?.byCluster as any).dev.ready).toBe(1);
    const [failed] = evaluateVirtualMachines(vms, NOW, {
      items: [vmi('a', 'Failed', 'False')],
    });
    expect(failed).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('dev-a/a (instance Failed)'),
    });
  });
});

describe('Cilium rules', () => {
  it('agents ready below desired: warning; half or fewer: critical', () => {
    expect(
      evaluateCiliumAgents(
        { status: { desiredNumberScheduled: 5, numberReady: 4 } },
        NOW,
      )[0],
    ).toMatchObject({
      status: 'warning',
      reason: '4 of 5 Cilium agents ready',
    });
    expect(
      evaluateCiliumAgents(
        { status: { desiredNumberScheduled: 4, numberReady: 2 } },
        NOW,
      )[0].status,
    ).toBe('critical');
  });
  it('an operator with no available replica is critical; nodes without a CiliumNode are named', () => {
    expect(
      evaluateCiliumOperator(
        { spec: { replicas: 2 }, status: { availableReplicas: 0 } },
        NOW,
      )[0].status,
    ).toBe('critical');
    expect(
      evaluateCiliumNodes(
        { items: [{ metadata: { name: 'a' } }] },
        { items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] },
        NOW,
      )[0],
    ).toMatchObject({
      status: 'warning',
      reason: 'nodes without a CiliumNode: b',
    });
  });
});
