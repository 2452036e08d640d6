import { evaluateNodes } from '../rules/kubernetes';
import { parseNodeList } from './nodes';

const NOW = '2026-11-21T12:00:00Z';

/** A Node as kube-apiserver lists it (built-in list items carry no kind). */
const node = (name: string, status: unknown = undefined) => ({
  metadata: {
    name,
    uid: `uid-${name}`,
    labels: { 'kubernetes.io/os': 'linux' },
  },
  spec: { podCIDR: '10.244.0.0/24' },
  status:
    status === undefined
      ? {
          conditions: [
            {
              type: 'MemoryPressure',
              status: 'False',
              reason: 'KubeletHasSufficientMemory',
              lastHeartbeatTime: '2026-11-21T11:59:00Z',
            },
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
            },
          ],
          nodeInfo: { kubeletVersion: 'v1.31.4', osImage: 'Debian' },
        }
      : status,
});
const nodeList = (...items: unknown[]) => ({
  kind: 'NodeList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '4242' },
  items,
});

describe('parseNodeList', () => {
  it('reads what the node rules need from a real-shaped NodeList', () => {
    expect(parseNodeList(nodeList(node('dev-1')))).toEqual({
      ok: true,
      value: {
        items: [
          {
            metadata: { name: 'dev-1' },
            status: {
              conditions: [
                { type: 'MemoryPressure', status: 'False' },
                { type: 'Ready', status: 'True' },
              ],
              nodeInfo: { kubeletVersion: 'v1.31.4' },
            },
          },
        ],
      },
    });
  });

  it('reads a Node without status or conditions as having no conditions (so not Ready)', () => {
    const parsed = parseNodeList(
      nodeList({ metadata: { name: 'new' } }, node('fresh', {})),
    );
    expect(parsed.ok && parsed.value.items.map(n => n.status)).toEqual([
      { conditions: [] },
      { conditions: [] },
    ]);
  });

  it.each([
    [
      'conditions are a string',
      { conditions: 'Ready' },
      'status.conditions is not a list (a string)',
    ],
    [
      'conditions are an object',
      { conditions: { Ready: 'True' } },
      'status.conditions is not a list (an object)',
    ],
    [
      'conditions are a number',
      { conditions: 1 },
      'status.conditions is not a list (a number)',
    ],
    [
      'a condition is a string',
      { conditions: ['Ready'] },
      'status.conditions[0] is not an object (a string)',
    ],
    [
      'a condition is nested in lists',
      { conditions: [[[{ type: 'Ready', status: 'True' }]]] },
      'status.conditions[0] is not an object (a list)',
    ],
    [
      'a condition has no type',
      { conditions: [{ status: 'True' }] },
      'status.conditions[0].type is missing',
    ],
    [
      'a condition status is a boolean',
      { conditions: [{ type: 'Ready', status: true }] },
      'status.conditions[0].status is not a string (a boolean)',
    ],
    [
      'a condition status is not True, False or Unknown',
      { conditions: [{ type: 'Ready', status: 'yes' }] },
      'status.conditions[0].status is "yes", not one of True, False, Unknown',
    ],
    [
      'a condition type is listed twice',
      {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
      },
      'status.conditions lists the Ready condition more than once',
    ],
    ['status is a string', 'Ready', 'status is not an object (a string)'],
    [
      'the kubelet version is a number',
      { conditions: [], nodeInfo: { kubeletVersion: 1.31 } },
      'status.nodeInfo.kubeletVersion is not a string (a number)',
    ],
  ])('names the Node when its %s', (_label, status, problem) => {
    expect(
      parseNodeList(nodeList(node('dev-1'), node('dev-worker-1', status))),
    ).toEqual({
      ok: true,
      value: {
        items: [expect.objectContaining({ metadata: { name: 'dev-1' } })],
        unreadable: [`Node dev-worker-1: ${problem}`],
      },
    });
  });

  it.each([
    [{}, 'the answer is not a NodeList (kind is missing)'],
    [[], 'the answer is not a NodeList (a list)'],
    ['ok', 'the answer is not a NodeList (a string)'],
    [{ items: [node('a')] }, 'the answer is not a NodeList (kind is missing)'],
    [
      {
        kind: 'Status',
        status: 'Failure',
        message: 'nodes is forbidden',
        code: 403,
      },
      'the answer is not a NodeList (kind Status: nodes is forbidden)',
    ],
    [
      { kind: 'NodeList', items: null },
      'the NodeList has no items list (items is null)',
    ],
  ])('is not a NodeList: %j', (body, reason) => {
    expect(parseNodeList(body)).toEqual({ ok: false, reason });
  });
});

describe('the node rule over a parsed NodeList', () => {
  it('one malformed Node makes the Ready check unknown, naming it (not dropped, never ok)', () => {
    const parsed = parseNodeList(
      nodeList(node('dev-1'), node('dev-worker-1', { conditions: 'True' })),
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(evaluateNodes(parsed.value, NOW)).toEqual([
      expect.objectContaining({
        id: 'nodes.ready',
        status: 'unknown',
        reason: 'Node dev-worker-1: status.conditions is not a list (a string)',
      }),
    ]);
  });

  it('several malformed Nodes are counted, the first named', () => {
    const parsed = parseNodeList(
      nodeList(
        node('a'),
        node('b', { conditions: 1 }),
        node('c', { conditions: 2 }),
      ),
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(evaluateNodes(parsed.value, NOW)[0].reason).toBe(
      '2 of 3 Nodes unreadable: Node b: status.conditions is not a list (a number); Node c: status.conditions is not a list (a number)',
    );
  });
});
