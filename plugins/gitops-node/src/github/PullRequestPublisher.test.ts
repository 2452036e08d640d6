/**
 * @jest-environment node
 */
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import { createGitHubClient, GitHubClientEvent } from './createGitHubClient';
import {
  PullRequestChange,
  PullRequestPublisher,
  PullRequestPublishError,
} from './PullRequestPublisher';

jest.setTimeout(60_000);

const TOKEN = 'ghp_test_token_for_the_standin';
const OWNER = 'proficientnow';
const REPO = 'platform-gitops';
const BASE_FILES = {
  'README.md': '# platform-gitops\n',
  'argocd/apps/applications/communications/kafka.yaml': 'kind: Application\n',
  '.github/CODEOWNERS': '* @proficientnow/platform-engineers\n',
};

let standin: GitHubStandin;
let waits: number[];
let events: GitHubClientEvent[];

beforeEach(async () => {
  standin = await startGitHubStandin({
    repos: [{ owner: OWNER, name: REPO, files: BASE_FILES }],
    tokens: [TOKEN],
  });
  waits = [];
  events = [];
});

afterEach(async () => {
  // every request we sent and every answer the stand-in gave matched GitHub's OpenAPI description
  const violations = standin.violations();
  await standin.close();
  if (violations.length > 0) {
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations, null, 2)}`,
    );
  }
});

function publisher() {
  return new PullRequestPublisher(
    createGitHubClient({
      baseUrl: standin.url,
      token: TOKEN,
      retry: { maxAttempts: 3 },
      // GitHub's waits are followed at a thousandth of their length, and recorded as asked
      timeScale: 0.001,
      writeIntervalMs: 0,
      onEvent: event => {
        events.push(event);
        if (event.type === 'rate-limited') waits.push(event.waitMs);
        else if (event.retryInMs !== undefined) waits.push(event.retryInMs);
      },
    }),
  );
}

function change(
  files: Record<string, string>,
  overrides: Partial<PullRequestChange> = {},
): PullRequestChange {
  return {
    owner: OWNER,
    repo: REPO,
    baseBranch: 'main',
    branch: 'gitops/cluster-dev-payments-dev',
    files: new Map(Object.entries(files)),
    deletions: ['argocd/apps/applications/communications/kafka.yaml'],
    commitMessage: 'Nested cluster payments-dev',
    title: 'Nested cluster payments-dev (dev)',
    body: '## What changes\n\n| node | role |\n| --- | --- |\n| payments-dev-cp-1 | control-plane |\n',
    labels: ['gitops', 'env:dev'],
    teamReviewers: ['app-developers'],
    ...overrides,
  };
}

function manyFiles(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `clusters/dev/payments-dev/node-${String(i).padStart(3, '0')}.yaml`,
      `kind: VirtualMachine\nname: node-${i}\n`,
    ]),
  );
}

/** The repository as a reviewer would find it: exactly one extra branch and one open PR with exactly these files. */
async function expectConverged(files: Record<string, string>) {
  const repo = standin.repo(OWNER, REPO);
  expect((await repo.branches()).sort()).toEqual([
    'gitops/cluster-dev-payments-dev',
    'main',
  ]);
  const pulls = (await repo.pulls()).filter(p => p.state === 'open');
  expect(pulls).toHaveLength(1);
  const expected: Record<string, string> = { ...BASE_FILES, ...files };
  delete expected['argocd/apps/applications/communications/kafka.yaml'];
  expect(await repo.readFiles('gitops/cluster-dev-payments-dev')).toEqual(
    expected,
  );
  expect(await repo.readFiles('main')).toEqual(BASE_FILES);
  return pulls[0];
}

describe('PullRequestPublisher against the GitHub stand-in', () => {
  it('opens one pull request with one commit holding exactly the requested files, labels and reviewers', async () => {
    const files = manyFiles(3);
    const result = await publisher().publish(change(files));
    expect(result.created).toBe(true);
    const pull = await expectConverged(files);
    expect(pull.number).toBe(result.number);
    expect(pull.title).toBe('Nested cluster payments-dev (dev)');
    expect(pull.body).toContain('| payments-dev-cp-1 | control-plane |');
    expect(pull.labels).toEqual(['gitops', 'env:dev']);
    expect(pull.requestedTeams).toEqual(['app-developers']);
  });

  it('costs the same number of GitHub requests for 1 file as for 200', async () => {
    await publisher().publish(change(manyFiles(1)));
    const forOne = standin.requestCounts().total;
    await standin.close();
    standin = await startGitHubStandin({
      repos: [{ owner: OWNER, name: REPO, files: BASE_FILES }],
      tokens: [TOKEN],
    });
    await publisher().publish(change(manyFiles(200)));
    const forTwoHundred = standin.requestCounts().total;
    expect(forTwoHundred).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(10);
  });

  it('updates the same branch and pull request when the same request runs again', async () => {
    await publisher().publish(change(manyFiles(3)));
    const second = manyFiles(2); // one file fewer: the branch must not keep it
    const result = await publisher().publish(
      change(second, { title: 'Nested cluster payments-dev (dev), resized' }),
    );
    expect(result.created).toBe(false);
    const pull = await expectConverged(second);
    expect(pull.title).toBe('Nested cluster payments-dev (dev), resized');
  });

  it('retries as GitHub asks: retry-after on a secondary rate limit, the reset time on a primary one', async () => {
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/trees',
      status: 403,
      secondary: true,
      retryAfterSeconds: 2,
      times: 1,
    });
    const reset = Math.floor(Date.now() / 1000) + 30;
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls',
      status: 429,
      rateLimitReset: reset,
      times: 1,
    });
    await publisher().publish(change(manyFiles(2)));
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBe(2000);
    // until the reset, plus the second GitHub asks for (less whatever time the test took to get there)
    expect(waits[1]).toBeGreaterThanOrEqual(20_000);
    expect(waits[1]).toBeLessThanOrEqual(32_000);
    expect(events.filter(e => e.type === 'rate-limited')).toEqual([
      expect.objectContaining({ limit: 'secondary', willWait: true }),
      expect.objectContaining({ limit: 'primary', willWait: true }),
    ]);
    await expectConverged(manyFiles(2));
  });

  it('fails at once, naming the wait, when GitHub asks for longer than the portal waits', async () => {
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/trees',
      status: 403,
      secondary: true,
      retryAfterSeconds: 3600,
      times: 1,
    });
    const error = await publisher()
      .publish(change(manyFiles(2)))
      .catch(e => e);
    expect(error).toBeInstanceOf(PullRequestPublishError);
    expect(error.message).toMatch(
      /^Could not build the commit: POST \/repos\/proficientnow\/platform-gitops\/git\/trees: GitHub answered 403: You have exceeded a secondary rate limit/,
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'rate-limited',
        waitMs: 3_600_000,
        willWait: false,
      }),
    );
  });

  it('abandons a request GitHub does not answer in time, retries it, and says so', async () => {
    // the stand-in's first answer loads GitHub's OpenAPI description; not what this test times
    await publisher().octokit.git.getRef({
      owner: OWNER,
      repo: REPO,
      ref: 'heads/main',
    });
    // silence on the first request of a publish; the timeout is far above any answer of a loaded machine
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}/git/ref/{ref}',
      delayMs: 8_000,
      times: 100,
    });
    const quick = new PullRequestPublisher(
      createGitHubClient({
        baseUrl: standin.url,
        token: TOKEN,
        retry: { maxAttempts: 2 },
        requestTimeoutMs: 2_000,
        timeScale: 0.001,
        writeIntervalMs: 0,
        onEvent: event => events.push(event),
      }),
    );
    const error = await quick.publish(change(manyFiles(2))).catch(e => e);
    expect(error.message).toMatch(
      /^Could not build the commit: GET \/repos\/proficientnow\/platform-gitops\/git\/ref\/heads%2Fmain after 2 attempts: no answer within 2 s\. Nothing visible was changed on GitHub\./,
    );
    expect(
      events.filter(e => e.type === 'attempt-failed').map(e => e.attempt),
    ).toEqual([1, 2]);
  });

  it('reports a refused branch creation as itself, not as the follow-up "Reference does not exist"', async () => {
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/refs',
      status: 422,
      message: 'Reference name is not valid',
      times: 1,
    });
    const error = await publisher()
      .publish(change(manyFiles(2)))
      .catch(e => e);
    expect(error.message).toMatch(
      /^Could not point the branch at the commit: POST \/repos\/proficientnow\/platform-gitops\/git\/refs: GitHub answered 422: Reference name is not valid\./,
    );
  });

  it('says what a failed run left behind: a pull request without its labels', async () => {
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      status: 500,
      times: 100,
    });
    const error = await publisher()
      .publish(change(manyFiles(2)))
      .catch(e => e);
    expect(error).toMatchObject({
      step: 'labels',
      leftBehind: [expect.any(String)],
    });
    expect(error.message).toMatch(
      /^Could not add the labels: POST \/repos\/proficientnow\/platform-gitops\/issues\/1\/labels after 3 attempts: GitHub answered 500: Server Error\. Left behind on GitHub: pull request #1 \(.*\/pull\/1\) with the new commit but without its labels\. Run the task again/,
    );
  });

  const FLOW = [
    ['GET', '/repos/{owner}/{repo}/git/ref/{ref}'],
    ['GET', '/repos/{owner}/{repo}/git/commits/{commit_sha}'],
    ['POST', '/repos/{owner}/{repo}/git/trees'],
    ['POST', '/repos/{owner}/{repo}/git/commits'],
    ['PATCH', '/repos/{owner}/{repo}/git/refs/{ref}'],
    ['POST', '/repos/{owner}/{repo}/git/refs'],
    ['GET', '/repos/{owner}/{repo}/pulls'],
    ['POST', '/repos/{owner}/{repo}/pulls'],
    ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
    ['POST', '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers'],
  ] as const;

  it.each(FLOW)(
    'converges to one branch and one pull request after %s %s fails for good, then the task reruns',
    async (method, path) => {
      standin.injectFault({ method, path, status: 500, times: 100 });
      const error = await publisher()
        .publish(change(manyFiles(3)))
        .catch(e => e);
      expect(error).toBeInstanceOf(PullRequestPublishError);
      expect(error.failure).toMatchObject({ status: 500, attempts: 3 });
      expect(error.message).toContain(`: ${method} /repos/proficientnow/`);
      standin.clearFaults();
      await publisher().publish(change(manyFiles(3)));
      await expectConverged(manyFiles(3));
    },
  );

  it.each(FLOW)(
    'converges when the answer to %s %s is lost after GitHub made the change',
    async (method, path) => {
      standin.injectFault({
        method,
        path,
        status: 502,
        times: 1,
        afterHandling: true,
      });
      await publisher().publish(change(manyFiles(3)));
      await expectConverged(manyFiles(3));
    },
  );
});
