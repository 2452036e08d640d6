/** @jest-environment node */
import {
  CERTIFICATE_NOT_ISSUED,
  certificates,
  platformCluster,
} from './fixtures';
import {
  KubernetesStandin,
  startKubernetesStandin,
} from './startKubernetesStandin';
import { KubeObject } from './types';

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

const TOKEN = 'token-platform';
const PORTAL_TLS = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  namespace: 'platform-portal',
  name: 'portal-tls',
};

/** A Cluster API Cluster, a custom type a test adds to what the stand-in serves. */
const CAPI_CLUSTER = {
  group: 'cluster.x-k8s.io',
  version: 'v1beta1',
  plural: 'clusters',
  kind: 'Cluster',
  namespaced: true,
};

describe('custom resources in the stand-in', () => {
  let standin: KubernetesStandin;
  const get = async (path: string) => {
    const response = await fetch(`${standin.clusterUrl('platform')}${path}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: AbortSignal.timeout(5000),
    });
    return { status: response.status, body: await response.json() };
  };

  beforeEach(async () => {
    standin = await startKubernetesStandin({
      clusters: [
        { name: 'platform', token: TOKEN, objects: platformCluster() },
        {
          name: 'dev',
          token: TOKEN,
          missingResources: ['cert-manager.io/certificates'],
        },
      ],
      resourceTypes: [CAPI_CLUSTER],
    });
  });
  afterEach(() => standin.close());

  it('serves the platform cluster’s cert-manager Certificates, all Ready, cluster-wide and by namespace', async () => {
    const all = await get('/apis/cert-manager.io/v1/certificates');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      kind: 'CertificateList',
      apiVersion: 'cert-manager.io/v1',
    });
    expect(
      all.body.items.map((c: KubeObject) => [
        c.kind,
        `${c.metadata.namespace}/${c.metadata.name}`,
        (c as any).status.conditions[0].status,
      ]),
    ).toEqual([
      ['Certificate', 'argocd/argocd-server-tls', 'True'],
      ['Certificate', 'monitoring/grafana-tls', 'True'],
      ['Certificate', 'platform-portal/portal-tls', 'True'],
    ]);
    const one = await get(
      '/apis/cert-manager.io/v1/namespaces/platform-portal/certificates',
    );
    expect(one.body.items.map((c: KubeObject) => c.metadata.name)).toEqual([
      'portal-tls',
    ]);
  });

  it('sets one Certificate’s Ready condition to False with a reason, as cert-manager would', async () => {
    const stored = standin.setCondition('platform', PORTAL_TLS, {
      type: 'Ready',
      status: 'False',
      ...CERTIFICATE_NOT_ISSUED,
    });
    expect((stored as any).status.conditions).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'DoesNotExist',
        message: 'Issuing certificate as Secret does not exist',
        lastTransitionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        observedGeneration: 1,
      },
    ]);
    const { body } = await get(
      '/apis/cert-manager.io/v1/namespaces/platform-portal/certificates/portal-tls',
    );
    expect(body.status.conditions[0]).toMatchObject({
      type: 'Ready',
      status: 'False',
      reason: 'DoesNotExist',
    });
    // the other Certificates are untouched
    const { body: list } = await get('/apis/cert-manager.io/v1/certificates');
    expect(list.items.map((c: any) => c.status.conditions[0].status)).toEqual([
      'True',
      'True',
      'False',
    ]);
    // a further condition is added beside Ready; the same status keeps its transition time
    standin.setCondition('platform', PORTAL_TLS, {
      type: 'Issuing',
      status: 'True',
      reason: 'DoesNotExist',
    });
    const again = standin.setCondition('platform', PORTAL_TLS, {
      type: 'Ready',
      status: 'False',
      reason: 'Pending',
    });
    const conditions = (again as any).status.conditions;
    expect(conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'Pending'],
      ['Issuing', 'True', 'DoesNotExist'],
    ]);
    expect(conditions[0].lastTransitionTime).toBe(
      (stored as any).status.conditions[0].lastTransitionTime,
    );
  });

  it('refuses to set a condition of an object the cluster does not hold', () => {
    expect(() =>
      standin.setCondition(
        'platform',
        { ...PORTAL_TLS, name: 'nope' },
        { type: 'Ready', status: 'False' },
      ),
    ).toThrow(
      'cluster platform holds no cert-manager.io/v1 Certificate platform-portal/nope',
    );
    expect(() =>
      standin.setCondition(
        'platform',
        { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' },
        { type: 'Ready', status: 'False' },
      ),
    ).toThrow('cluster platform holds no example.com/v1 Widget w');
  });

  it('answers 404 where cert-manager is not installed', async () => {
    const response = await fetch(
      `${standin.clusterUrl('dev')}/apis/cert-manager.io/v1/certificates`,
      { headers: { Authorization: `Bearer ${TOKEN}` } },
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      code: 404,
    });
  });

  it('serves a custom type a test adds, with its conditions', async () => {
    standin.upsert('platform', {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Cluster',
      metadata: { name: 'dev', namespace: 'nested-dev', generation: 2 },
      spec: {},
      status: {
        observedGeneration: 2,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    standin.setCondition(
      'platform',
      {
        apiVersion: 'cluster.x-k8s.io/v1beta1',
        kind: 'Cluster',
        namespace: 'nested-dev',
        name: 'dev',
      },
      { type: 'Ready', status: 'False', reason: 'WaitingForInfrastructure' },
    );
    const { body } = await get('/apis/cluster.x-k8s.io/v1beta1/clusters');
    expect(body.kind).toBe('ClusterList');
    expect(body.items[0].status).toMatchObject({
      observedGeneration: 2,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'WaitingForInfrastructure',
          observedGeneration: 2,
        },
      ],
    });
  });

  it('refuses a custom type that is not a CRD’s, or that repeats a served one', async () => {
    await expect(
      startKubernetesStandin({
        clusters: [],
        resourceTypes: [
          {
            group: 'apps',
            version: 'v1',
            plural: 'widgets',
            kind: 'Widget',
            namespaced: true,
          },
        ],
      }),
    ).rejects.toThrow(
      "resourceTypes: Widget must be a custom resource, in a group with a dot (e.g. example.com); got 'apps'",
    );
    await expect(
      startKubernetesStandin({
        clusters: [],
        resourceTypes: [
          {
            group: 'cert-manager.io',
            version: 'v1',
            plural: 'certificates',
            kind: 'Certificate',
            namespaced: true,
          },
        ],
      }),
    ).rejects.toThrow(
      'resourceTypes: cert-manager.io/certificates (Certificate) is served already',
    );
  });

  it('builds Certificates that are not issued with cert-manager’s own reason', () => {
    const [cert] = certificates([{ name: 'x', namespace: 'y', ready: false }]);
    expect(
      cert.status?.conditions.map(c => [c.type, c.status, c.reason]),
    ).toEqual([
      ['Ready', 'False', 'DoesNotExist'],
      ['Issuing', 'True', 'DoesNotExist'],
    ]);
  });
});
