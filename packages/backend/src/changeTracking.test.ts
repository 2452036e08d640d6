/**
 * A change followed from its pull request to the platform, through the real
 * plugins: the GitOps backend's tracker reads the GitHub stand-in, asks Argo
 * CD through infra-health (which reads the Kubernetes stand-in), posts a
 * commit status on the pull request and notifies the owner group through
 * the notifications backend.
 *
 * @jest-environment node
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import emailModule from '@backstage/plugin-notifications-backend-module-email';
import { SMTPServer } from 'smtp-server';
import { AddressInfo } from 'node:net';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  argoApplications,
  KubernetesStandin,
  platformCluster,
  startKubernetesStandin,
} from '@internal/kubernetes-standin';
import gitopsPlugin from '@proficientnow/backstage-plugin-gitops-backend';
import {
  changeBranchName,
  ChangeIdentity,
  TrackedChange,
} from '@proficientnow/backstage-plugin-gitops-common';
import {
  ChangeSigner,
  createGitOpsRepositoryService,
} from '@proficientnow/backstage-plugin-gitops-node';
import infraHealthPlugin from '@proficientnow/backstage-plugin-infra-health-backend';
import { waitFor } from '@internal/test-support';
import { ConfigReader } from '@backstage/config';
import { Octokit } from '@octokit/rest';
import request from 'supertest';

jest.setTimeout(120_000);

const OWNER = 'proficientnow';
const REPO = 'platform-gitops';
const PORTAL_TOKEN = 'ghp_changeTrackingPortalToken0123456789';
const REVIEWER_TOKEN = 'ghp_changeTrackingReviewer';
const SIGNING_KEY = 'change tracking test signing key';
const PLATFORM_TOKEN = 'platform-sa-token-tracking';
const LENA = 'user:default/lena.dev';
const OMAR = 'user:default/omar.cloud';

const user = (name: string, group: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {
    profile: { email: `${name}@proficientnow.example` },
    memberOf: [group],
  },
  relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
});
const group = (name: string, members: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: members.map(m => ({
    type: 'hasMember',
    targetRef: `user:default/${m}`,
  })),
});
const cluster = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type: 'kubernetes-cluster', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const identity = (
  target: string,
  environment: string,
  action: ChangeIdentity['action'] = 'scale',
): ChangeIdentity => ({
  kind: 'cluster',
  action,
  target: `resource:default/${target}`,
  environment,
  requester: LENA,
  requestDigest: 'a'.repeat(64),
});

interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A real SMTP server (smtp-server from the npm registry) on loopback, keeping what it receives. */
async function startSmtp(): Promise<{
  port: number;
  mails: Mail[];
  refused: string[];
  close(): Promise<void>;
}> {
  const mails: Mail[] = [];
  const refused: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // one member's mailbox does not exist: the server refuses it, the others still get theirs
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('gone.dev@')) {
        refused.push(address.address);
        callback(new Error('550 5.1.1 mailbox unavailable'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', chunk => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: (session.envelope.mailFrom as any)?.address ?? '',
          to: session.envelope.rcptTo.map(r => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    refused,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** A mail's Subject header, unfolded and its RFC 2047 encoded words decoded. */
function subjectOf(mail: Mail): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(mail.data)?.[1] ?? '';
  return header
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_all, encoding, text) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m: string, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}

describe('change tracking: from pull request to a healthy platform, the owners told', () => {
  let github: GitHubStandin;
  let kube: KubernetesStandin;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeEach(async () => {
    github = await startGitHubStandin({
      repos: [
        { owner: OWNER, name: REPO, files: { 'README.md': '# gitops\n' } },
      ],
      tokens: [
        { token: PORTAL_TOKEN, login: 'platform-portal[bot]' },
        { token: REVIEWER_TOKEN, login: 'priya' },
      ],
    });
    kube = await startKubernetesStandin({
      clusters: [
        { name: 'platform', token: PLATFORM_TOKEN, objects: platformCluster() },
      ],
    });
    smtp = await startSmtp();
  });
  afterEach(async () => {
    const violations = github.violations();
    await Promise.all([github.close(), kube.close(), smtp.close()]);
    if (violations.length)
      throw new Error(
        `GitHub protocol violations: ${JSON.stringify(violations)}`,
      );
  });

  const gitopsConfig = () => ({
    integrations: {
      github: [
        { host: 'github.local', apiBaseUrl: github.url, token: PORTAL_TOKEN },
      ],
    },
    gitops: {
      repository: { url: `https://github.local/${OWNER}/${REPO}` },
      changes: { signingKey: SIGNING_KEY, cacheTtl: { seconds: 1 } },
      github: { writeInterval: { milliseconds: 0 } },
    },
  });

  async function start() {
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        infraHealthPlugin,
        notificationsPlugin,
        emailModule,
        schedulerServiceFactory,
        catalogServiceMock.factory({
          entities: [
            user('lena.dev', 'app-developers'),
            user('omar.cloud', 'cloud-engineers'),
            user('gone.dev', 'app-developers'),
            group('app-developers', ['lena.dev', 'gone.dev']),
            group('cloud-engineers', ['omar.cloud']),
            cluster('web-dev', 'group:default/app-developers'),
            cluster('shop-prod', 'group:default/app-developers'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            ...gitopsConfig(),
            notifications: {
              processors: {
                email: {
                  transportConfig: {
                    transport: 'smtp',
                    hostname: '127.0.0.1',
                    port: smtp.port,
                    secure: false,
                  },
                  sender: 'platform-portal@proficientnow.example',
                },
              },
            },
            gitops: {
              ...gitopsConfig().gitops,
              tracking: {
                clusters: ['platform'],
                stuckAfter: { minutes: 5 },
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { seconds: 30 },
                  initialDelay: { seconds: 0 },
                },
              },
            },
            infraHealth: {
              schedule: {
                frequency: { seconds: 1 },
                timeout: { seconds: 30 },
                initialDelay: { seconds: 0 },
              },
              clusters: [
                {
                  name: 'platform',
                  environment: 'platform',
                  url: kube.clusterUrl('platform'),
                  token: PLATFORM_TOKEN,
                },
              ],
              catalog: { enabled: false },
            },
          },
        }),
      ],
    });
    return server;
  }

  /** Opens a pull request as the portal does: its publisher, a signed identity in the body. */
  async function openChange(change: ChangeIdentity, file: string) {
    const gitops = createGitOpsRepositoryService(
      new ConfigReader(gitopsConfig()),
    );
    const signer = new ChangeSigner(SIGNING_KEY);
    const publisher = await gitops.publisher();
    const title = `Nested cluster ${change.target.split('/')[1]} (${
      change.environment
    }): workers 2 → 3`;
    const result = await publisher.publish({
      owner: OWNER,
      repo: REPO,
      baseBranch: 'main',
      branch: changeBranchName(change),
      files: new Map([[file, `# ${title}\n`]]),
      commitMessage: title,
      title,
      body: `## What changes\n\n${title}\n${signer.marker(change)}\n`,
    });
    return result.number;
  }

  async function merge(number: number): Promise<string> {
    const reviewer = new Octokit({ baseUrl: github.url, auth: REVIEWER_TOKEN });
    const { data } = await reviewer.pulls.merge({
      owner: OWNER,
      repo: REPO,
      pull_number: number,
      merge_method: 'squash',
    });
    return data.sha;
  }

  /** What Argo CD in the platform cluster reports for an Application. */
  function argo(
    name: string,
    status: Omit<Parameters<typeof argoApplications>[0][number], 'name'>,
  ) {
    const [app] = argoApplications([{ name, ...status }]);
    kube.upsert('platform', app as any);
  }

  const history = async (server: any): Promise<TrackedChange[]> => {
    const res = await request(server)
      .get('/api/gitops/changes/history')
      .set('Authorization', mockCredentials.user.header(LENA));
    expect(res.status).toBe(200);
    return res.body.changes;
  };
  const changeNumbered = (server: any, number: number, state: string) =>
    waitFor(`change #${number} ${state}`, async () => {
      const found = (await history(server)).find(c => c.number === number);
      return found?.state === state ? found : undefined;
    });
  const notificationsOf = async (server: any, who: string) => {
    const res = await request(server)
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header(who));
    expect(res.status).toBe(200);
    return res.body.notifications as Array<{
      payload: {
        title: string;
        severity: string;
        scope: string;
        link: string;
        topic: string;
      };
    }>;
  };
  /** The portal's rollout status on a pull request's head commit, as a reviewer sees it. */
  const rolloutStatus = async (number: number) => {
    const reader = new Octokit({ baseUrl: github.url, auth: REVIEWER_TOKEN });
    const r = { owner: OWNER, repo: REPO };
    const { data: pull } = await reader.pulls.get({
      ...r,
      pull_number: number,
    });
    const { data } = await reader.repos.getCombinedStatusForRef({
      ...r,
      ref: pull.head.sha,
    });
    return data.statuses.find(s => s.context === 'platform-portal/rollout');
  };

  it('a rollout that goes well: open, merged, applied and healthy; the PR gets a green status and the owner group one notification, updated', async () => {
    argo('web-dev', {
      sync: 'Synced',
      health: 'Healthy',
      revision: 'f'.repeat(40),
    });
    const server = await start();
    const number = await openChange(
      identity('web-dev', 'dev'),
      'clusters/dev/web-dev/web-dev-worker-3.yaml',
    );
    const open = await changeNumbered(server, number, 'open');
    expect(open).toMatchObject({
      targetRef: 'resource:default/web-dev',
      environment: 'dev',
      requester: LENA,
      owner: 'group:default/app-developers',
      reason: 'waiting for review',
    });

    const mergeSha = await merge(number);
    const merged = await changeNumbered(server, number, 'merged');
    expect(merged.mergeSha).toBe(mergeSha);
    // Argo CD still holds the previous revision: waiting, named
    expect(merged.reason).toMatch(
      /^waiting for Argo CD: platform\/web-dev at fffffff/,
    );
    await waitFor('a pending rollout status', async () =>
      (await rolloutStatus(number))?.state === 'pending' ? true : undefined,
    );
    const [told] = await waitFor('Lena told of the merge', async () => {
      const list = await notificationsOf(server, LENA);
      return list.length ? list : undefined;
    });
    expect(told.payload).toMatchObject({
      title: expect.stringMatching(
        /^Merged, rolling out: Nested cluster web-dev/,
      ),
      severity: 'low',
      topic: 'gitops-changes',
      link: `http://localhost:3000/infra-health/changes?change=${number}`,
    });

    // Argo CD syncs the merge commit and the Application is healthy
    argo('web-dev', { sync: 'Synced', health: 'Healthy', revision: mergeSha });
    const healthy = await changeNumbered(server, number, 'healthy');
    expect(healthy.reason).toBe(
      `platform/web-dev synced ${mergeSha.slice(0, 7)} and healthy`,
    );
    expect(healthy.appliedAt).toBeDefined();
    expect(healthy.finishedAt).toBeDefined();
    const status = await waitFor('a green rollout status', async () => {
      const s = await rolloutStatus(number);
      return s?.state === 'success' ? s : undefined;
    });
    expect(status.description).toMatch(/^healthy: platform\/web-dev synced/);
    // one notification for the change, updated in place; nobody outside the owner group
    const after = await waitFor('the notification updated', async () => {
      const list = await notificationsOf(server, LENA);
      return list[0]?.payload.title.startsWith('Rolled out') ? list : undefined;
    });
    expect(after).toHaveLength(1);
    expect(after[0].payload.severity).toBe('normal');
    expect(await notificationsOf(server, OMAR)).toEqual([]);

    // and by e-mail, to the owner group's members only, subject and link included
    const mail = await waitFor('the e-mail of the rollout', async () =>
      smtp.mails.find(m => subjectOf(m).startsWith('Rolled out:')),
    );
    expect(subjectOf(mail)).toBe(
      'Rolled out: Nested cluster web-dev (dev): workers 2 → 3',
    );
    // the merge was mailed before it, as it was notified
    expect(smtp.mails.map(subjectOf)).toContain(
      'Merged, rolling out: Nested cluster web-dev (dev): workers 2 → 3',
    );
    expect(mail.from).toBe('platform-portal@proficientnow.example');
    expect(mail.to).toEqual(['lena.dev@proficientnow.example']);
    // the member whose address the server refused got nothing, and nothing else stopped
    expect(smtp.refused).toContain('gone.dev@proficientnow.example');
    expect(smtp.mails.flatMap(m => m.to)).not.toContain(
      'gone.dev@proficientnow.example',
    );
    expect(mail.data.replace(/=\r?\n/g, '')).toContain(
      `http://localhost:3000/infra-health/changes?change=3D${number}`,
    );
    expect(smtp.mails.flatMap(m => m.to)).not.toContain(
      'omar.cloud@proficientnow.example',
    );
  });

  it('a degraded prod rollout: failed, a red status, one high-severity notification', async () => {
    argo('shop-prod', {
      sync: 'Synced',
      health: 'Healthy',
      revision: 'e'.repeat(40),
    });
    const server = await start();
    const number = await openChange(
      identity('shop-prod', 'prod'),
      'clusters/prod/shop-prod/shop-prod-worker-4.yaml',
    );
    await changeNumbered(server, number, 'open');
    const mergeSha = await merge(number);
    await changeNumbered(server, number, 'merged');
    argo('shop-prod', {
      sync: 'Synced',
      health: 'Degraded',
      revision: mergeSha,
      operation: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
      },
    });
    const failed = await changeNumbered(server, number, 'failed');
    expect(failed.reason).toBe(
      `platform/shop-prod is Degraded after syncing ${mergeSha.slice(0, 7)}`,
    );
    const notified = await waitFor('Lena told of the failure', async () => {
      const list = await notificationsOf(server, LENA);
      return list[0]?.payload.title.startsWith('Rollout failed')
        ? list
        : undefined;
    });
    expect(notified).toHaveLength(1);
    expect(notified[0].payload.severity).toBe('high');
    await waitFor('a red rollout status', async () =>
      (await rolloutStatus(number))?.state === 'failure' ? true : undefined,
    );
  });

  it('a failed sync names Argo CD\u2019s message; a change whose owner does not resolve says so on the change', async () => {
    argo('web-dev', {
      sync: 'Synced',
      health: 'Healthy',
      revision: 'f'.repeat(40),
    });
    const server = await start();
    const number = await openChange(
      identity('web-dev', 'dev'),
      'clusters/dev/web-dev/a.yaml',
    );
    const orphan = await openChange(
      identity('nobody-owns', 'dev'),
      'clusters/dev/nobody-owns/a.yaml',
    );
    const mergeSha = await merge(number);
    await merge(orphan);
    await changeNumbered(server, number, 'merged');
    argo('web-dev', {
      sync: 'OutOfSync',
      health: 'Healthy',
      revision: mergeSha,
      operation: {
        phase: 'Failed',
        message:
          'one or more objects failed to apply: VirtualMachine web-dev-worker-3 is invalid',
      },
    });
    const failed = await changeNumbered(server, number, 'failed');
    expect(failed.reason).toBe(
      `the sync of ${mergeSha.slice(
        0,
        7,
      )} failed on platform/web-dev: one or more objects failed to apply: VirtualMachine web-dev-worker-3 is invalid`,
    );
    const unowned = await waitFor(
      'the orphan change reports its delivery problem',
      async () => {
        const found = (await history(server)).find(c => c.number === orphan);
        return found?.deliveryProblem ? found : undefined;
      },
    );
    expect(unowned.deliveryProblem).toBe(
      'nobody was notified: the owner of resource:default/nobody-owns does not resolve in the catalog',
    );
  });
});
