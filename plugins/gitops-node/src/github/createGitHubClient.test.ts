/**
 * @jest-environment node
 */
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  createGitHubClient,
  describeGitHubEvent,
  GitHubClientEvent,
  GitHubClientOptions,
} from './createGitHubClient';

jest.setTimeout(60_000);

const TOKENS = [
  'ghs_first_installation_token',
  'ghs_second_installation_token',
];
const r = { owner: 'acme', repo: 'gitops' };
let standin: GitHubStandin;
let events: GitHubClientEvent[];

beforeAll(async () => {
  standin = await startGitHubStandin({
    repos: [{ owner: r.owner, name: r.repo, files: { 'README.md': '# hi\n' } }],
    tokens: TOKENS,
  });
});

afterAll(async () => {
  await standin.close();
});

beforeEach(() => {
  standin.clearFaults();
  events = [];
});

function client(options: Partial<GitHubClientOptions> = {}) {
  return createGitHubClient({
    baseUrl: standin.url,
    token: TOKENS[0],
    timeScale: 0.001,
    writeIntervalMs: 0,
    onEvent: event => events.push(event),
    ...options,
  });
}

describe('createGitHubClient', () => {
  it('retries server errors with growing waits, reporting each failed attempt', async () => {
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}',
      status: 502,
      times: 2,
    });
    const { data } = await client().repos.get(r);
    expect(data.name).toBe('gitops');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'attempt-failed',
        method: 'GET',
        path: '/repos/acme/gitops',
        attempt: 1,
        status: 502,
        retryInMs: 500,
      }),
      expect.objectContaining({ attempt: 2, retryInMs: 2000 }),
    ]);
    expect(describeGitHubEvent(events[0])).toBe(
      'GitHub answered 502 to GET /repos/acme/gitops (attempt 1 of 4): Server Error; trying again in 0.5 s',
    );
  });

  it('asks for a current token on every attempt, so an installation token renewed mid-run is used', async () => {
    let calls = 0;
    const token = async () => TOKENS[Math.min(calls++, 1)];
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}',
      status: 500,
      times: 1,
    });
    await client({ token }).repos.get(r);
    expect(calls).toBe(2);
  });

  it('stops when the waits of one request would pass the total it may wait', async () => {
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}',
      status: 403,
      secondary: true,
      retryAfterSeconds: 2,
      times: 5,
    });
    const error = await client({ retry: { totalWaitMs: 3_000 } })
      .repos.get(r)
      .catch(e => e);
    expect(error.status).toBe(403);
    expect(
      events
        .filter(e => e.type === 'rate-limited')
        .map(e => e.type === 'rate-limited' && e.willWait),
    ).toEqual([true, false]);
    expect(describeGitHubEvent(events[events.length - 1])).toBe(
      "GitHub's secondary rate limit: it asks to wait 2 s before GET /repos/acme/gitops, more than the portal waits; giving up",
    );
  });

  it('does not retry what a retry cannot fix', async () => {
    const error = await client()
      .repos.get({ ...r, repo: 'missing' })
      .catch(e => e);
    expect(error).toMatchObject({ status: 404, attempts: 1 });
    expect(events).toEqual([
      expect.objectContaining({ attempt: 1, status: 404 }),
    ]);
    expect(events[0]).not.toHaveProperty('retryInMs');
  });
});
