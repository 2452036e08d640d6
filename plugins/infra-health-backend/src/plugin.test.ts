/**
 * @jest-environment node
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KubernetesStandin,
  NESTED_CLUSTER_MISSING_RESOURCES,
  nestedCluster,
  platformCluster,
  startKubernetesStandin,
} from '@internal/kubernetes-standin';
import { waitFor } from '@internal/test-support';
import net from 'node:net';
import request from 'supertest';
import { collectingLogger } from './__testUtils__/collectingLogger';
import { infraHealthPlugin } from './plugin';

jest.setTimeout(60_000);

const TOKENS = {
  platform: 'platform-sa-token-0f3a9c',
  prod: 'prod-sa-token-77b1e2',
  dead: 'dead-sa-token-5c6d7e',
  catalogued: 'catalogued-sa-token-a1b2c3',
  prometheus: 'prometheus-bearer-9e8d7c',
};

async function standin(): Promise<KubernetesStandin> {
  return startKubernetesStandin({
    clusters: [
      {
        name: 'platform',
        token: TOKENS.platform,
        objects: platformCluster(),
      },
      {
        name: 'prod',
        token: TOKENS.prod,
        objects: nestedCluster('prod', { degraded: true }),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
      {
        name: 'dead',
        token: TOKENS.dead,
        objects: nestedCluster('dead'),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
      {
        name: 'catalogued',
        token: TOKENS.catalogued,
        objects: nestedCluster('catalogued'),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
    ],
  });
}

/** A loopback port nobody listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function clusterEntity(name: string, apiServer: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      labels: { 'platform.proficientnow.io/environment': 'qa' },
      annotations: {
        'kubernetes.io/api-server': apiServer,
        'backstage.io/kubernetes-id': name,
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
}

describe('the infra-health backend plugin', () => {
  let kube: KubernetesStandin;
  beforeEach(async () => {
    kube = await standin();
    kube.setClusterFault('dead', { refuse: true });
  });
  afterEach(async () => {
    await kube.close();
  });

  async function start() {
    const logs = collectingLogger();
    const prometheusDown = await closedPort();
    const { server } = await startTestBackend({
      features: [
        infraHealthPlugin,
        logs.factory,
        // the real scheduler (the test backend's mock runs a task once): cycles keep coming
        schedulerServiceFactory,
        catalogServiceMock.factory({
          entities: [
            clusterEntity('catalogued', kube.clusterUrl('catalogued')),
            // named in the catalog, but no token is configured: listed, never contacted
            clusterEntity('tokenless', 'https://127.0.0.1:1/'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            infraHealth: {
              schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
              sourceTimeout: { seconds: 10 },
              concurrency: 2,
              customResources: [
                {
                  group: 'cert-manager.io',
                  version: 'v1',
                  plural: 'certificates',
                  kind: 'Certificate',
                  title: 'Certificates',
                },
              ],
              clusters: [
                {
                  name: 'platform',
                  environment: 'platform',
                  url: kube.clusterUrl('platform'),
                  token: TOKENS.platform,
                  // a Prometheus that is down: unknown for the metric checks only
                  prometheus: {
                    url: `http://127.0.0.1:${prometheusDown}/`,
                    token: TOKENS.prometheus,
                  },
                },
                {
                  name: 'prod',
                  environment: 'prod',
                  url: kube.clusterUrl('prod'),
                  token: TOKENS.prod,
                },
                {
                  name: 'dead',
                  environment: 'dev',
                  url: kube.clusterUrl('dead'),
                  token: TOKENS.dead,
                },
              ],
              catalog: { tokens: { catalogued: TOKENS.catalogued } },
            },
          },
        }),
      ],
    });
    const fleet = async () => {
      const res = await request(server).get('/api/infra-health/fleet');
      expect(res.status).toBe(200);
      return res;
    };
    return { server, logs, fleet };
  }

  it('collects every configured and catalogued cluster on its schedule and serves the fleet', async () => {
    const { server, logs, fleet } = await start();
    const res = await waitFor(
      'five clusters collected',
      async () => {
        const r = await fleet();
        return r.body.clusters.length === 5 ? r : undefined;
      },
      30_000,
    );
    const byName = Object.fromEntries(
      res.body.clusters.map((c: any) => [c.cluster, c]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'catalogued',
      'dead',
      'platform',
      'prod',
      'tokenless',
    ]);
    // the degraded nested cluster: Ceph warning from its Rook status, a Cilium agent down
    expect(byName.prod.status).toBe('warning');
    const prodSubsystems = Object.fromEntries(
      byName.prod.subsystems.map((s: any) => [s.subsystem, s.status]),
    );
    expect(prodSubsystems).toMatchObject({
      ceph: 'warning',
      cilium: 'warning',
      nodes: 'ok',
    });
    // the dead cluster: unknown, saying why, and it did not stop the others
    expect(byName.dead.status).toBe('unknown');
    expect(byName.dead.reason).toMatch(
      /^unreachable \((connection refused|connection closed without an answer)\); last seen never$/,
    );
    expect(byName.dead.reachable).toBe(false);
    expect(byName.prod.reachable).toBe(true);
    expect(byName.catalogued.environment).toBe('qa');
    expect(
      byName.catalogued.subsystems.find((s: any) => s.subsystem === 'nodes')
        .status,
    ).toBe('ok');
    // catalog clusters read the shared custom resource kinds too
    expect(
      byName.catalogued.subsystems.find(
        (s: any) => s.subsystem === 'customResources',
      ),
    ).toMatchObject({
      status: 'ok',
      checks: [{ reason: 'Certificates: none' }],
    });
    // tokenless: listed with how to configure it, and the hint names the config key
    expect(byName.tokenless.status).toBe('unknown');
    expect(byName.tokenless.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'kubernetes',
          configured: false,
          hint: expect.stringContaining('infraHealth.catalog.tokens.tokenless'),
        }),
      ]),
    );
    // Prometheus down: the metric checks are unknown, the API checks are still read
    const platform = await request(server).get(
      '/api/infra-health/clusters/platform/subsystems/ceph',
    );
    const cephChecks = Object.fromEntries(
      platform.body.checks.map((c: any) => [c.id, c]),
    );
    expect(cephChecks['ceph.metrics']).toMatchObject({
      status: 'unknown',
      reason: 'Ceph metrics: Prometheus: connection refused',
    });
    expect(cephChecks['ceph.health'].status).toBe('ok');
    const nodes = await request(server).get(
      '/api/infra-health/clusters/platform/subsystems/nodes',
    );
    expect(nodes.body.status).toBe('ok');

    // a custom resource judged by its conditions: a Certificate whose Ready
    // turns False is named with its reason in the served answer
    const certificates = await request(server).get(
      '/api/infra-health/clusters/platform/subsystems/customResources',
    );
    expect(certificates.body).toMatchObject({
      status: 'ok',
      checks: [
        {
          id: 'customResources.certificates.cert-manager.io',
          reason: 'Certificates: 3 of 3 ready',
        },
      ],
    });
    kube.setCondition(
      'platform',
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        namespace: 'platform-portal',
        name: 'portal-tls',
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'DoesNotExist',
        message: 'Issuing certificate as Secret does not exist',
      },
    );
    const notReady = await waitFor(
      'the Certificate not Ready in the served answer',
      async () => {
        const r = await request(server).get(
          '/api/infra-health/clusters/platform',
        );
        return r.body.status === 'critical' ? r.body : undefined;
      },
      30_000,
    );
    expect(notReady.reason).toBe(
      'Custom resources: Certificate platform-portal/portal-tls: Ready False (DoesNotExist: Issuing certificate as Secret does not exist)',
    );
    expect(
      notReady.subsystems.find((s: any) => s.subsystem === 'customResources')
        .checks[0].details.findings,
    ).toEqual([
      {
        name: 'platform-portal/portal-tls',
        status: 'critical',
        reason:
          'Ready False (DoesNotExist: Issuing certificate as Secret does not exist)',
      },
    ]);

    // a later cycle sees a change in a cluster (the schedule keeps running)
    kube.setControlPlaneHealthy('prod', false);
    await waitFor(
      'prod control plane critical',
      async () => {
        const r = await request(server).get(
          '/api/infra-health/clusters/prod/subsystems/controlPlane',
        );
        return r.body.status === 'critical' ? r : undefined;
      },
      30_000,
    );
    // a cluster that dies keeps the time it was last seen
    const seen = (await request(server).get('/api/infra-health/clusters/prod'))
      .body.lastSeenAt;
    expect(typeof seen).toBe('string');
    kube.setClusterFault('prod', { refuse: true });
    const dead = await waitFor(
      'prod unreachable',
      async () => {
        const r = await request(server).get('/api/infra-health/clusters/prod');
        return r.body.reachable === false ? r.body : undefined;
      },
      30_000,
    );
    expect(Date.parse(dead.lastSeenAt)).toBeGreaterThanOrEqual(
      Date.parse(seen),
    );
    expect(Date.parse(dead.lastSeenAt)).toBeLessThan(
      Date.parse(dead.observedAt ?? dead.collectedAt),
    );
    expect(dead.reason).toMatch(
      /^unreachable \(connection (refused|closed without an answer)\); last seen /,
    );
    expect(dead.reason.endsWith(`last seen ${dead.lastSeenAt}`)).toBe(true);
    kube.clearClusterFault('prod');

    const history = await request(server).get(
      '/api/infra-health/clusters/prod/history?hours=1',
    );
    expect(history.body.points.length).toBeGreaterThan(1);

    // no credential in any answer or any log line
    const answers = [
      JSON.stringify(res.body),
      JSON.stringify(platform.body),
      JSON.stringify(history.body),
    ];
    for (const token of Object.values(TOKENS)) {
      for (const answer of answers) expect(answer).not.toContain(token);
      for (const line of logs.lines) expect(line).not.toContain(token);
    }
    expect(logs.lines.some(l => l.includes('health collected from 5'))).toBe(
      true,
    );
  });

  it('serves the Argo CD Applications a cluster holds, for the catalog to compare with Git', async () => {
    const { server } = await start();
    const res = await waitFor(
      'the platform cluster Applications',
      async () => {
        const r = await request(server).get(
          '/api/infra-health/clusters/platform/argocd/applications',
        );
        return r.status === 200 ? r : undefined;
      },
      30_000,
    );
    expect(res.body.cluster).toBe('platform');
    const byName = Object.fromEntries(
      res.body.applications.map((a: any) => [a.metadata.name, a]),
    );
    expect(byName['nested-clusters'].status).toEqual({
      health: { status: 'Progressing' },
      sync: {
        status: 'OutOfSync',
        revision: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
    });
    expect(byName.cilium.metadata.namespace).toBe('argocd');
    expect(JSON.stringify(res.body)).not.toContain(TOKENS.platform);
    // a cluster without Argo CD has none to serve, and says why
    const prod = await request(server).get(
      '/api/infra-health/clusters/prod/argocd/applications',
    );
    expect(prod.status).toBe(404);
    expect(prod.body.error.message).toMatch(/Argo CD not installed there/);
  });

  it('refuses bad configuration naming the key and the rule', async () => {
    await expect(
      startTestBackend({
        features: [
          infraHealthPlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: {
              infraHealth: {
                clusters: [{ name: 'dev', url: kube.clusterUrl('prod') }],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/infraHealth\.clusters\[0\]\.token: required/);
  });
});
