import { evaluateVirtualMachines } from '../rules/kubevirt';
import {
  parseVirtualMachineInstanceList,
  parseVirtualMachineList,
} from './kubevirt';

const NOW = '2026-11-21T12:00:00Z';

/** A VirtualMachine shaped like KubeVirt's vm-cirros example, as listed by the API server. */
const vm = (name: string, overrides: Record<string, unknown> = {}) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: {
    name,
    namespace: 'nested-dev',
    labels: { 'kubevirt.io/vm': name, 'cluster.x-k8s.io/cluster-name': 'dev' },
  },
  spec: {
    runStrategy: 'Always',
    template: { spec: { domain: { devices: {} } } },
  },
  status: {
    printableStatus: 'Running',
    ready: true,
    created: true,
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }],
  },
  ...overrides,
});
const vmi = (name: string, status: unknown) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name, namespace: 'nested-dev' },
  status,
});
const list = (kind: string, ...items: unknown[]) => ({
  kind: `${kind}List`,
  apiVersion: 'kubevirt.io/v1',
  metadata: {},
  items,
});

function parsed<T>(
  result: { ok: true; value: T } | { ok: false; reason: string },
): T {
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('parseVirtualMachineList', () => {
  it('reads name, labels, run strategy and status', () => {
    expect(
      parseVirtualMachineList(list('VirtualMachine', vm('dev-1'))),
    ).toEqual({
      ok: true,
      value: {
        items: [
          {
            metadata: {
              name: 'dev-1',
              namespace: 'nested-dev',
              labels: {
                'kubevirt.io/vm': 'dev-1',
                'cluster.x-k8s.io/cluster-name': 'dev',
              },
            },
            spec: { runStrategy: 'Always', running: undefined },
            status: { printableStatus: 'Running', ready: true },
          },
        ],
      },
    });
  });

  it.each([
    [
      'ready is a string',
      { status: { printableStatus: 'Running', ready: 'true' } },
      'status.ready is not a boolean (a string)',
    ],
    [
      'printableStatus is a number',
      { status: { printableStatus: 5 } },
      'status.printableStatus is not a string (a number)',
    ],
    [
      'run strategy is not one KubeVirt defines',
      { spec: { runStrategy: 'Sometimes' } },
      'spec.runStrategy is "Sometimes", not one of Always, RerunOnFailure, Manual, Halted, Once, WaitAsReceiver',
    ],
    [
      'running is a string',
      { spec: { running: 'yes' } },
      'spec.running is not a boolean (a string)',
    ],
    ['spec is a list', { spec: [] }, 'spec is not an object (a list)'],
    [
      'a label is a number',
      {
        metadata: {
          name: 'dev-1',
          namespace: 'nested-dev',
          labels: { tier: 1 },
        },
      },
      'metadata.labels.tier is not a string (a number)',
    ],
  ])('names a VM whose %s', (_label, overrides, problem) => {
    expect(
      parseVirtualMachineList(list('VirtualMachine', vm('dev-1', overrides))),
    ).toEqual({
      ok: true,
      value: {
        items: [],
        unreadable: [`VirtualMachine nested-dev/dev-1: ${problem}`],
      },
    });
  });

  it.each([
    [{}, 'the answer is not a VirtualMachineList (kind is missing)'],
    [[], 'the answer is not a VirtualMachineList (a list)'],
    ['0 VMs', 'the answer is not a VirtualMachineList (a string)'],
    [
      {
        kind: 'Status',
        status: 'Failure',
        message: 'virtualmachines.kubevirt.io is forbidden',
        code: 403,
      },
      'the answer is not a VirtualMachineList (kind Status: virtualmachines.kubevirt.io is forbidden)',
    ],
    [
      list('VirtualMachineInstance'),
      'the answer is not a VirtualMachineList (kind VirtualMachineInstanceList)',
    ],
  ])('is not a VirtualMachineList: %j', (body, reason) => {
    expect(parseVirtualMachineList(body)).toEqual({ ok: false, reason });
  });
});

describe('parseVirtualMachineInstanceList', () => {
  it('reads phase and conditions', () => {
    expect(
      parsed(
        parseVirtualMachineInstanceList(
          list(
            'VirtualMachineInstance',
            vmi('dev-1', {
              phase: 'Running',
              conditions: [
                { type: 'Ready', status: 'True', lastProbeTime: null },
              ],
            }),
          ),
        ),
      ).items,
    ).toEqual([
      {
        metadata: { name: 'dev-1', namespace: 'nested-dev' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
    ]);
  });

  it('names an instance whose conditions are not a list, or whose phase is not a string', () => {
    expect(
      parsed(
        parseVirtualMachineInstanceList(
          list(
            'VirtualMachineInstance',
            vmi('a', { phase: 'Running', conditions: 'Ready' }),
            vmi('b', { phase: 4 }),
          ),
        ),
      ).unreadable,
    ).toEqual([
      'VirtualMachineInstance nested-dev/a: status.conditions is not a list (a string)',
      'VirtualMachineInstance nested-dev/b: status.phase is not a string (a number)',
    ]);
  });
});

describe('the KubeVirt rule over parsed lists', () => {
  it('an unreadable VM makes the check unknown, named; a failing one is still critical', () => {
    const broken = vm('dev-2', { status: { ready: 'yes' } });
    expect(
      evaluateVirtualMachines(
        parsed(
          parseVirtualMachineList(list('VirtualMachine', vm('dev-1'), broken)),
        ),
        NOW,
      )[0],
    ).toMatchObject({
      status: 'unknown',
      reason:
        'unreadable: VirtualMachine nested-dev/dev-2: status.ready is not a boolean (a string)',
      details: { total: 1 },
    });
    const failing = vm('dev-3', {
      status: { printableStatus: 'CrashLoopBackOff', ready: false },
    });
    expect(
      evaluateVirtualMachines(
        parsed(
          parseVirtualMachineList(list('VirtualMachine', failing, broken)),
        ),
        NOW,
      )[0],
    ).toMatchObject({
      status: 'critical',
      reason: expect.stringMatching(
        /^failing: nested-dev\/dev-3 \(CrashLoopBackOff\); unreadable: VirtualMachine nested-dev\/dev-2/,
      ),
    });
  });

  it('an unreadable instance makes the check unknown too', () => {
    const vms = parsed(
      parseVirtualMachineList(list('VirtualMachine', vm('dev-1'))),
    );
    const instances = parsed(
      parseVirtualMachineInstanceList(
        list('VirtualMachineInstance', vmi('dev-1', { conditions: {} })),
      ),
    );
    expect(evaluateVirtualMachines(vms, NOW, instances)[0]).toMatchObject({
      status: 'unknown',
      reason:
        'unreadable: VirtualMachineInstance nested-dev/dev-1: status.conditions is not a list (an object)',
    });
  });
});
