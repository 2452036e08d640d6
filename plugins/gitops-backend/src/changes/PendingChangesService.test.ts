/**
 * @jest-environment node
 */
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { GitHubStandin } from '@internal/github-standin';
import { JsonObject } from '@backstage/types';
import { createServer } from 'node:net';
import {
  PendingChangesNotConfiguredError,
  PendingChangesService,
} from './PendingChangesService';
import {
  HOST,
  OWNER,
  PORTAL_TOKEN,
  REPO,
  RepositoryWithChanges,
  startRepositoryWithChanges,
} from './__testUtils__/repositoryWithChanges';

jest.setTimeout(60_000);

let world: RepositoryWithChanges;
let standin: GitHubStandin;
let clock: number;

beforeAll(async () => {
  world = await startRepositoryWithChanges();
  standin = world.standin;
});

afterAll(async () => {
  await standin.close();
});

beforeEach(() => {
  standin.clearFaults();
  standin.resetCounts();
  clock = Date.parse('2026-11-21T12:00:00Z');
});

afterEach(() => {
  // every request the service sent matched GitHub's OpenAPI description
  const violations = standin.violations();
  standin.clearViolations();
  if (violations.length > 0) {
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations, null, 2)}`,
    );
  }
});

function service(
  extra: JsonObject = {},
  options: { maxChanges?: number } = {},
) {
  return PendingChangesService.fromConfig(
    new ConfigReader({ ...world.config, ...extra }),
    {
      now: () => clock,
      clientOptions: { timeScale: 0.001, writeIntervalMs: 0 },
      ...options,
    },
  );
}

/** The requests one read costs: the list, then four per GitOps pull request. */
const READ_COST = 1 + 4 * 4;

describe('PendingChangesService against the GitHub stand-in', () => {
  it('lists the open GitOps pull requests with what they change, who asked, reviews and checks', async () => {
    const result = await service().list();
    expect(result.repository).toEqual({
      owner: OWNER,
      repo: REPO,
      url: `https://${HOST}/${OWNER}/${REPO}`,
    });
    expect(result.fetchedAt).toBe('2026-11-21T12:00:00.000Z');
    expect(result.truncated).toBe(false);
    // newest first; the docs pull request is not the portal's
    expect(result.changes.map(c => c.number)).toEqual([
      world.pulls.bootstrap,
      world.pulls.prodCluster,
      world.pulls.component,
      world.pulls.devCluster,
    ]);
    const [bootstrap, prod, component, dev] = result.changes;

    expect(dev).toEqual({
      number: world.pulls.devCluster,
      title: 'Nested cluster payments-dev (dev): 1 control plane + 2 workers',
      url: `${standin.url}/${OWNER}/${REPO}/pull/${world.pulls.devCluster}`,
      kind: 'cluster',
      action: 'create',
      target: 'payments-dev',
      targetRef: 'resource:default/payments-dev',
      environment: 'dev',
      requester: 'user:default/lena.dev',
      requesterVerified: true,
      author: 'portal-bot',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      draft: false,
      labels: ['gitops', 'env:dev'],
      reviews: {
        approved: 1,
        changesRequested: 0,
        requested: ['proficientnow/app-developers'],
      },
      checks: { state: 'success', total: 1, failing: [] },
      mergeable: true,
      mergeableState: 'clean',
    });

    expect(component).toMatchObject({
      kind: 'component',
      target: 'cert-manager',
      domain: 'infrastructure',
      requester: 'user:default/omar.ops',
      requesterVerified: true,
      labels: ['gitops', 'domain:infrastructure'],
      // alice's comment after asking for changes does not withdraw the request
      reviews: {
        approved: 0,
        changesRequested: 1,
        requested: ['proficientnow/platform-engineers'],
      },
      checks: {
        state: 'failure',
        total: 3,
        failing: ['ci/validate', 'kubeconform'],
      },
    });
    expect(component.environment).toBeUndefined();

    expect(prod).toMatchObject({
      kind: 'cluster',
      target: 'billing',
      environment: 'prod',
      reviews: {
        approved: 0,
        changesRequested: 0,
        requested: [
          'proficientnow/app-developers',
          'proficientnow/platform-engineers',
        ],
      },
      checks: { state: 'pending', total: 1, failing: [] },
    });

    // no gitops label and no identity: found by its branch, and no requester (never read from prose)
    expect(bootstrap).toMatchObject({
      kind: 'bootstrap',
      labels: [],
      requesterVerified: false,
      identityProblem: expect.stringMatching(/no identity marker/),
      checks: { state: 'none', total: 0, failing: [] },
    });
    expect(bootstrap.target).toBeUndefined();
    expect(bootstrap.requester).toBeUndefined();
  });

  it('narrows to one environment and to one cluster or component', async () => {
    const pending = service();
    const numbers = async (filter: { environment?: string; target?: string }) =>
      (await pending.list(filter)).changes.map(c => c.number);
    expect(await numbers({ environment: 'dev' })).toEqual([
      world.pulls.devCluster,
    ]);
    expect(await numbers({ environment: 'prod' })).toEqual([
      world.pulls.prodCluster,
    ]);
    expect(await numbers({ target: 'cert-manager' })).toEqual([
      world.pulls.component,
    ]);
    expect(await numbers({ environment: 'prod', target: 'billing' })).toEqual([
      world.pulls.prodCluster,
    ]);
    expect(await numbers({ environment: 'dev', target: 'billing' })).toEqual(
      [],
    );
  });

  it('reads GitHub once per cache lifetime, however many callers ask', async () => {
    const pending = service();
    // a page full of cards asks at once: one read
    await Promise.all([
      pending.list(),
      pending.list({ environment: 'dev' }),
      pending.list({ target: 'billing' }),
      pending.list({ environment: 'prod' }),
    ]);
    const counts = standin.requestCounts();
    expect(counts.total).toBe(READ_COST);
    expect(counts.byOperation).toEqual({
      'GET /repos/{owner}/{repo}/pulls': 1,
      'GET /repos/{owner}/{repo}/pulls/{pull_number}': 4,
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': 4,
      'GET /repos/{owner}/{repo}/commits/{ref}/status': 4,
      'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': 4,
    });

    // within the default 60 s: still cached
    clock += 59_000;
    await pending.list({ environment: 'dev' });
    expect(standin.requestCounts().total).toBe(READ_COST);

    // after it: read again
    clock += 2_000;
    const again = await pending.list();
    expect(standin.requestCounts().total).toBe(2 * READ_COST);
    expect(again.fetchedAt).toBe('2026-11-21T12:01:01.000Z');
  });

  it('takes the cache lifetime from gitops.changes.cacheTtl', async () => {
    const pending = service({
      gitops: {
        ...(world.config.gitops as JsonObject),
        changes: { cacheTtl: '5m' },
      },
    });
    await pending.list();
    clock += 4 * 60_000;
    await pending.list();
    expect(standin.requestCounts().total).toBe(READ_COST);
    clock += 61_000;
    await pending.list();
    expect(standin.requestCounts().total).toBe(2 * READ_COST);

    expect(() =>
      service({
        gitops: {
          ...(world.config.gitops as JsonObject),
          changes: { cacheTtl: '0s' },
        },
      }),
    ).toThrow(/gitops\.changes\.cacheTtl must be between/);
    expect(() =>
      service({
        gitops: {
          ...(world.config.gitops as JsonObject),
          changes: { cacheTtl: 'soon' },
        },
      }),
    ).toThrow(/gitops\.changes\.cacheTtl/);
  });

  it('describes at most maxChanges pull requests and says the list is cut', async () => {
    const result = await service({}, { maxChanges: 2 }).list();
    expect(result.changes.map(c => c.number)).toEqual([
      world.pulls.bootstrap,
      world.pulls.prodCluster,
    ]);
    expect(result.truncated).toBe(true);
    expect(standin.requestCounts().total).toBe(1 + 2 * 4);
  });

  it('turns a GitHub failure into a ServiceUnavailableError naming GitHub and the status, never the token', async () => {
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls',
      status: 502,
      times: 10,
    });
    const pending = service();
    const error = await pending.list().catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      `GitHub answered 502 to GET /repos/${OWNER}/${REPO}/pulls while reading the open pull requests of ${OWNER}/${REPO}: Server Error`,
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(
      PORTAL_TOKEN,
    );
    expect(error.cause).toBeUndefined();

    // a failure is not cached: once GitHub is back the next call reads it
    standin.clearFaults();
    expect((await pending.list()).changes).toHaveLength(4);
  });

  it('fails the read when one pull request cannot be read, naming it', async () => {
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}/commits/{ref}/check-runs',
      status: 403,
      message: 'Resource not accessible by integration',
      times: 100,
    });
    const error = await service()
      .list()
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^GitHub answered 403 to GET \/repos\/proficientnow\/platform-gitops\/commits\/[0-9a-f]{40}\/check-runs while reading pull request #\d+: Resource not accessible by integration$/,
    );
    expect(error.message).not.toContain(PORTAL_TOKEN);
  });

  it('says GitHub could not be reached when nothing answers', async () => {
    // a loopback port that was free a moment ago: connections are refused
    const server = createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise(resolve => server.close(resolve));
    const pending = service({
      integrations: {
        github: [
          {
            host: HOST,
            apiBaseUrl: `http://127.0.0.1:${port}`,
            token: PORTAL_TOKEN,
          },
        ],
      },
    });
    const error = await pending.list().catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^GitHub could not be reached to GET \/repos\/proficientnow\/platform-gitops\/pulls while reading the open pull requests of proficientnow\/platform-gitops: /,
    );
    expect(error.message).not.toContain(PORTAL_TOKEN);
  });

  it('says GitHub is not configured, and how, without asking GitHub', async () => {
    const noRepository = PendingChangesService.fromConfig(
      new ConfigReader({ integrations: world.config.integrations }),
    );
    await expect(noRepository.list()).rejects.toThrow(
      PendingChangesNotConfiguredError,
    );
    await expect(noRepository.list()).rejects.toThrow(
      /Set gitops\.repository\.url .* integrations\.github/,
    );

    const noIntegration = PendingChangesService.fromConfig(
      new ConfigReader({ gitops: world.config.gitops }),
    );
    await expect(noIntegration.list()).rejects.toThrow(
      /no GitHub integration for github\.local: add it under integrations\.github/,
    );

    const noToken = PendingChangesService.fromConfig(
      new ConfigReader({
        gitops: world.config.gitops,
        integrations: {
          github: [{ host: HOST, apiBaseUrl: standin.url }],
        },
      }),
    );
    await expect(noToken.list()).rejects.toThrow(
      /integrations\.github for github\.local has no token/,
    );
    expect(standin.requestCounts().total).toBe(0);
  });
});
