/**
 * @jest-environment node
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  cephCluster,
  KubeObject,
  KubernetesStandin,
  NESTED_CLUSTER_MISSING_RESOURCES,
  nestedCluster,
  startKubernetesStandin,
} from '@internal/kubernetes-standin';
import { portalTestDatabases } from '@internal/test-support';
import { HealthStore } from '../database/HealthStore';
import { ClusterTargets } from './clusterTargets';
import { readInfraHealthSettings } from './config';
import { fleetView } from './fleetView';
import { HealthCollector } from './HealthCollector';

// faults injected through the real collector: a rule that throws as the
// node rule did on a Node whose conditions were a string, or the whole
// Kubernetes collector throwing
const mockRuleFaults: { nodes?: Error; collector?: Error } = {};
jest.mock('@proficientnow/backstage-plugin-infra-health-common', () => {
  const actual = jest.requireActual(
    '@proficientnow/backstage-plugin-infra-health-common',
  );
  return {
    ...actual,
    evaluateNodes: (...args: unknown[]) => {
      if (mockRuleFaults.nodes) throw mockRuleFaults.nodes;
      return actual.evaluateNodes(...args);
    },
  };
});

jest.mock('../collectors/collectClusterHealth', () => {
  const actual = jest.requireActual('../collectors/collectClusterHealth');
  return {
    ...actual,
    collectClusterHealth: async (...args: unknown[]) => {
      if (mockRuleFaults.collector) throw mockRuleFaults.collector;
      return actual.collectClusterHealth(...args);
    },
  };
});

jest.setTimeout(60_000);

const TOKEN = 'dev-sa-token-3c4d5e';
const STALENESS = { staleAfterMs: 5 * 60_000 };
const databases = portalTestDatabases();

describe.each(databases.eachSupportedId())(
  'HealthCollector on %s',
  databaseId => {
    let kube: KubernetesStandin;
    beforeEach(async () => {
      kube = await startKubernetesStandin({
        clusters: [
          {
            name: 'dev',
            token: TOKEN,
            objects: nestedCluster('dev'),
            missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
          },
        ],
      });
    });
    afterEach(async () => {
      delete mockRuleFaults.nodes;
      delete mockRuleFaults.collector;
      await kube.close();
    });

    /** The real collector over the real targets and store; each cycle a second later. */
    async function collector(infraHealth: Record<string, unknown> = {}) {
      const knex = await databases.init(databaseId);
      const store = await HealthStore.create(mockServices.database({ knex }));
      const settings = readInfraHealthSettings(
        mockServices.rootConfig({
          data: {
            infraHealth: {
              ...infraHealth,
              sourceTimeout: { seconds: 10 },
              clusters: [
                { name: 'dev', url: kube.clusterUrl('dev'), token: TOKEN },
              ],
            },
          },
        }),
      );
      const logger = mockServices.logger.mock();
      let clock = Date.now();
      const health = new HealthCollector({
        store,
        targets: new ClusterTargets({ settings, logger }),
        logger,
        concurrency: 2,
        staleness: STALENESS,
        historyRetentionMs: 24 * 3_600_000,
        now: () => new Date(clock),
      });
      const cycle = async () => {
        clock += 1_000;
        await health.collectOnce();
        const snapshot = await store.snapshot('dev');
        if (!snapshot) throw new Error('no snapshot saved');
        return snapshot;
      };
      const fleet = async () =>
        fleetView(await store.snapshots(), new Date(clock), STALENESS);
      return { cycle, fleet, logger };
    }

    const check = (
      snapshot: { checks: Array<{ id: string }> },
      id: string,
    ): any => snapshot.checks.find(c => c.id === id);

    it('a rule that throws is saved as unknown with the error in the same collection; the other subsystems stay fresh', async () => {
      const { cycle, fleet, logger } = await collector();
      const before = await cycle();
      expect(before.status).toBe('ok');
      expect(check(before, 'nodes.ready').status).toBe('ok');

      mockRuleFaults.nodes = new TypeError(
        'node?.status?.conditions?.find is not a function',
      );
      const after = await cycle();
      expect(after.collectedAt > before.collectedAt).toBe(true);
      expect(check(after, 'nodes.ready')).toMatchObject({
        status: 'unknown',
        reason:
          'nodes: the rule failed: node?.status?.conditions?.find is not a function',
        observedAt: after.collectedAt,
        details: { evaluationFailed: true },
      });
      // the other subsystems were judged in this same cycle
      for (const id of ['cilium.agents', 'controlPlane.readyz']) {
        expect(check(after, id)).toMatchObject({
          status: 'ok',
          observedAt: after.collectedAt,
        });
      }
      expect(check(after, 'ceph.health').status).toBe('ok');
      // the API answered: a rule failing does not make the cluster unreachable
      expect(after.reachable).toBe(true);
      expect(after.lastSeenAt).toBe(after.collectedAt);

      const [dev] = (await fleet()).clusters;
      expect(dev).toMatchObject({
        cluster: 'dev',
        status: 'unknown',
        stale: false,
        reason:
          'Nodes: nodes: the rule failed: node?.status?.conditions?.find is not a function',
      });
      expect(dev.subsystems.find(s => s.subsystem === 'ceph')?.status).toBe(
        'ok',
      );
      expect(logger.warn).toHaveBeenCalledWith(
        'health of cluster dev could not be judged: nodes: the rule failed: node?.status?.conditions?.find is not a function',
      );

      // the rule recovers: so does the verdict, in the next cycle
      delete mockRuleFaults.nodes;
      expect(check(await cycle(), 'nodes.ready').status).toBe('ok');
    });

    it('a Node whose conditions are a string (which made the rule throw) no longer hides a HEALTH_ERR', async () => {
      const { cycle, fleet } = await collector();
      expect((await cycle()).status).toBe('ok');

      const [first] = nestedCluster('dev').filter(o => o.kind === 'Node');
      kube.upsert('dev', {
        ...first,
        status: { ...(first as any).status, conditions: 'Ready' },
      } as KubeObject);
      kube.upsert('dev', cephCluster({ health: 'HEALTH_ERR' }));
      const after = await cycle();
      expect(check(after, 'nodes.ready')).toMatchObject({
        status: 'unknown',
        reason: 'Node dev-1: status.conditions is not a list (a string)',
        observedAt: after.collectedAt,
      });
      expect(check(after, 'ceph.health').status).toBe('critical');
      expect(after.status).toBe('critical');
      expect(after.reachable).toBe(true);
      const [dev] = (await fleet()).clusters;
      expect(dev).toMatchObject({ status: 'critical', stale: false });
      expect(dev.subsystems.find(s => s.subsystem === 'nodes')).toMatchObject({
        status: 'unknown',
        reason: 'Node dev-1: status.conditions is not a list (a string)',
      });
    });

    it('a collector that throws as a whole makes every subsystem it feeds unknown in that collection, keeping when the cluster was last seen', async () => {
      const { cycle, fleet } = await collector({
        customResources: [
          {
            group: 'cert-manager.io',
            version: 'v1',
            plural: 'certificates',
            kind: 'Certificate',
            title: 'Certificates',
          },
        ],
      });
      const before = await cycle();
      expect(before).toMatchObject({ status: 'ok', reachable: true });

      mockRuleFaults.collector = new Error('out of memory');
      const after = await cycle();
      expect(after.checks.map(c => [c.id, c.status, c.reason]).sort()).toEqual(
        [
          ['argocd.applications', 'Argo CD Applications'],
          ['ceph.health', 'Rook CephCluster'],
          ['cilium.agents', 'cilium DaemonSet'],
          ['controlPlane.readyz', 'API server /readyz'],
          ['customResources.certificates.cert-manager.io', 'Certificates'],
          ['kubevirt.vms', 'KubeVirt VirtualMachines'],
          ['nodes.ready', 'nodes'],
        ].map(([id, what]) => [
          id,
          'unknown',
          `${what}: the collection failed: out of memory`,
        ]),
      );
      // nothing was heard from the cluster either way: reachability and last-seen stay as they were
      expect(after).toMatchObject({
        status: 'unknown',
        reachable: true,
        lastSeenAt: before.lastSeenAt,
      });
      expect((await fleet()).clusters[0]).toMatchObject({
        status: 'unknown',
        stale: false,
      });
    });
  },
);
