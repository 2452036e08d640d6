import { evaluateArgoApplications } from '../rules/argocd';
import { parseApplicationList } from './argocd';

const NOW = '2026-11-21T12:00:00Z';

/** An Application as the API server lists it (custom resources keep their kind in lists). */
const app = (name: string, status: unknown) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace: 'argocd' },
  spec: { project: 'default' },
  status,
});
const healthy = (name: string) =>
  app(name, {
    health: { status: 'Healthy', lastTransitionTime: NOW },
    sync: { status: 'Synced', revision: 'abc' },
    reconciledAt: NOW,
  });
const applicationList = (...items: unknown[]) => ({
  kind: 'ApplicationList',
  apiVersion: 'argoproj.io/v1alpha1',
  metadata: { resourceVersion: '7' },
  items,
});

function judge(body: unknown) {
  const parsed = parseApplicationList(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return evaluateArgoApplications(parsed.value, NOW)[0];
}

describe('parseApplicationList', () => {
  it('reads health, sync and synced revision of each Application', () => {
    expect(parseApplicationList(applicationList(healthy('cilium')))).toEqual({
      ok: true,
      value: {
        items: [
          {
            metadata: { name: 'cilium', namespace: 'argocd' },
            status: {
              health: { status: 'Healthy' },
              sync: { status: 'Synced', revision: 'abc' },
            },
          },
        ],
      },
    });
  });

  it('reads the last operation: phase, message (clipped) and the revision it synced', () => {
    const parsed = parseApplicationList(
      applicationList(
        app('web-dev', {
          health: { status: 'Degraded' },
          sync: { status: 'OutOfSync', revision: 'old' },
          operationState: {
            phase: 'Failed',
            message: `one or more objects failed to apply: ${'x'.repeat(900)}`,
            startedAt: NOW,
            syncResult: { revision: 'f00d', resources: [] },
          },
        }),
      ),
    );
    expect(parsed.ok && parsed.value.items[0].status?.operationState).toEqual({
      phase: 'Failed',
      message: expect.stringMatching(
        /^one or more objects failed to apply: x+$/,
      ),
      revision: 'f00d',
    });
    expect(
      parsed.ok &&
        parsed.value.items[0].status!.operationState!.message!.length,
    ).toBe(500);
  });

  it('keeps only the metadata the catalog reads: its own keys, entity-ref, Argo CD tracking and owners', () => {
    const parsed = parseApplicationList(
      applicationList({
        ...healthy('cert-manager'),
        metadata: {
          name: 'cert-manager',
          namespace: 'argocd',
          labels: { 'app.kubernetes.io/instance': 'platform-apps', team: 'x' },
          annotations: {
            'platform.proficientnow.io/owner': 'platform-team',
            'kubectl.kubernetes.io/last-applied-configuration': '{"huge":1}',
          },
          ownerReferences: [
            {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'ApplicationSet',
              name: 'addons',
              uid: 'u',
            },
          ],
        },
      }),
    );
    expect(parsed.ok && parsed.value.items[0].metadata).toEqual({
      name: 'cert-manager',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/instance': 'platform-apps' },
      annotations: { 'platform.proficientnow.io/owner': 'platform-team' },
      owners: [{ kind: 'ApplicationSet', name: 'addons' }],
    });
  });

  it('names the Application whose labels are not strings', () => {
    const parsed = parseApplicationList(
      applicationList({
        ...healthy('odd'),
        metadata: { name: 'odd', namespace: 'argocd', labels: { a: 1 } },
      }),
    );
    expect(parsed.ok && parsed.value.unreadable).toEqual([
      expect.stringMatching(
        /Application argocd\/odd: metadata\.labels\.a is not a string/,
      ),
    ]);
  });

  it('reads an Application Argo CD has not reconciled yet (no status) as such', () => {
    const parsed = parseApplicationList(
      applicationList({ ...healthy('new'), status: undefined }),
    );
    expect(parsed.ok && parsed.value.items[0]).toEqual({
      metadata: { name: 'new', namespace: 'argocd' },
    });
  });

  it.each([
    ['status is a string', 'Healthy', 'status is not an object (a string)'],
    [
      'health is a list',
      { health: ['Healthy'] },
      'status.health is not an object (a list)',
    ],
    [
      'health status is a number',
      { health: { status: 1 } },
      'status.health.status is not a string (a number)',
    ],
    [
      'health status is not one Argo CD defines',
      { health: { status: 'Fine' } },
      'status.health.status is "Fine", not one of Healthy, Progressing, Degraded, Suspended, Missing, Unknown',
    ],
    [
      'sync status is not one Argo CD defines',
      { health: { status: 'Healthy' }, sync: { status: 'synced' } },
      'status.sync.status is "synced", not one of Synced, OutOfSync, Unknown',
    ],
    [
      'operation phase is not one Argo CD defines',
      { operationState: { phase: 'Done' } },
      'status.operationState.phase is "Done", not one of Running, Terminating, Failed, Error, Succeeded',
    ],
  ])('names an Application whose %s', (_label, status, problem) => {
    expect(parseApplicationList(applicationList(app('kafka', status)))).toEqual(
      {
        ok: true,
        value: {
          items: [],
          unreadable: [`Application argocd/kafka: ${problem}`],
        },
      },
    );
  });

  it.each([
    [{}, 'the answer is not an ApplicationList (kind is missing)'],
    [[], 'the answer is not an ApplicationList (a list)'],
    [0, 'the answer is not an ApplicationList (a number)'],
    [
      {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: 'applications.argoproj.io is forbidden',
        reason: 'Forbidden',
        code: 403,
      },
      'the answer is not an ApplicationList (kind Status: applications.argoproj.io is forbidden)',
    ],
  ])('is not an ApplicationList: %j', (body, reason) => {
    expect(parseApplicationList(body)).toEqual({ ok: false, reason });
  });
});

describe('the Argo CD rule over a parsed list', () => {
  it('judges a real empty list as 0 Applications, and nothing else as that', () => {
    expect(judge(applicationList())).toMatchObject({
      status: 'ok',
      reason: '0 Applications synced and healthy',
    });
    for (const garbage of [{}, [], 'ok', null]) {
      expect(parseApplicationList(garbage).ok).toBe(false);
    }
  });

  it('an unreadable Application makes the check unknown, named, and never hides a degraded one', () => {
    expect(
      judge(applicationList(healthy('cilium'), app('kafka', { health: 3 }))),
    ).toMatchObject({
      status: 'unknown',
      reason:
        '2 Applications; unreadable: Application argocd/kafka: status.health is not an object (a number)',
    });
    expect(
      judge(
        applicationList(
          app('postgres', {
            health: { status: 'Degraded' },
            sync: { status: 'Synced' },
          }),
          app('kafka', { health: 3 }),
        ),
      ),
    ).toMatchObject({
      status: 'critical',
      reason: expect.stringMatching(
        /^2 Applications; degraded: postgres; unreadable: /,
      ),
    });
  });

  it('an Application without health or sync yet is unknown, not healthy', () => {
    expect(judge(applicationList(app('new', {}))).status).toBe('unknown');
    expect(
      judge(
        applicationList(
          app('lost', {
            health: { status: 'Healthy' },
            sync: { status: 'Unknown' },
          }),
        ),
      ).reason,
    ).toBe('1 Applications; health or sync unknown: lost');
  });
});
