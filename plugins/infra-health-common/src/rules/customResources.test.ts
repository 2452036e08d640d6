import { DetailedCondition } from '../parse/shape';
import {
  customResourceCheckId,
  CustomResourceKind,
  evaluateCustomResources,
  judgeConditionedResource,
} from './customResources';

const NOW = '2026-11-21T12:00:00Z';

const CERTIFICATES: CustomResourceKind = {
  group: 'cert-manager.io',
  version: 'v1',
  plural: 'certificates',
  kind: 'Certificate',
};

const object = (
  name: string,
  conditions: DetailedCondition[],
  generations: { generation?: number; observedGeneration?: number } = {},
) => ({
  metadata: {
    name,
    namespace: 'platform-portal',
    ...(generations.generation !== undefined
      ? { generation: generations.generation }
      : {}),
  },
  status: {
    conditions,
    ...(generations.observedGeneration !== undefined
      ? { observedGeneration: generations.observedGeneration }
      : {}),
  },
});
const condition = (
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason?: string,
  message?: string,
): DetailedCondition => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

describe('judgeConditionedResource: one object by its conditions', () => {
  it.each<[string, DetailedCondition[], string, string]>([
    ['Ready True', [condition('Ready', 'True', 'Ready')], 'ok', 'Ready True'],
    [
      'Available True (no Ready)',
      [condition('Available', 'True', 'MinimumReplicasAvailable')],
      'ok',
      'Available True',
    ],
    [
      'Ready True beside Progressing True (a rolling update of something ready)',
      [condition('Ready', 'True'), condition('Progressing', 'True')],
      'ok',
      'Ready True',
    ],
    [
      'Ready False',
      [
        condition(
          'Ready',
          'False',
          'DoesNotExist',
          'Issuing certificate as Secret does not exist',
        ),
      ],
      'critical',
      'Ready False (DoesNotExist: Issuing certificate as Secret does not exist)',
    ],
    [
      'Ready False without a reason',
      [condition('Ready', 'False')],
      'critical',
      'Ready False',
    ],
    [
      'Available False',
      [condition('Available', 'False', 'MinimumReplicasUnavailable')],
      'critical',
      'Available False (MinimumReplicasUnavailable)',
    ],
    [
      'Ready False whose reason says it is progressing',
      [
        condition(
          'Ready',
          'False',
          'WaitingForInfrastructure',
          '0 of 1 completed',
        ),
      ],
      'warning',
      'Ready False (WaitingForInfrastructure: 0 of 1 completed)',
    ],
    [
      'Ready False with reason Provisioning',
      [condition('Ready', 'False', 'Provisioning')],
      'warning',
      'Ready False (Provisioning)',
    ],
    [
      'Ready False whose reason says a provisioning failed',
      [condition('Ready', 'False', 'ProvisioningFailed', 'quota exceeded')],
      'critical',
      'Ready False (ProvisioningFailed: quota exceeded)',
    ],
    [
      'Ready False beside Progressing True',
      [
        condition('Ready', 'False', 'ClusterIsNotReady'),
        condition('Progressing', 'True', 'CreatingReplica'),
      ],
      'warning',
      'Ready False (ClusterIsNotReady); Progressing True (CreatingReplica)',
    ],
    [
      'Ready False with a failing reason beside Progressing True',
      [
        condition('Ready', 'False', 'ReconcileError'),
        condition('Progressing', 'True'),
      ],
      'critical',
      'Ready False (ReconcileError); Progressing True',
    ],
    [
      'Ready Unknown',
      [condition('Ready', 'Unknown', 'Pending')],
      'unknown',
      'Ready Unknown (Pending)',
    ],
    [
      'Ready Unknown beside Progressing True',
      [condition('Ready', 'Unknown'), condition('Progressing', 'True')],
      'warning',
      'Ready Unknown; Progressing True',
    ],
    [
      'Progressing True with no Ready condition yet',
      [condition('Progressing', 'True', 'NewReplicaSetCreated')],
      'warning',
      'Progressing True (NewReplicaSetCreated), no Ready condition yet',
    ],
    [
      'Degraded True beside Ready True',
      [
        condition('Ready', 'True'),
        condition('Degraded', 'True', 'ReplicaFailure', '1 of 3 replicas lost'),
      ],
      'critical',
      'Degraded True (ReplicaFailure: 1 of 3 replicas lost)',
    ],
    [
      'Degraded False beside Ready True',
      [condition('Ready', 'True'), condition('Degraded', 'False')],
      'ok',
      'Ready True',
    ],
    ['no conditions at all', [], 'unknown', 'no Ready condition'],
    [
      'only other conditions',
      [condition('Issuing', 'True', 'DoesNotExist')],
      'unknown',
      'no Ready condition',
    ],
    [
      'Degraded True and no Ready condition',
      [condition('Degraded', 'True', 'Broken')],
      'critical',
      'Degraded True (Broken); no Ready condition',
    ],
  ])('%s', (_label, conditions, status, reason) => {
    expect(judgeConditionedResource(object('a', conditions))).toEqual({
      name: 'platform-portal/a',
      status,
      reason,
    });
  });

  it('observedGeneration behind metadata.generation is not yet reconciled: a warning even when Ready', () => {
    expect(
      judgeConditionedResource(
        object('a', [condition('Ready', 'True')], {
          generation: 3,
          observedGeneration: 2,
        }),
      ),
    ).toMatchObject({
      status: 'warning',
      reason: 'not yet reconciled (generation 3, observed 2)',
    });
    // caught up
    expect(
      judgeConditionedResource(
        object('a', [condition('Ready', 'True')], {
          generation: 3,
          observedGeneration: 3,
        }),
      ).status,
    ).toBe('ok');
    // without status.observedGeneration, the Ready condition's own
    expect(
      judgeConditionedResource(
        object(
          'a',
          [{ ...condition('Ready', 'True'), observedGeneration: 1 }],
          {
            generation: 2,
          },
        ),
      ),
    ).toMatchObject({
      status: 'warning',
      reason: 'not yet reconciled (generation 2, observed 1)',
    });
    // behind and failing: the worst decides, both are said
    expect(
      judgeConditionedResource(
        object('a', [condition('Ready', 'False', 'Failed')], {
          generation: 5,
          observedGeneration: 4,
        }),
      ),
    ).toMatchObject({
      status: 'critical',
      reason:
        'Ready False (Failed); not yet reconciled (generation 5, observed 4)',
    });
  });
});

