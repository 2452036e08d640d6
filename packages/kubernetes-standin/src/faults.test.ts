import { ClusterFaults } from './clusterFaults';
import {
  ActiveFault,
  FAULT_KINDS,
  FAULT_TARGETS,
  FaultInputError,
  GARBAGE_VARIANTS,
  parseFault,
  parseFaultTarget,
} from './faults';
import { faultSourceOf } from './faultSources';

describe('parseFault', () => {
  const valid: ActiveFault[] = [
    { source: 'nodes', fault: 'hang' },
    { source: 'all', fault: 'reset' },
    { source: 'all', fault: 'latency', ms: 2000 },
    { source: 'ceph', fault: 'latency', ms: 1 },
    { source: 'argocd', fault: 'latency', ms: 600_000 },
    { source: 'readyz', fault: 'status', status: 503 },
    { source: 'kubevirt', fault: 'status', status: 400 },
    { source: 'cilium', fault: 'status', status: 599 },
    { source: 'nodes', fault: 'garbage' },
    { source: 'nodes', fault: 'garbage', variant: 'invalid-utf8' },
    { source: 'ceph', fault: 'truncated' },
    { source: 'ceph', fault: 'truncated', variant: 'closed' },
  ];

  it.each(valid.map(f => [JSON.stringify(f), f]))(
    'reads %s as itself (what a listing shows can be posted again)',
    (_label, fault) => {
      expect(parseFault(JSON.parse(JSON.stringify(fault)))).toEqual(fault);
    },
  );

  it('knows every kind and target', () => {
    expect(FAULT_KINDS).toEqual([
      'hang',
      'garbage',
      'truncated',
      'status',
      'latency',
      'reset',
    ]);
    expect(FAULT_TARGETS).toEqual([
      'all',
      'nodes',
      'readyz',
      'argocd',
      'kubevirt',
      'ceph',
      'cilium',
    ]);
  });

  it.each([
    [[], /^body: must be a JSON object/],
    ['nodes', /^body: must be a JSON object/],
    [null, /^body: must be a JSON object/],
    [{ fault: 'hang' }, /^source: required, one of all, nodes, readyz/],
    [
      { source: 'pods', fault: 'hang' },
      /^source: must be one of all, nodes, readyz, argocd, kubevirt, ceph, cilium; got "pods"$/,
    ],
    [{ source: 'nodes' }, /^fault: required, one of hang, garbage/],
    [
      { source: 'nodes', fault: 'explode' },
      /^fault: must be one of hang, garbage, truncated, status, latency, reset; got "explode"$/,
    ],
    [
      { source: 'all', fault: 'latency' },
      /^ms: must be a whole number of milliseconds from 1 to 600000; got undefined$/,
    ],
    [{ source: 'all', fault: 'latency', ms: 0 }, /^ms: .* got 0$/],
    [{ source: 'all', fault: 'latency', ms: -5 }, /^ms: .* got -5$/],
    [{ source: 'all', fault: 'latency', ms: 1.5 }, /^ms: .* got 1.5$/],
    [{ source: 'all', fault: 'latency', ms: '2000' }, /^ms: .* got "2000"$/],
    [{ source: 'all', fault: 'latency', ms: 600_001 }, /^ms: .* got 600001$/],
    [
      { source: 'readyz', fault: 'status', status: 302 },
      /^status: must be a whole number from 400 to 599; got 302$/,
    ],
    [{ source: 'readyz', fault: 'status', status: 600 }, /^status: .*600$/],
    [{ source: 'readyz', fault: 'status' }, /^status: .*undefined$/],
    [{ source: 'readyz', fault: 'status', status: '503' }, /^status: /],
    [
      { source: 'nodes', fault: 'garbage', variant: 'xml' },
      /^variant: must be one of text, scalar, empty-object, empty-array, wrong-types, invalid-utf8; got "xml"$/,
    ],
    [
      { source: 'nodes', fault: 'truncated', variant: 'text' },
      /^variant: must be one of cut, closed; got "text"$/,
    ],
    [
      { source: 'nodes', fault: 'garbage', ms: 5 },
      /^ms: not a field of a garbage fault \(fields: source, fault, variant\)$/,
    ],
    [
      { source: 'nodes', fault: 'hang', cluster: 'dev' },
      /^cluster: not a field of a hang fault/,
    ],
  ])('refuses %j: %s', (input, message) => {
    expect(() => parseFault(input)).toThrow(FaultInputError);
    expect(() => parseFault(input)).toThrow(message);
  });

  it('shortens long input in messages', () => {
    expect(() =>
      parseFault({ source: 'x'.repeat(500), fault: 'hang' }),
    ).toThrow(/got "x+\.\.\.$/);
  });

  it('reads a source name alone', () => {
    expect(parseFaultTarget('cilium')).toBe('cilium');
    expect(() => parseFaultTarget('etcd')).toThrow(
      /^source: must be one of all, nodes/,
    );
  });
});

describe('faultSourceOf', () => {
  it.each([
    ['/api/v1/nodes', 'nodes'],
    ['/api/v1/nodes/platform-1', 'nodes'],
    ['/readyz', 'readyz'],
    ['/readyz/etcd', 'readyz'],
    ['/livez', 'readyz'],
    ['/healthz', 'readyz'],
    ['/apis/argoproj.io/v1alpha1/applications', 'argocd'],
    ['/apis/argoproj.io/v1alpha1/namespaces/argocd/applications', 'argocd'],
    ['/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/x', 'argocd'],
    ['/apis/kubevirt.io/v1/virtualmachines', 'kubevirt'],
    ['/apis/kubevirt.io/v1/namespaces/nested-dev/virtualmachines', 'kubevirt'],
    ['/apis/kubevirt.io/v1/virtualmachineinstances', 'kubevirt'],
    ['/apis/ceph.rook.io/v1/cephclusters', 'ceph'],
    [
      '/apis/ceph.rook.io/v1/namespaces/rook-ceph/cephclusters/rook-ceph',
      'ceph',
    ],
    ['/apis/apps/v1/namespaces/kube-system/daemonsets/cilium', 'cilium'],
    [
      '/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator',
      'cilium',
    ],
    ['/apis/cilium.io/v2/ciliumnodes', 'cilium'],
    ['/apis/cilium.io/v2/ciliumnodes/platform-1', 'cilium'],
  ])('%s is %s', (path, source) => {
    expect(faultSourceOf(path)).toBe(source);
  });

  it.each([
    '/',
    '/version',
    '/api',
    '/api/v1/pods',
    '/api/v1/namespaces',
    '/api/v1/namespaces/kube-system',
    '/api/v1/namespaces/kube-system/pods',
    '/apis/apps/v1/daemonsets',
    '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy',
    '/apis/apps/v1/namespaces/kube-system/deployments/coredns',
    '/apis/apps/v1/namespaces/kube-system/deployments/%E0%A4%A',
    '/readyzz',
  ])('%s belongs to no source (only `all` touches it)', path => {
    expect(faultSourceOf(path)).toBeUndefined();
  });
});

describe('ClusterFaults', () => {
  it('keeps per source a latency and one answer fault; the source wins over all, latencies add up', () => {
    const faults = new ClusterFaults();
    faults.set({ source: 'all', fault: 'status', status: 503 });
    faults.set({ source: 'all', fault: 'latency', ms: 100 });
    faults.set({ source: 'nodes', fault: 'latency', ms: 20 });
    faults.set({ source: 'nodes', fault: 'hang' });
    faults.set({ source: 'nodes', fault: 'reset' });
    expect(faults.list()).toEqual([
      { source: 'all', fault: 'latency', ms: 100 },
      { source: 'all', fault: 'status', status: 503 },
      { source: 'nodes', fault: 'latency', ms: 20 },
      { source: 'nodes', fault: 'reset' },
    ]);
    expect(faults.delayFor('nodes')).toBe(120);
    expect(faults.delayFor('ceph')).toBe(100);
    expect(faults.delayFor(undefined)).toBe(100);
    expect(faults.answerFor('nodes')).toEqual({ fault: 'reset' });
    expect(faults.answerFor('ceph')).toEqual({ fault: 'status', status: 503 });
    expect(faults.answerFor(undefined)).toEqual({
      fault: 'status',
      status: 503,
    });
  });

  it('a latency alone leaves the answer alone, even under an all fault of its own source', () => {
    const faults = new ClusterFaults();
    faults.set({ source: 'nodes', fault: 'latency', ms: 5 });
    expect(faults.answerFor('nodes')).toBeUndefined();
    faults.set({ source: 'all', fault: 'hang' });
    expect(faults.answerFor('nodes')).toEqual({ fault: 'hang' });
  });

  it('takes turns among the variants unless one is pinned', () => {
    const faults = new ClusterFaults();
    faults.set({ source: 'nodes', fault: 'garbage' });
    const turns = Array.from(
      { length: GARBAGE_VARIANTS.length + 1 },
      () => (faults.answerFor('nodes') as { variant: string }).variant,
    );
    expect(turns).toEqual([...GARBAGE_VARIANTS, GARBAGE_VARIANTS[0]]);
    faults.set({ source: 'ceph', fault: 'truncated' });
    expect(
      [1, 2, 3].map(
        () => (faults.answerFor('ceph') as { variant: string }).variant,
      ),
    ).toEqual(['cut', 'closed', 'cut']);
    faults.set({ source: 'ceph', fault: 'truncated', variant: 'closed' });
    expect(faults.answerFor('ceph')).toEqual({
      fault: 'truncated',
      variant: 'closed',
    });
    expect(faults.answerFor('ceph')).toEqual({
      fault: 'truncated',
      variant: 'closed',
    });
  });

  it('clears one source, all (the cluster-wide entry only), or everything', () => {
    const faults = new ClusterFaults();
    faults.set({ source: 'all', fault: 'latency', ms: 10 });
    faults.set({ source: 'nodes', fault: 'garbage' });
    faults.set({ source: 'readyz', fault: 'status', status: 500 });
    expect(faults.clear('nodes')).toEqual([
      { source: 'nodes', fault: 'garbage' },
    ]);
    expect(faults.clear('ceph')).toEqual([]);
    expect(faults.clear('all')).toEqual([
      { source: 'all', fault: 'latency', ms: 10 },
    ]);
    expect(faults.list()).toEqual([
      { source: 'readyz', fault: 'status', status: 500 },
    ]);
    expect(faults.clear()).toEqual([
      { source: 'readyz', fault: 'status', status: 500 },
    ]);
    expect(faults.list()).toEqual([]);
    expect(faults.answerFor('readyz')).toBeUndefined();
    expect(faults.delayFor('readyz')).toBe(0);
  });
});
