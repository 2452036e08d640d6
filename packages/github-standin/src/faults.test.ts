/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

describe('fault injection and request counts', () => {
  let standin: GitHubStandin;
  let octokit: Octokit;
  const owner = 'acme';
  const repo = 'faults';

  beforeAll(async () => {
    standin = await startGitHubStandin({
      repos: [{ owner, name: repo, files: { 'a.txt': 'a\n' } }],
      tokens: ['t0ken'],
    });
    octokit = new Octokit({ baseUrl: standin.url, auth: 't0ken', log: quiet });
  });

  afterAll(async () => {
    await standin.close();
  });

  beforeEach(() => {
    standin.clearFaults();
    standin.resetCounts();
  });

  it('answers 500 once, then succeeds', async () => {
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}',
      status: 500,
      times: 1,
    });
    await expect(octokit.repos.get({ owner, repo })).rejects.toMatchObject({
      status: 500,
      response: { data: { message: 'Server Error' } },
    });
    expect((await octokit.repos.get({ owner, repo })).status).toBe(200);
    expect(standin.requestCounts()).toEqual({
      total: 2,
      byOperation: { 'GET /repos/{owner}/{repo}': 2 },
      downloads: 0,
    });
  });

  it('answers a secondary rate limit with retry-after', async () => {
    standin.injectFault({
      path: /\/git\/refs$/,
      status: 403,
      secondary: true,
      retryAfterSeconds: 7,
    });
    const sha = (await standin.repo(owner, repo).headSha())!;
    const error = await octokit.git
      .createRef({ owner, repo, ref: 'refs/heads/limited', sha })
      .catch(e => e);
    expect(error.status).toBe(403);
    expect(error.response.headers['retry-after']).toBe('7');
    expect(error.response.data.message).toMatch(
      /^You have exceeded a secondary rate limit/,
    );
    expect(await standin.repo(owner, repo).branches()).toEqual(['main']);
    await expect(
      octokit.git.createRef({ owner, repo, ref: 'refs/heads/limited', sha }),
    ).resolves.toMatchObject({ status: 201 });
  });

  it('answers the primary rate limit with x-ratelimit headers', async () => {
    const ok = await octokit.users.getAuthenticated();
    expect(ok.headers['x-ratelimit-limit']).toBe('5000');
    const used = Number(ok.headers['x-ratelimit-used']);
    expect(used).toBeGreaterThan(0);
    expect(Number(ok.headers['x-ratelimit-remaining'])).toBe(5000 - used);
    expect(Number(ok.headers['x-ratelimit-reset'])).toBeGreaterThan(
      Date.now() / 1000,
    );

    const reset = Math.floor(Date.now() / 1000) + 120;
    standin.injectFault({ path: '/user', status: 403, rateLimitReset: reset });
    const error = await octokit.users.getAuthenticated().catch(e => e);
    expect(error.status).toBe(403);
    expect(error.response.headers['x-ratelimit-remaining']).toBe('0');
    expect(error.response.headers['x-ratelimit-reset']).toBe(String(reset));
    expect(error.response.data.message).toMatch(/^API rate limit exceeded/);

    standin.injectFault({ path: '/user', status: 429, secondary: true });
    const tooMany = await octokit.users.getAuthenticated().catch(e => e);
    expect(tooMany.status).toBe(429);
    expect(tooMany.response.headers['retry-after']).toBe('60');

    const { data } = await octokit.rateLimit.get();
    expect(data.resources.core.limit).toBe(5000);
  });

  it('performs the change before an afterHandling fault', async () => {
    const sha = (await standin.repo(owner, repo).headSha())!;
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/refs',
      status: 502,
      afterHandling: true,
    });
    await expect(
      octokit.git.createRef({ owner, repo, ref: 'refs/heads/lost', sha }),
    ).rejects.toMatchObject({ status: 502 });
    expect(await standin.repo(owner, repo).branches()).toContain('lost');
    // a retry sees the change that was made
    await expect(
      octokit.git.createRef({ owner, repo, ref: 'refs/heads/lost', sha }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Reference already exists' } },
    });
  });

  it('delays, limits faults to `times` and reports 409/422', async () => {
    standin.injectFault({ method: 'GET', path: '/rate_limit', delayMs: 150 });
    const started = Date.now();
    await octokit.rateLimit.get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const fault = standin.injectFault({
      path: '/repos/{owner}/{repo}/pulls',
      method: 'GET',
      status: 409,
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      await expect(octokit.pulls.list({ owner, repo })).rejects.toMatchObject({
        status: 409,
      });
    }
    expect(fault).toMatchObject({ remaining: 0, hits: 2 });
    await expect(octokit.pulls.list({ owner, repo })).resolves.toMatchObject({
      status: 200,
    });
    standin.injectFault({ path: '/repos/{owner}/{repo}', status: 422 });
    await expect(octokit.repos.get({ owner, repo })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Validation Failed' } },
    });
  });

  it('counts requests per operation', async () => {
    await octokit.repos.get({ owner, repo });
    await octokit.git.getRef({ owner, repo, ref: 'heads/main' });
    await octokit.git.getRef({ owner, repo, ref: 'heads/main' });
    await octokit.pulls.list({ owner, repo, state: 'all' });
    await fetch(`${standin.url}/repos/${owner}/${repo}`); // 401, still counted
    expect(standin.requestCounts()).toEqual({
      total: 5,
      byOperation: {
        'GET /repos/{owner}/{repo}': 2,
        'GET /repos/{owner}/{repo}/git/ref/{ref}': 2,
        'GET /repos/{owner}/{repo}/pulls': 1,
      },
      downloads: 0,
    });
    standin.resetCounts();
    expect(standin.requestCounts()).toEqual({
      total: 0,
      byOperation: {},
      downloads: 0,
    });
  });

  it('recorded no stand-in bugs along the way', () => {
    expect(standin.violations().filter(v => v.standinBug)).toEqual([]);
  });
});
