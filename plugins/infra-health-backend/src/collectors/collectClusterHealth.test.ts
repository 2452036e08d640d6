/**
 * @jest-environment node
 */
import {
  argoApplications,
  CERTIFICATE_NOT_ISSUED,
  certificates,
  ciliumDaemonSet,
  ciliumOperatorDeployment,
  KubeObject,
  NESTED_CLUSTER_MISSING_RESOURCES,
  nestedCluster,
  platformCluster,
  startKubernetesStandin,
} from '@internal/kubernetes-standin';
import { rollupCluster } from '@proficientnow/backstage-plugin-infra-health-common';
import { collectClusterHealth } from './collectClusterHealth';

jest.setTimeout(30_000);

const TOKEN = 'k8s-secret-token-do-not-leak';

async function fleet() {
  return startKubernetesStandin({
    clusters: [
      { name: 'platform', token: TOKEN, objects: platformCluster() },
      {
        name: 'dev',
        token: TOKEN,
        objects: nestedCluster('dev'),
        missingResources: [
          'argoproj.io/applications',
          'kubevirt.io/virtualmachines',
        ],
      },
      {
        name: 'prod',
        token: TOKEN,
        objects: nestedCluster('prod', { degraded: true }),
        missingResources: [
          'argoproj.io/applications',
          'kubevirt.io/virtualmachines',
        ],
      },
    ],
  });
}

const target = (
  standin: { clusterUrl(name: string): string },
  name: string,
  timeoutMs = 10_000,
) => ({ name, url: standin.clusterUrl(name), token: TOKEN, timeoutMs });

function byId(checks: Awaited<ReturnType<typeof collectClusterHealth>>) {
  return Object.fromEntries(checks.map(c => [c.id, c]));
}

