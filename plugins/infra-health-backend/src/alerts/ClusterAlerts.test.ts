/**
 * @jest-environment node
 */
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import { ClusterHealth } from '@proficientnow/backstage-plugin-infra-health-common';
import { portalTestDatabases } from '@internal/test-support';
import { Octokit } from '@octokit/rest';
import { HealthStore } from '../database/HealthStore';
import { ClusterAlerts } from './ClusterAlerts';

jest.setTimeout(60_000);

const databases = portalTestDatabases();
const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const TOKEN = 'ghp_alertsPortalToken0123456789';
const r = { owner: 'proficientnow', repo: 'platform-alerts' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function rollup(
  cluster: string,
  environment: string,
  status: 'ok' | 'warning' | 'critical' | 'unknown',
): ClusterHealth {
  return {
    cluster,
    environment,
    status,
    reason: status === 'ok' ? 'all subsystems ok' : `ceph is ${status}`,
    stale: false,
    subsystems: [
      {
        subsystem: 'ceph',
        status,
        reason: status === 'critical' ? 'HEALTH_ERR: 2 OSDs down' : 'HEALTH_OK',
        checks: [],
        stale: false,
      },
    ],
  };
}

describe.each(databases.eachSupportedId())(
  'cluster alerts on %s',
  databaseId => {
    let github: GitHubStandin;
    let sent: NotificationSendOptions[];

    beforeEach(async () => {
      github = await startGitHubStandin({
        repos: [
          { owner: r.owner, name: r.repo, files: { 'README.md': '#\n' } },
        ],
        tokens: [{ token: TOKEN, login: 'platform-portal[bot]' }],
      });
      sent = [];
    });
    afterEach(async () => {
      const violations = github.violations();
      await github.close();
      if (violations.length)
        throw new Error(
          `GitHub protocol violations: ${JSON.stringify(violations)}`,
        );
    });

    async function replica(store?: HealthStore, repo = r.repo) {
      const health =
        store ??
        (await HealthStore.create(
          mockServices.database({ knex: await databases.init(databaseId) }),
        ));
      const logs: string[] = [];
      const alerts = new ClusterAlerts({
        store: health.conditions(),
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: { name: 'shop-prod', namespace: 'default' },
              spec: { type: 'kubernetes-cluster', owner: 'app-developers' },
            },
            // an environment that shares a cluster's name is not the cluster
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: { name: 'web-dev', namespace: 'default' },
              spec: { type: 'environment', owner: 'cloud-engineers' },
            },
          ],
        }),
        auth: mockServices.auth(),
        notifications: { send: async options => void sent.push(options) },
        logger: {
          ...mockServices.logger.mock(),
          warn: (message: string) => void logs.push(message),
        } as any,
        debounceMs: 2 * 60_000,
        defaultOwner: 'group:default/platform-engineers',
        appBaseUrl: 'https://portal.proficientnow.example',
        issues: {
          owner: r.owner,
          repo,
          afterMs: 15 * 60_000,
          client: async () =>
            new Octokit({ baseUrl: github.url, auth: TOKEN, log: quiet }),
        },
      });
      return { alerts, health, logs };
    }

    const octokit = () => new Octokit({ baseUrl: github.url, auth: TOKEN });
    const issues = async (state: 'open' | 'closed' | 'all' = 'all') =>
      (await octokit().issues.listForRepo({ ...r, state })).data;

    it('a lasting critical prod condition: one notification to the owner group, one labelled issue across replicas, closed with a comment when it clears', async () => {
      const first = await replica();
      const second = await replica(first.health);
      await first.alerts.observe([rollup('shop-prod', 'prod', 'ok')], at(0));
      expect(sent).toEqual([]);
      await first.alerts.observe(
        [rollup('shop-prod', 'prod', 'critical')],
        at(1),
      );
      expect(sent).toEqual([]);
      await second.alerts.observe(
        [rollup('shop-prod', 'prod', 'critical')],
        at(4),
      );
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/app-developers',
        },
        payload: {
          title: 'Cluster shop-prod (prod) is critical',
          severity: 'critical',
          topic: 'cluster-health',
          scope: 'cluster-health:shop-prod',
          link: 'https://portal.proficientnow.example/infra-health/fleet?cluster=shop-prod',
        },
      });
      expect(await issues()).toEqual([]);

      // past 15 minutes: one issue, whichever replica collects
      for (const [replicaOf, minute] of [
        [first, 17],
        [second, 18],
        [first, 19],
      ] as const)
        await replicaOf.alerts.observe(
          [rollup('shop-prod', 'prod', 'critical')],
          at(minute),
        );
      // a replica that lost its record (another database) adopts the open issue by its marker
      const third = await replica();
      await third.alerts.observe(
        [rollup('shop-prod', 'prod', 'critical')],
        at(20),
      );
      await third.alerts.observe(
        [rollup('shop-prod', 'prod', 'critical')],
        at(23),
      );
      await third.alerts.observe(
        [rollup('shop-prod', 'prod', 'critical')],
        at(40),
      );
      const open = await issues('open');
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({
        title: 'Cluster shop-prod (prod) is critical',
        labels: [
          { name: 'platform-portal' },
          { name: 'env:prod' },
          { name: 'subsystem:ceph' },
          { name: 'severity:critical' },
        ],
      });
      expect(open[0].body).toContain(
        '- ceph: critical (HEALTH_ERR: 2 OSDs down)',
      );
      expect(open[0].body).toContain(
        'Portal: https://portal.proficientnow.example/infra-health/fleet?cluster=shop-prod',
      );

      // it clears: told once, the issue commented on and closed
      await first.alerts.observe([rollup('shop-prod', 'prod', 'ok')], at(41));
      await first.alerts.observe([rollup('shop-prod', 'prod', 'ok')], at(44));
      expect(sent.map(s => s.payload.title)).toEqual([
        'Cluster shop-prod (prod) is critical',
        // the replica that lost its record tells again, under the same scope:
        // the notifications backend updates the one notification in place
        'Cluster shop-prod (prod) is critical',
        'Cluster shop-prod (prod) recovered',
      ]);
      expect(new Set(sent.map(s => s.payload.scope))).toEqual(
        new Set(['cluster-health:shop-prod']),
      );
      const [closed] = await issues('closed');
      expect(closed.state_reason).toBe('completed');
      const comments = await octokit().issues.listComments({
        ...r,
        issue_number: closed.number,
      });
      expect(comments.data.map(c => c.body)).toEqual([
        expect.stringMatching(
          /^Recovered: cluster shop-prod is ok since 2026-12-07T10:41:00.000Z/,
        ),
      ]);
      expect(await issues()).toHaveLength(1);
    });

    it('flapping inside the debounce window tells nobody; a dev condition is told at normal severity to the default owner', async () => {
      const { alerts } = await replica();
      for (let i = 0; i < 12; i++)
        await alerts.observe(
          [rollup('web-dev', 'dev', i % 2 ? 'ok' : 'critical')],
          new Date(T0 + i * 10_000),
        );
      expect(sent).toEqual([]);
      await alerts.observe([rollup('web-dev', 'dev', 'critical')], at(3));
      await alerts.observe([rollup('web-dev', 'dev', 'critical')], at(6));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        recipients: { entityRef: 'group:default/platform-engineers' },
        payload: {
          title: 'Cluster web-dev (dev) is critical',
          severity: 'normal',
        },
      });
    });

    it('an issues repository that does not exist is recorded and logged, and the owners are still told', async () => {
      const { alerts, health, logs } = await replica(undefined, 'no-such-repo');
      await alerts.observe([rollup('shop-prod', 'prod', 'critical')], at(0));
      await alerts.observe([rollup('shop-prod', 'prod', 'critical')], at(3));
      await alerts.observe([rollup('shop-prod', 'prod', 'critical')], at(20));
      expect(sent).toHaveLength(1);
      const condition = await health.conditions().get('shop-prod');
      expect(condition?.problem).toBe(
        'the GitHub issue could not be kept: the repository proficientnow/no-such-repo does not exist or the portal cannot see it (infraHealth.alerts.issues.repository)',
      );
      expect(logs).toEqual([
        `alerts for cluster shop-prod: ${condition?.problem}`,
      ]);
    });
  },
);
