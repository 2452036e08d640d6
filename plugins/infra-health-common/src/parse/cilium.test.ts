import {
  evaluateCiliumAgents,
  evaluateCiliumNodes,
  evaluateCiliumOperator,
} from '../rules/cilium';
import {
  parseCiliumDaemonSet,
  parseCiliumNodeList,
  parseCiliumOperatorDeployment,
} from './cilium';

const NOW = '2026-11-21T12:00:00Z';

/** The cilium DaemonSet as the API server answers a GET (zero counts with omitempty left out). */
const daemonSet = (status: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'cilium', namespace: 'kube-system', generation: 1 },
  spec: { selector: { matchLabels: { 'k8s-app': 'cilium' } } },
  status,
});
const deployment = (spec: unknown, status: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'cilium-operator', namespace: 'kube-system' },
  spec,
  status,
});

describe('parseCiliumDaemonSet', () => {
  it('reads the agent counts', () => {
    expect(
      parseCiliumDaemonSet(
        daemonSet({
          currentNumberScheduled: 5,
          desiredNumberScheduled: 5,
          numberMisscheduled: 0,
          numberReady: 4,
          numberUnavailable: 1,
        }),
      ),
    ).toEqual({
      ok: true,
      value: {
        status: {
          desiredNumberScheduled: 5,
          numberReady: 4,
          numberUnavailable: 1,
        },
      },
    });
  });

  const problem = (status: unknown) => {
    const parsed = parseCiliumDaemonSet(daemonSet(status));
    return parsed.ok ? 'parsed' : parsed.reason;
  };
  it.each([
    [
      'fractional',
      { desiredNumberScheduled: 0.5, numberReady: 0.5 },
      'status.desiredNumberScheduled is 0.5, not a whole number',
    ],
    [
      'negative',
      { desiredNumberScheduled: 3, numberReady: -1 },
      'status.numberReady is -1, below 0',
    ],
    [
      'huge',
      { desiredNumberScheduled: 18446744073709552000, numberReady: 3 },
      'status.desiredNumberScheduled is 18446744073709552000, above 100000',
    ],
    [
      'a string',
      { desiredNumberScheduled: '3', numberReady: 3 },
      'status.desiredNumberScheduled is not a number (a string)',
    ],
    [
      'not finite',
      { desiredNumberScheduled: 3, numberReady: Number.NaN },
      'status.numberReady is not a finite number',
    ],
    ['missing', { desiredNumberScheduled: 3 }, 'status.numberReady is missing'],
    [
      'nested',
      { desiredNumberScheduled: { value: 3 }, numberReady: 3 },
      'status.desiredNumberScheduled is not a number (an object)',
    ],
  ])('names the DaemonSet when a count is %s', (_label, status, reason) => {
    expect(problem(status)).toBe(`DaemonSet kube-system/cilium: ${reason}`);
  });

  it.each([
    [{}, 'the answer is not a DaemonSet (kind is missing)'],
    [[], 'the answer is not a DaemonSet (a list)'],
    [
      {
        kind: 'Status',
        status: 'Failure',
        message: 'daemonsets.apps "cilium" not found',
        code: 404,
      },
      'the answer is not a DaemonSet (kind Status: daemonsets.apps "cilium" not found)',
    ],
    [
      deployment({ replicas: 2 }, {}),
      'the answer is not a DaemonSet (kind Deployment)',
    ],
    [daemonSet(undefined), 'DaemonSet kube-system/cilium: status is missing'],
  ])('is not a DaemonSet: %j', (body, reason) => {
    expect(parseCiliumDaemonSet(body)).toEqual({ ok: false, reason });
  });
});

describe('parseCiliumOperatorDeployment', () => {
  it('reads replicas, with the API defaults for what is left out', () => {
    expect(
      parseCiliumOperatorDeployment(
        deployment({ replicas: 2 }, { availableReplicas: 2 }),
      ),
    ).toEqual({
      ok: true,
      value: { spec: { replicas: 2 }, status: { availableReplicas: 2 } },
    });
    // spec.replicas defaults to 1; availableReplicas is left out when 0
    expect(parseCiliumOperatorDeployment(deployment({}, {}))).toEqual({
      ok: true,
      value: { spec: { replicas: 1 }, status: { availableReplicas: 0 } },
    });
  });

  it.each([
    [
      { replicas: 0 },
      { availableReplicas: 18446744073709552000 },
      'status.availableReplicas is 18446744073709552000, above 100000',
    ],
    [
      { replicas: 0.5 },
      { availableReplicas: 0.5 },
      'spec.replicas is 0.5, not a whole number',
    ],
    [{ replicas: '2' }, {}, 'spec.replicas is not a number (a string)'],
    [
      { replicas: 2 },
      { availableReplicas: -2 },
      'status.availableReplicas is -2, below 0',
    ],
    [{ replicas: 2 }, 'Available', 'status is not an object (a string)'],
    [undefined, {}, 'spec is missing'],
  ])('names the Deployment: spec %j, status %j', (spec, status, reason) => {
    expect(parseCiliumOperatorDeployment(deployment(spec, status))).toEqual({
      ok: false,
      reason: `Deployment kube-system/cilium-operator: ${reason}`,
    });
  });
});

describe('parseCiliumNodeList and the Cilium rules', () => {
  const nodes = {
    items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
  };

  it('reads CiliumNode names; one without a name makes the registration check unknown, named', () => {
    const parsed = parseCiliumNodeList({
      kind: 'CiliumNodeList',
      apiVersion: 'cilium.io/v2',
      items: [
        {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNode',
          metadata: { name: 'a' },
        },
        {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNode',
          metadata: { labels: {} },
        },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value).toEqual({
      items: [{ metadata: { name: 'a' } }],
      unreadable: ['CiliumNode items[1]: metadata.name is missing'],
    });
    expect(evaluateCiliumNodes(parsed.value, nodes, NOW)[0]).toMatchObject({
      status: 'unknown',
      reason:
        'cannot tell which nodes have a CiliumNode: CiliumNode items[1]: metadata.name is missing',
    });
  });

  it('judges only what parsed: the fuzzed counts of the review never reach a rule', () => {
    for (const body of [
      daemonSet({ desiredNumberScheduled: 0.5, numberReady: 0.5 }),
      daemonSet({ desiredNumberScheduled: '5', numberReady: '5' }),
    ]) {
      expect(parseCiliumDaemonSet(body).ok).toBe(false);
    }
    expect(
      parseCiliumOperatorDeployment(
        deployment(
          { replicas: 0 },
          { availableReplicas: 18446744073709552000 },
        ),
      ).ok,
    ).toBe(false);
    const agents = parseCiliumDaemonSet(
      daemonSet({ desiredNumberScheduled: 5, numberReady: 5 }),
    );
    const operator = parseCiliumOperatorDeployment(
      deployment({ replicas: 2 }, { availableReplicas: 2 }),
    );
    if (!agents.ok || !operator.ok) throw new Error('did not parse');
    expect(evaluateCiliumAgents(agents.value, NOW)[0].reason).toBe(
      '5 of 5 Cilium agents ready',
    );
    expect(evaluateCiliumOperator(operator.value, NOW)[0].reason).toBe(
      '2 of 2 cilium-operator replicas available',
    );
  });
});