describe('collectClusterHealth against the Kubernetes stand-in', () => {
  it('reads every subsystem of the HA platform cluster', async () => {
    const standin = await fleet();
    try {
      const checks = await collectClusterHealth(target(standin, 'platform'));
      const ids = byId(checks);
      expect(ids['nodes.ready']).toMatchObject({
        status: 'ok',
        reason: '5 of 5 nodes Ready',
      });
      expect(ids['controlPlane.readyz'].status).toBe('ok');
      expect(ids['ceph.health'].status).toBe('ok');
      expect(ids['cilium.agents'].status).toBe('ok');
      expect(ids['argocd.applications'].status).toBe('warning'); // one Application out of sync in the platform fixture
      // the nested clusters' VMs, with their instances, counted per nested cluster
      expect(ids['kubevirt.vms'].details).toMatchObject({
        total: 6,
        instances: 6,
        byCluster: {
          dev: { vms: 3, running: 3, ready: 3 },
          prod: { vms: 3, running: 3, ready: 3 },
        },
      });
    } finally {
      await standin.close();
    }
  });

  it('sees a degraded nested cluster: Ceph warning with its checks, a Cilium agent not ready', async () => {
    const standin = await fleet();
    try {
      const checks = await collectClusterHealth(target(standin, 'prod'));
      const ids = byId(checks);
      expect(ids['ceph.health'].status).toBe('warning');
      expect(ids['ceph.OSD_DOWN'].reason).toBe('OSD_DOWN: 1 osds down');
      expect(ids['cilium.agents'].status).toBe('warning');
      // no Argo CD or KubeVirt in a nested cluster: unknown for those checks only, saying why
      expect(ids['argocd.applications']).toMatchObject({
        status: 'unknown',
        reason: expect.stringMatching(
          /not available in this cluster \(HTTP 404/,
        ),
      });
      expect(ids['nodes.ready'].status).toBe('ok');
      expect(rollupCluster('prod', checks, new Date()).status).toBe('warning');
    } finally {
      await standin.close();
    }
  });

  it('reports an unready control plane as critical with the failed checks', async () => {
    const standin = await fleet();
    try {
      standin.setControlPlaneHealthy('dev', false);
      const ids = byId(await collectClusterHealth(target(standin, 'dev')));
      expect(ids['controlPlane.readyz']).toMatchObject({
        status: 'critical',
        reason: expect.stringMatching(
          /^API server not ready \(\/readyz 500\): .*etcd/,
        ),
      });
    } finally {
      await standin.close();
    }
  });

  it('parses every answer before judging: a malformed object is unknown, naming it and what is wrong, and the rest is still judged', async () => {
    const standin = await fleet();
    try {
      const daemonSet = ciliumDaemonSet({ desired: 5, ready: 5 });
      standin.upsert('platform', {
        ...daemonSet,
        status: {
          ...daemonSet.status,
          desiredNumberScheduled: 0.5,
          numberReady: 0.5,
        },
      });
      const operator = ciliumOperatorDeployment(true);
      standin.upsert('platform', {
        ...operator,
        spec: { ...operator.spec, replicas: 0 },
        status: { ...operator.status, availableReplicas: 18446744073709552000 },
      });
      const [kafka] = argoApplications([
        { name: 'kafka', sync: 'Synced', health: 'Healthy' },
      ]);
      standin.upsert('platform', {
        ...kafka,
        status: { ...kafka.status, health: { status: 'Fine' } },
      } as KubeObject);
      const vmi = platformCluster().find(
        o => o.kind === 'VirtualMachineInstance',
      ) as KubeObject;
      standin.upsert('platform', {
        ...vmi,
        status: { phase: 'Running', conditions: 'Ready' },
      });

      const ids = byId(await collectClusterHealth(target(standin, 'platform')));
      expect(ids['cilium.agents']).toMatchObject({
        status: 'unknown',
        reason:
          'cilium DaemonSet: DaemonSet kube-system/cilium: status.desiredNumberScheduled is 0.5, not a whole number',
        details: { malformed: true, httpStatus: 200 },
      });
      expect(ids['cilium.operator']).toMatchObject({
        status: 'unknown',
        reason:
          'cilium-operator Deployment: Deployment kube-system/cilium-operator: status.availableReplicas is 18446744073709552000, above 100000',
      });
      // one broken Application is named; the others are still judged (one is out of sync)
      expect(ids['argocd.applications']).toMatchObject({
        status: 'warning',
        reason: expect.stringContaining(
          'unreadable: Application argocd/kafka: status.health.status is "Fine", not one of',
        ),
      });
      expect(ids['kubevirt.vms']).toMatchObject({
        status: 'unknown',
        reason: `unreadable: VirtualMachineInstance ${vmi.metadata.namespace}/${vmi.metadata.name}: status.conditions is not a list (a string)`,
      });
      expect(ids['nodes.ready'].status).toBe('ok');
      expect(ids['ceph.health'].status).toBe('ok');
      expect(ids['controlPlane.readyz'].status).toBe('ok');
    } finally {
      await standin.close();
    }
  });

  describe('custom resources judged by their conditions', () => {
    const CERTIFICATES = {
      group: 'cert-manager.io',
      version: 'v1',
      plural: 'certificates',
      kind: 'Certificate',
      title: 'Certificates',
    };
    /** CloudNativePG is installed in no cluster of the fleet: every read is a 404. */
    const POSTGRES_CLUSTERS = {
      group: 'postgresql.cnpg.io',
      version: 'v1',
      plural: 'clusters',
      kind: 'Cluster',
      title: 'PostgreSQL clusters',
    };
    const CERTIFICATE_CHECK = 'customResources.certificates.cert-manager.io';
    const POSTGRES_CHECK = 'customResources.clusters.postgresql.cnpg.io';
    const PORTAL_TLS = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      namespace: 'platform-portal',
      name: 'portal-tls',
    };

    it('a Certificate whose Ready condition turns False is critical, named with its reason, and decides the cluster', async () => {
      const standin = await fleet();
      try {
        const platform = {
          ...target(standin, 'platform'),
          customResources: [CERTIFICATES],
        };
        expect(
          byId(await collectClusterHealth(platform))[CERTIFICATE_CHECK],
        ).toMatchObject({
          subsystem: 'customResources',
          status: 'ok',
          reason: 'Certificates: 3 of 3 ready',
          details: { kind: 'Certificate', total: 3, ready: 3, findings: [] },
        });

        standin.setCondition('platform', PORTAL_TLS, {
          type: 'Ready',
          status: 'False',
          ...CERTIFICATE_NOT_ISSUED,
        });
        const checks = await collectClusterHealth(platform);
        const reason =
          'Certificate platform-portal/portal-tls: Ready False (DoesNotExist: Issuing certificate as Secret does not exist)';
        expect(byId(checks)[CERTIFICATE_CHECK]).toMatchObject({
          status: 'critical',
          reason,
          details: {
            title: 'Certificates',
            total: 3,
            ready: 2,
            findings: [
              {
                name: 'platform-portal/portal-tls',
                status: 'critical',
                reason:
                  'Ready False (DoesNotExist: Issuing certificate as Secret does not exist)',
              },
            ],
          },
        });
        const rollup = rollupCluster('platform', checks, new Date());
        expect(
          rollup.subsystems.find(s => s.subsystem === 'customResources'),
        ).toMatchObject({ status: 'critical', reason });
        expect(rollup).toMatchObject({
          status: 'critical',
          reason: `Custom resources: ${reason}`,
        });

        // cert-manager on its way (a reason that reads as progress) is a warning
        standin.setCondition('platform', PORTAL_TLS, {
          type: 'Ready',
          status: 'False',
          reason: 'Pending',
          message: 'Waiting on certificate issuance from order',
        });
        expect(
          byId(await collectClusterHealth(platform))[CERTIFICATE_CHECK],
        ).toMatchObject({
          status: 'warning',
          reason:
            'Certificate platform-portal/portal-tls: Ready False (Pending: Waiting on certificate issuance from order)',
        });
      } finally {
        await standin.close();
      }
    });

    it('reads one namespace where configured, and names a malformed Certificate while judging the others', async () => {
      const standin = await fleet();
      try {
        const [broken] = certificates([
          { name: 'grafana-tls', namespace: 'monitoring' },
        ]);
        standin.upsert('platform', {
          ...broken,
          status: { conditions: [{ type: 'Ready', status: true }] },
        } as KubeObject);
        const checks = byId(
          await collectClusterHealth({
            ...target(standin, 'platform'),
            customResources: [{ ...CERTIFICATES, namespace: 'argocd' }],
          }),
        );
        expect(checks[CERTIFICATE_CHECK]).toMatchObject({
          status: 'ok',
          reason: 'Certificates: 1 of 1 ready in namespace argocd',
        });
        const everywhere = byId(
          await collectClusterHealth({
            ...target(standin, 'platform'),
            customResources: [CERTIFICATES],
          }),
        );
        expect(everywhere[CERTIFICATE_CHECK]).toMatchObject({
          status: 'unknown',
          reason:
            'unreadable: Certificate monitoring/grafana-tls: status.conditions[0].status is not a string (a boolean)',
          details: { total: 3, ready: 2 },
        });
      } finally {
        await standin.close();
      }
    });

    it('a kind whose API is not installed is unknown, saying so, and does not decide the cluster', async () => {
      const standin = await fleet();
      try {
        // dev is healthy and runs cert-manager (no Certificates yet), but no CloudNativePG
        const checks = await collectClusterHealth({
          ...target(standin, 'dev'),
          customResources: [CERTIFICATES, POSTGRES_CLUSTERS],
        });
        const ids = byId(checks);
        expect(ids[CERTIFICATE_CHECK]).toMatchObject({
          status: 'ok',
          reason: 'Certificates: none',
        });
        expect(ids[POSTGRES_CHECK]).toMatchObject({
          status: 'unknown',
          reason:
            'PostgreSQL clusters: not available in this cluster (HTTP 404: the API or CRD is not installed)',
          details: {
            notInstalled: true,
            httpStatus: 404,
            kind: 'Cluster',
            group: 'postgresql.cnpg.io',
            title: 'PostgreSQL clusters',
          },
        });
        const rollup = rollupCluster('dev', checks, new Date());
        expect(rollup.status).toBe('ok');
        expect(
          rollup.subsystems.find(s => s.subsystem === 'customResources'),
        ).toMatchObject({
          status: 'ok',
          reason: 'Custom resources: all 1 checks ok (1 not installed)',
        });
        // with no kind installed at all, the subsystem is unknown and still does not decide
        const none = await collectClusterHealth({
          ...target(standin, 'dev'),
          customResources: [POSTGRES_CLUSTERS],
        });
        expect(rollupCluster('dev', none, new Date()).status).toBe('ok');
      } finally {
        await standin.close();
      }
    });

    it('a kind that cannot be read for another reason (RBAC) is unknown, says why, and decides the cluster', async () => {
      const reader = 'reader-sa-token-without-certificates';
      const standin = await startKubernetesStandin({
        clusters: [
          {
            name: 'dev',
            token: TOKEN,
            objects: nestedCluster('dev'),
            missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
            users: [
              {
                token: reader,
                user: 'system:serviceaccount:backstage:health-reader',
                forbidden: ['cert-manager.io/certificates'],
              },
            ],
          },
        ],
      });
      try {
        const checks = await collectClusterHealth({
          ...target(standin, 'dev'),
          token: reader,
          customResources: [CERTIFICATES],
        });
        expect(byId(checks)[CERTIFICATE_CHECK]).toMatchObject({
          status: 'unknown',
          reason:
            'Certificates: HTTP 403: certificates.cert-manager.io is forbidden: User "system:serviceaccount:backstage:health-reader" cannot list resource "certificates" in API group "cert-manager.io" at the cluster scope',
          details: { httpStatus: 403, title: 'Certificates' },
        });
        expect(byId(checks)['nodes.ready'].status).toBe('ok');
        // what cannot be seen is not healthy
        expect(rollupCluster('dev', checks, new Date())).toMatchObject({
          status: 'unknown',
          reason: expect.stringMatching(
            /^Custom resources: Certificates: HTTP 403/,
          ),
        });
        expect(JSON.stringify(checks)).not.toContain(reader);
      } finally {
        await standin.close();
      }
    });
  });

  it.each([
    [
      'refuses connections',
      { refuse: true },
      /connection closed without an answer|connection refused/,
    ],
    ['hangs', { hang: true }, /no answer within 300 ms/],
    ['answers 500', { status: 500 }, /HTTP 500/],
    ['answers garbage', { garbage: true }, /not JSON/],
    ['answers truncated JSON', { truncated: true }, /not JSON/],
  ])(
    'a cluster that %s yields unknown with the reason, never a crash, and never the token',
    async (_label, fault, reason) => {
      const standin = await fleet();
      try {
        standin.setClusterFault('prod', fault as any);
        const [prod, dev] = await Promise.all([
          // a short timeout only where the fault is silence; elsewhere a loaded machine must not turn an answer into a timeout
          collectClusterHealth(
            target(standin, 'prod', 'hang' in fault ? 300 : 10_000),
          ),
          collectClusterHealth(target(standin, 'dev', 10_000)),
        ]);
        const nodes = byId(prod)['nodes.ready'];
        expect(nodes.status).toBe('unknown');
        expect(nodes.reason).toMatch(reason);
        for (const check of prod) expect(check.status === 'ok').toBe(false);
        // the other cluster is unaffected
        expect(byId(dev)['nodes.ready'].status).toBe('ok');
        expect(JSON.stringify([prod, dev])).not.toContain(TOKEN);
      } finally {
        await standin.close();
      }
    },
  );

  it('a wrong token is reported as unauthorized, without the token', async () => {
    const standin = await fleet();
    try {
      const checks = await collectClusterHealth({
        ...target(standin, 'dev'),
        token: 'wrong-token-value',
      });
      expect(byId(checks)['nodes.ready']).toMatchObject({
        status: 'unknown',
        reason: expect.stringMatching(/^nodes: HTTP 401/),
      });
      expect(JSON.stringify(checks)).not.toContain('wrong-token-value');
    } finally {
      await standin.close();
    }
  });
});
