/**
 * @jest-environment node
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ciliumAgentMetricsText,
  KubeObject,
  platformCluster,
  startKubernetesStandin,
  startMetricsExporter,
} from '@internal/kubernetes-standin';
import {
  CephLab,
  CephLabPorts,
  requireCephLab,
  startCephLab,
  waitFor,
} from '@internal/test-support';
import request from 'supertest';
import { collectingLogger } from './__testUtils__/collectingLogger';
import { infraHealthPlugin } from './plugin';

jest.setTimeout(240_000);

// never the defaults, nor the ports of test-support's own lab test (jest runs two files at once)
const ports: CephLabPorts = {
  monV2: 24300,
  monV1: 24789,
  msBindMin: 24800,
  msBindMax: 24829,
  exporter: 24283,
  prometheus: 24090,
  dashboard: 24080,
};
const CYCLE_SECONDS = 5;
const itWithCephLab = requireCephLab() ? it : it.skip;

/** `ceph health detail -f json` as the portal should mirror it: level and the active checks by severity. */
async function cephHealthDetail(lab: CephLab) {
  const detail = JSON.parse(await lab.ceph(['health', 'detail', '-f', 'json']));
  return {
    status: detail.status as string,
    checks: Object.fromEntries(
      Object.entries<any>(detail.checks ?? {}).map(([name, c]) => [
        name,
        c.severity as string,
      ]),
    ),
  };
}

