/**
 * Merge to catalog in seconds: a push to the repository reaches the catalog
 * through GitHub's webhook (the stand-in delivers it signed), Backstage's
 * events plugin with its GitHub module, and this module, with polling set to
 * every 10 minutes: the refresh that brings the new Application can only be
 * the webhook's. Counted in refreshes, not timed.
 *
 * @jest-environment node
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { pushCommit } from '@internal/github-standin';
import { waitFor } from '@internal/test-support';
import { Octokit } from '@octokit/rest';
import { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import gitopsProvider from './index';
import { githubEventsModules } from './__testUtils__/githubEventsModules';
import { useBootstrapStandin } from './__testUtils__/bootstrapStandin';

jest.setTimeout(120_000);

const TOKEN = 'catalog-webhook-token';
const SECRET = 'push-webhook-secret-7e1f';
const HOST = 'github.local';

const stand = useBootstrapStandin(TOKEN);

/** Reads of the branch head: one per provider refresh. */
const refreshes = () =>
  Object.entries(stand.current().requestCounts().byOperation)
    .filter(([key]) => /^GET \S*\/git\/ref\//.test(key))
    .reduce((n, [, c]) => n + c, 0);

it('a push reaches the catalog through the webhook, with polling every 10 minutes', async () => {
  const { server } = await startTestBackend({
    features: [
      schedulerServiceFactory,
      // the real events service (the test backend's mock is one bus per plugin)
      eventsServiceFactory,
      catalogPlugin,
      gitopsProvider,
      eventsPlugin,
      ...githubEventsModules(),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              { host: HOST, apiBaseUrl: stand.current().url, token: TOKEN },
            ],
          },
          gitops: {
            repository: {
              url: `https://${HOST}/proficientnow/platform-gitops`,
            },
            github: { writeInterval: { milliseconds: 0 } },
            catalog: {
              defaultOwner: 'platform-engineers',
              schedule: {
                frequency: { minutes: 10 },
                timeout: { minutes: 1 },
              },
            },
          },
          events: {
            modules: { github: { webhookSecret: SECRET } },
            // one backend instance: the in-process bus, no hub to long-poll
            useEventBus: 'never',
          },
          catalog: { rules: [{ allow: ['Resource'] }] },
        },
      }),
    ],
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { Authorization: mockCredentials.user.header() };
  const entity = (name: string) =>
    fetch(`${base}/api/catalog/entities/by-name/resource/default/${name}`, {
      headers,
    }).then(r => (r.status === 200 ? r.json() : undefined));
  try {
    // the first refresh, at start
    await waitFor('the first refresh', () => entity('cilium'), 60_000);
    stand.current().addWebhook({
      url: `${base}/api/events/http/github`,
      secret: SECRET,
    });

    // a merge on main adds an Application
    const before = refreshes();
    const pushedAt = Date.now();
    const { after: pushed } = await pushCommit(
      new Octokit({ baseUrl: stand.current().url, auth: TOKEN }),
      {
        owner: 'proficientnow',
        repo: 'platform-gitops',
        message: 'Add hello',
        files: {
          'argocd/apps/applications/misc/hello.yaml': stringify({
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { name: 'hello', namespace: 'argocd' },
            spec: {
              project: 'default',
              source: { repoURL: 'https://charts.example', chart: 'hello' },
              destination: {
                server: 'https://kubernetes.default.svc',
                namespace: 'hello',
              },
            },
          }),
        },
      },
    );
    await waitFor('hello in the catalog', () => entity('hello'), 60_000);
    const seconds = (Date.now() - pushedAt) / 1000;

    // delivered, accepted (the signature checked by the events GitHub module), and one refresh more
    await stand.current().webhooksSettled();
    expect(stand.current().webhookDeliveries()).toEqual([
      expect.objectContaining({
        ref: 'refs/heads/main',
        after: pushed,
        status: 202,
      }),
    ]);
    const after = refreshes();
    // two reads of the branch head: the push's own, and exactly one refresh,
    // the webhook's (the schedule's next one is 10 minutes away)
    expect(after - before).toBe(2);
    expect(
      stand
        .current()
        .violations()
        .filter(v => v.standinBug),
    ).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(
      `push to catalog through the webhook: ${seconds.toFixed(1)} s, ${
        after - before - 1
      } refresh, polling every 10 min`,
    );
  } finally {
    await server.stop();
  }
});

it('refuses a webhook with a bad signature and refreshes nothing', async () => {
  const { server } = await startTestBackend({
    features: [
      eventsPlugin,
      ...githubEventsModules(),
      mockServices.rootConfig.factory({
        data: { events: { modules: { github: { webhookSecret: SECRET } } } },
      }),
    ],
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const res = await fetch(`${base}/api/events/http/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ ref: 'refs/heads/main' }),
    });
    expect(res.status).toBe(403);
  } finally {
    await server.stop();
  }
});
