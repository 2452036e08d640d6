import { evaluateCustomResources } from '../rules/customResources';
import { parseCustomResourceList } from './customResources';

const NOW = '2026-11-21T12:00:00Z';

/** A cert-manager Certificate as the API server lists it (custom resources keep their kind in lists). */
const certificate = (
  name: string,
  status: unknown,
  metadata: Record<string, unknown> = {},
) => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name, namespace: 'platform-portal', generation: 1, ...metadata },
  spec: {
    secretName: `${name}`,
    dnsNames: ['portal.example.com'],
    issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
  },
  status,
});
const ready = {
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Ready',
      message: 'Certificate is up to date and has not expired',
      lastTransitionTime: NOW,
      observedGeneration: 1,
    },
  ],
  notAfter: '2027-02-19T12:00:00Z',
};
const certificateList = (...items: unknown[]) => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'CertificateList',
  metadata: { resourceVersion: '42' },
  items,
});

describe('parseCustomResourceList', () => {
  it('reads names, generations and conditions with their reason, message and generation', () => {
    expect(
      parseCustomResourceList(
        certificateList(
          certificate(
            'portal-tls',
            { ...ready, observedGeneration: 1 },
            { generation: 2 },
          ),
        ),
        'Certificate',
      ),
    ).toEqual({
      ok: true,
      value: {
        items: [
          {
            metadata: {
              name: 'portal-tls',
              namespace: 'platform-portal',
              generation: 2,
            },
            status: {
              observedGeneration: 1,
              conditions: [
                {
                  type: 'Ready',
                  status: 'True',
                  reason: 'Ready',
                  message: 'Certificate is up to date and has not expired',
                  observedGeneration: 1,
                },
              ],
            },
          },
        ],
      },
    });
  });

  it('reads an object without status (not reconciled yet) as one without conditions', () => {
    const parsed = parseCustomResourceList(
      certificateList(certificate('new', undefined, { generation: undefined })),
      'Certificate',
    );
    expect(parsed.ok && parsed.value.items[0]).toEqual({
      metadata: { name: 'new', namespace: 'platform-portal' },
      status: { conditions: [] },
    });
  });

  it.each([
    ['status is a string', 'Ready', {}, 'status is not an object (a string)'],
    [
      'conditions are an object',
      { conditions: { Ready: 'True' } },
      {},
      'status.conditions is not a list (an object)',
    ],
    [
      'a condition is a string',
      { conditions: ['Ready'] },
      {},
      'status.conditions[0] is not an object (a string)',
    ],
    [
      'a condition has no type',
      { conditions: [{ status: 'True' }] },
      {},
      'status.conditions[0].type is missing',
    ],
    [
      'a condition type is empty',
      { conditions: [{ type: '', status: 'True' }] },
      {},
      'status.conditions[0].type is empty',
    ],
    [
      'a condition status is a boolean',
      { conditions: [{ type: 'Ready', status: true }] },
      {},
      'status.conditions[0].status is not a string (a boolean)',
    ],
    [
      'a condition status is not True, False or Unknown',
      { conditions: [{ type: 'Ready', status: 'Yes' }] },
      {},
      'status.conditions[0].status is "Yes", not one of True, False, Unknown',
    ],
    [
      'a condition reason is a number',
      { conditions: [{ type: 'Ready', status: 'False', reason: 404 }] },
      {},
      'status.conditions[0].reason is not a string (a number)',
    ],
    [
      'a condition message is an object',
      { conditions: [{ type: 'Ready', status: 'False', message: {} }] },
      {},
      'status.conditions[0].message is not a string (an object)',
    ],
    [
      'a condition is listed twice',
      {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
      },
      {},
      'status.conditions lists the Ready condition more than once',
    ],
    [
      'a condition observedGeneration is negative',
      {
        conditions: [{ type: 'Ready', status: 'True', observedGeneration: -1 }],
      },
      {},
      'status.conditions[0].observedGeneration is -1, below 0',
    ],
    [
      'observedGeneration is a string',
      { ...ready, observedGeneration: '1' },
      {},
      'status.observedGeneration is not a number (a string)',
    ],
    [
      'observedGeneration is a fraction',
      { ...ready, observedGeneration: 1.5 },
      {},
      'status.observedGeneration is 1.5, not a whole number',
    ],
    [
      'generation is negative',
      ready,
      { generation: -3 },
      'metadata.generation is -3, below 0',
    ],
  ])('names an object whose %s', (_label, status, metadata, problem) => {
    expect(
      parseCustomResourceList(
        certificateList(certificate('portal-tls', status, metadata)),
        'Certificate',
      ),
    ).toEqual({
      ok: true,
      value: {
        items: [],
        unreadable: [`Certificate platform-portal/portal-tls: ${problem}`],
      },
    });
  });

  it('names an item of another kind', () => {
    const parsed = parseCustomResourceList(
      certificateList({
        ...certificate('portal-tls', ready),
        kind: 'CertificateRequest',
      }),
      'Certificate',
    );
    expect(parsed.ok && parsed.value.unreadable).toEqual([
      'Certificate platform-portal/portal-tls: is a CertificateRequest, not a Certificate',
    ]);
  });

  it.each([
    [{}, 'the answer is not a CertificateList (kind is missing)'],
    [[], 'the answer is not a CertificateList (a list)'],
    ['ok', 'the answer is not a CertificateList (a string)'],
    [null, 'the answer is not a CertificateList (null)'],
    [
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'certificates.cert-manager.io is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "certificates" in API group "cert-manager.io" at the cluster scope',
        reason: 'Forbidden',
        code: 403,
      },
      'the answer is not a CertificateList (kind Status: certificates.cert-manager.io is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "certificates" in API group "cert-manager.io" at the cluster scope)',
    ],
    [
      { ...certificateList(), kind: 'CertificateRequestList' },
      'the answer is not a CertificateList (kind CertificateRequestList)',
    ],
    [
      { ...certificateList(), kind: 'ClusterList' },
      'the answer is not a CertificateList (kind ClusterList)',
    ],
    [
      { ...certificateList(), items: { a: 1 } },
      'the CertificateList has no items list (items is an object)',
    ],
  ])('is not a CertificateList: %j', (body, reason) => {
    expect(parseCustomResourceList(body, 'Certificate')).toEqual({
      ok: false,
      reason,
    });
  });
});