describe('evaluateCustomResources: one check per kind', () => {
  it('all ready is ok, counted, under the kind’s title', () => {
    const [check] = evaluateCustomResources(
      {
        items: [
          object('a', [condition('Ready', 'True')]),
          object('b', [condition('Ready', 'True')]),
        ],
      },
      { ...CERTIFICATES, title: 'Certificates' },
      NOW,
    );
    expect(check).toMatchObject({
      id: 'customResources.certificates.cert-manager.io',
      subsystem: 'customResources',
      status: 'ok',
      reason: 'Certificates: 2 of 2 ready',
      observedAt: NOW,
      details: {
        group: 'cert-manager.io',
        version: 'v1',
        plural: 'certificates',
        kind: 'Certificate',
        title: 'Certificates',
        total: 2,
        ready: 2,
        findings: [],
      },
    });
  });

  it('names the objects that are not ok with their reasons, worst first', () => {
    const [check] = evaluateCustomResources(
      {
        items: [
          object('a', [condition('Ready', 'True')]),
          object('b', [condition('Ready', 'False', 'Pending')]),
          object('portal-tls', [
            condition(
              'Ready',
              'False',
              'DoesNotExist',
              'Issuing certificate as Secret does not exist',
            ),
          ]),
        ],
      },
      CERTIFICATES,
      NOW,
    );
    expect(check).toMatchObject({
      status: 'critical',
      reason:
        'Certificate platform-portal/portal-tls: Ready False (DoesNotExist: Issuing certificate as Secret does not exist); Certificate platform-portal/b: Ready False (Pending)',
      details: {
        total: 3,
        ready: 1,
        findings: [
          {
            name: 'platform-portal/portal-tls',
            status: 'critical',
            reason:
              'Ready False (DoesNotExist: Issuing certificate as Secret does not exist)',
          },
          {
            name: 'platform-portal/b',
            status: 'warning',
            reason: 'Ready False (Pending)',
          },
        ],
      },
    });
  });

  it('names at most three objects in the reason, and counts the rest', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map(name =>
      object(name, [condition('Ready', 'False', 'Failed')]),
    );
    const [check] = evaluateCustomResources({ items }, CERTIFICATES, NOW);
    expect(check.reason).toBe(
      'Certificate platform-portal/a: Ready False (Failed); Certificate platform-portal/b: Ready False (Failed); Certificate platform-portal/c: Ready False (Failed) (and 2 more)',
    );
    expect((check.details?.findings as unknown[]).length).toBe(5);
  });

  it('an object without a Ready condition makes the kind unknown', () => {
    const [check] = evaluateCustomResources(
      { items: [object('a', [condition('Ready', 'True')]), object('b', [])] },
      CERTIFICATES,
      NOW,
    );
    expect(check).toMatchObject({
      status: 'unknown',
      reason: 'Certificate platform-portal/b: no Ready condition',
    });
  });

  it('says the namespace it reads, and that it holds none', () => {
    expect(
      evaluateCustomResources(
        { items: [] },
        { ...CERTIFICATES, namespace: 'platform-portal' },
        NOW,
      )[0],
    ).toMatchObject({
      status: 'ok',
      reason:
        'Certificate (cert-manager.io): none in namespace platform-portal',
      details: { namespace: 'platform-portal', total: 0 },
    });
  });

  it('gives kinds that share a name (CAPI and CloudNativePG Clusters) their own check ids and titles', () => {
    const capi = {
      group: 'cluster.x-k8s.io',
      version: 'v1beta1',
      plural: 'clusters',
      kind: 'Cluster',
    };
    const cnpg = {
      group: 'postgresql.cnpg.io',
      version: 'v1',
      plural: 'clusters',
      kind: 'Cluster',
    };
    expect(customResourceCheckId(capi)).not.toBe(customResourceCheckId(cnpg));
    expect(evaluateCustomResources({ items: [] }, cnpg, NOW)[0].reason).toBe(
      'Cluster (postgresql.cnpg.io): none',
    );
  });
});
