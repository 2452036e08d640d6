import {
  parseKubernetesList,
  parseKubernetesObject,
  unreadableReason,
} from './kubernetesObjects';

/** A list parser that reads only the name, to test the list rules on their own. */
const names = (body: unknown) =>
  parseKubernetesList(body, 'Application', (_item, name) => name);

/** What the API server answers when RBAC forbids the list (kube-apiserver's Status body). */
const FORBIDDEN = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'applications.argoproj.io is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "applications" in API group "argoproj.io" at the cluster scope',
  reason: 'Forbidden',
  details: { group: 'argoproj.io', kind: 'applications' },
  code: 403,
};

describe('parseKubernetesList', () => {
  it('reads a list as the API server sends it: kind <Kind>List and items', () => {
    expect(
      names({
        kind: 'ApplicationList',
        apiVersion: 'argoproj.io/v1alpha1',
        metadata: { resourceVersion: '101' },
        items: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { name: 'cilium', namespace: 'argocd' },
          },
        ],
      }),
    ).toEqual({
      ok: true,
      value: { items: [{ name: 'cilium', namespace: 'argocd' }] },
    });
    expect(names({ kind: 'ApplicationList', items: [] })).toEqual({
      ok: true,
      value: { items: [] },
    });
  });

  it.each([
    [
      'an empty object',
      {},
      'the answer is not an ApplicationList (kind is missing)',
    ],
    ['a list', [], 'the answer is not an ApplicationList (a list)'],
    ['a string', 'ok', 'the answer is not an ApplicationList (a string)'],
    ['a number', 0, 'the answer is not an ApplicationList (a number)'],
    ['null', null, 'the answer is not an ApplicationList (null)'],
    ['a boolean', true, 'the answer is not an ApplicationList (a boolean)'],
    [
      'another kind of list',
      { kind: 'PodList', items: [] },
      'the answer is not an ApplicationList (kind PodList)',
    ],
    [
      'a kind that is not a string',
      { kind: ['ApplicationList'], items: [] },
      'the answer is not an ApplicationList (kind is a list)',
    ],
    [
      'a Status failure',
      FORBIDDEN,
      `the answer is not an ApplicationList (kind Status: ${FORBIDDEN.message})`,
    ],
    [
      'a Status without a message',
      { kind: 'Status', status: 'Failure', code: 500 },
      'the answer is not an ApplicationList (kind Status: no message)',
    ],
    [
      'a list without items',
      { kind: 'ApplicationList', metadata: {} },
      'the ApplicationList has no items list (items is missing)',
    ],
    [
      'items that are an object',
      { kind: 'ApplicationList', items: { a: {} } },
      'the ApplicationList has no items list (items is an object)',
    ],
    [
      'items that are a string',
      { kind: 'ApplicationList', items: '[]' },
      'the ApplicationList has no items list (items is a string)',
    ],
  ])('does not read %s as a list', (_label, body, reason) => {
    expect(names(body)).toEqual({ ok: false, reason });
  });

  it('keeps each item that does not parse, named by kind and name, or by index without one', () => {
    const longName = 'x'.repeat(300);
    const parsed = names({
      kind: 'ApplicationList',
      items: [
        { metadata: { name: 'good', namespace: 'argocd' } },
        'Application',
        null,
        [{ metadata: { name: 'nested' } }],
        {},
        { metadata: { name: 42 } },
        { metadata: { name: '' } },
        { metadata: { name: longName } },
        { metadata: { name: 'pod', namespace: 'argocd' }, kind: 'Pod' },
        { metadata: { name: 'n', namespace: 7 } },
      ],
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        items: [{ name: 'good', namespace: 'argocd' }],
        unreadable: [
          'Application items[1]: is not an object (a string)',
          'Application items[2]: is not an object (null)',
          'Application items[3]: is not an object (a list)',
          'Application items[4]: metadata is missing',
          'Application items[5]: metadata.name is not a string (a number)',
          'Application items[6]: metadata.name is empty',
          'Application items[7]: metadata.name is longer than 253 characters',
          'Application argocd/pod: is a Pod, not an Application',
          'Application items[9]: metadata.namespace is not a string (a number)',
        ],
      },
    });
  });

  it('never throws, whatever the item parser meets', () => {
    const parsed = parseKubernetesList(
      { kind: 'NodeList', items: [{ metadata: { name: 'a' } }] },
      'Node',
      () => {
        throw new TypeError('x.find is not a function');
      },
    );
    expect(parsed).toEqual({
      ok: true,
      value: { items: [], unreadable: ['Node a: x.find is not a function'] },
    });
  });

  it('cuts a huge Status message short', () => {
    const parsed = names({ kind: 'Status', message: 'm'.repeat(10_000) });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason.length).toBeLessThan(300);
  });
});

describe('parseKubernetesObject', () => {
  const replicas = (body: unknown) =>
    parseKubernetesObject(body, 'Deployment', deployment =>
      deployment.object('spec').count('replicas'),
    );

  it('reads an object of the kind and names it in what is wrong', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cilium-operator', namespace: 'kube-system' },
      spec: { replicas: 2 },
    };
    expect(replicas(deployment)).toEqual({ ok: true, value: 2 });
    expect(replicas({ ...deployment, spec: { replicas: 0.5 } })).toEqual({
      ok: false,
      reason:
        'Deployment kube-system/cilium-operator: spec.replicas is 0.5, not a whole number',
    });
  });

  it.each([
    [
      { kind: 'DaemonSet', metadata: { name: 'x' } },
      'the answer is not a Deployment (kind DaemonSet)',
    ],
    [
      {
        kind: 'Status',
        message: 'deployments.apps "cilium-operator" not found',
      },
      'the answer is not a Deployment (kind Status: deployments.apps "cilium-operator" not found)',
    ],
    ['<html>', 'the answer is not a Deployment (a string)'],
    [{ kind: 'Deployment' }, 'Deployment: metadata is missing'],
  ])('does not read %j', (body, reason) => {
    expect(replicas(body)).toEqual({ ok: false, reason });
  });
});

describe('unreadableReason', () => {
  it('gives one item its own reason, several counted with the first named', () => {
    expect(
      unreadableReason({ items: [1, 2], unreadable: ['Node a: bad'] }, 'Nodes'),
    ).toBe('Node a: bad');
    expect(
      unreadableReason(
        { items: [1], unreadable: ['a', 'b', 'c', 'd', 'e'] },
        'Nodes',
      ),
    ).toBe('5 of 6 Nodes unreadable: a; b; c (and 2 more)');
  });
});