describe('the custom resource rule over a parsed list', () => {
  const kind = {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'certificates',
    kind: 'Certificate',
  };
  const judge = (body: unknown) => {
    const parsed = parseCustomResourceList(body, 'Certificate');
    if (!parsed.ok) throw new Error(parsed.reason);
    return evaluateCustomResources(parsed.value, kind, NOW)[0];
  };

  it('an unreadable object makes the check unknown, named, and never hides a failing one', () => {
    const broken = certificate('broken', { conditions: 'Ready' });
    expect(
      judge(certificateList(certificate('portal-tls', ready), broken)),
    ).toMatchObject({
      status: 'unknown',
      reason:
        'unreadable: Certificate platform-portal/broken: status.conditions is not a list (a string)',
      details: { total: 2, ready: 1 },
    });
    const failing = certificate('portal-tls', {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'DoesNotExist',
          message: 'Issuing certificate as Secret does not exist',
        },
      ],
    });
    expect(judge(certificateList(failing, broken))).toMatchObject({
      status: 'critical',
      reason:
        'Certificate platform-portal/portal-tls: Ready False (DoesNotExist: Issuing certificate as Secret does not exist); unreadable: Certificate platform-portal/broken: status.conditions is not a list (a string)',
    });
  });

  it('judges a real empty list as none, and nothing else as that', () => {
    expect(judge(certificateList())).toMatchObject({
      status: 'ok',
      reason: 'Certificate (cert-manager.io): none',
    });
    for (const garbage of [{}, [], 'ok', null]) {
      expect(parseCustomResourceList(garbage, 'Certificate').ok).toBe(false);
    }
  });
});