describe('health from a real Ceph and a real Prometheus', () => {
  itWithCephLab(
    'shows Ceph health as `ceph health detail` reports it, and a degraded cluster within two collection cycles',
    async () => {
      const cilium = await startMetricsExporter({
        text: ciliumAgentMetricsText([
          { pod: 'cilium-a', labels: { cluster: 'platform' } },
          { pod: 'cilium-b', labels: { cluster: 'platform' } },
        ]),
      });
      const lab = await startCephLab({
        instance: 'infra-health-backend-jest',
        ports,
        extraScrapeTargets: { 'cilium-agent': cilium.target },
      });
      // the platform cluster without Rook: its Ceph is the real one, read through Prometheus
      const kube = await startKubernetesStandin({
        clusters: [
          {
            name: 'platform',
            token: 'platform-token',
            objects: platformCluster().filter(
              (o: KubeObject) => o.kind !== 'CephCluster',
            ),
            missingResources: ['ceph.rook.io/cephclusters'],
          },
        ],
      });
      try {
        const logs = collectingLogger();
        const cycles = () =>
          logs.lines.filter(l => l.includes('health collected from')).length;
        const { server } = await startTestBackend({
          features: [
            infraHealthPlugin,
            logs.factory,
            schedulerServiceFactory,
            catalogServiceMock.factory({ entities: [] }),
            mockServices.rootConfig.factory({
              data: {
                infraHealth: {
                  schedule: {
                    frequency: { seconds: CYCLE_SECONDS },
                    timeout: { seconds: 60 },
                  },
                  clusters: [
                    {
                      name: 'platform',
                      url: kube.clusterUrl('platform'),
                      token: 'platform-token',
                      prometheus: {
                        url: lab.prometheusUrl,
                        cephSelector: { job: 'ceph' },
                        ciliumSelector: { cluster: 'platform' },
                      },
                    },
                  ],
                },
              },
            }),
          ],
        });
        const ceph = async () => {
          const res = await request(server).get(
            '/api/infra-health/clusters/platform/subsystems/ceph',
          );
          return res.status === 200 ? res.body : undefined;
        };
        const checksOf = (subsystem: any) =>
          Object.fromEntries(subsystem.checks.map((c: any) => [c.id, c]));

        // 1. healthy: the portal says what `ceph health detail` says
        const expected = await cephHealthDetail(lab);
        expect(['HEALTH_OK', 'HEALTH_WARN']).toContain(expected.status);
        const healthy = await waitFor(
          'Ceph collected from Prometheus',
          async () => {
            const s = await ceph();
            return s && checksOf(s)['ceph.osds'] ? s : undefined;
          },
          60_000,
        );
        const first = checksOf(healthy);
        expect(first['ceph.health'].details.level).toBe(expected.status);
        expect(first['ceph.health'].details.source).toBe('prometheus');
        for (const [name, severity] of Object.entries(expected.checks)) {
          expect(first[`ceph.${name}`].details.severity).toBe(severity);
        }
        expect(first['ceph.osds']).toMatchObject({
          status: 'ok',
          reason: '1 of 1 OSDs up, 1 in',
        });
        expect(first['ceph.pgs'].status).toBe('ok');
        expect(first['ceph.quorum'].status).toBe('ok');
        const cilium0 = await waitFor(
          'the cilium-agent stand-in read through Prometheus',
          async () => {
            const res = await request(server).get(
              '/api/infra-health/clusters/platform/subsystems/cilium',
            );
            const c = res.status === 200 && checksOf(res.body);
            return c && c['cilium.unreachableNodes'] ? c : undefined;
          },
          60_000,
        );
        expect(cilium0['cilium.unreachableNodes']).toMatchObject({
          status: 'ok',
          reason: 'every node reachable from all 2 agents',
        });

        // 2. degrade on purpose: the OSD marked out, and the noout flag (HEALTH_WARN OSDMAP_FLAGS)
        await lab.ceph(['osd', 'out', '0']);
        await lab.ceph(['osd', 'set', 'noout']);
        const degradedAt = Date.now();
        // the source of truth first: Prometheus holds the change (mgr cache + scrape)
        await waitFor(
          'Prometheus to see the OSD out and the noout flag',
          async () => {
            const q = async (query: string) => {
              const res = await fetch(
                `${lab.prometheusUrl}/api/v1/query?query=${encodeURIComponent(
                  query,
                )}`,
              );
              return (await res.json()).data.result as any[];
            };
            const [osdIn, flag] = await Promise.all([
              q('ceph_osd_in{job="ceph"}'),
              q('ceph_health_detail{job="ceph",name="OSDMAP_FLAGS"} == 1'),
            ]);
            return osdIn[0]?.value[1] === '0' && flag.length ? true : undefined;
          },
          90_000,
        );
        const cyclesBefore = cycles();
        const degraded = await waitFor(
          'the OSD out and HEALTH_WARN in the portal',
          async () => {
            const s = await ceph();
            const c = s && checksOf(s);
            return c?.['ceph.osds']?.status === 'warning' &&
              c?.['ceph.OSDMAP_FLAGS']
              ? s
              : undefined;
          },
          90_000,
        );
        const seconds = (Date.now() - degradedAt) / 1000;
        // within two collection cycles of Prometheus holding it
        expect(cycles() - cyclesBefore).toBeLessThanOrEqual(2);
        const after = checksOf(degraded);
        expect(after['ceph.osds'].reason).toBe(
          '1 of 1 OSDs up, 0 in; out: osd.0',
        );
        const detail = await cephHealthDetail(lab);
        expect(detail.checks.OSDMAP_FLAGS).toBe('HEALTH_WARN');
        expect(after['ceph.health'].details.level).toBe(detail.status);
        expect(after['ceph.OSDMAP_FLAGS']).toMatchObject({
          status: 'warning',
          details: expect.objectContaining({ severity: 'HEALTH_WARN' }),
        });
        // warning at least (the OSD out, HEALTH_WARN); critical once Ceph reports no space left for the pools
        expect(degraded.status).not.toBe('ok');
        // Prometheus adds up to a scrape (5 s) and the mgr up to a cache refresh (5 s) before a collection can see it
        // eslint-disable-next-line no-console
        console.log(
          `degradation seen by the portal after ${seconds.toFixed(1)} s, ${
            cycles() - cyclesBefore
          } collection cycle(s) after Prometheus held it (collection every ${CYCLE_SECONDS} s, scrape 5 s)`,
        );
      } finally {
        await kube.close();
        await lab.stop();
        await cilium.close();
      }
    },
  );
});
