/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

jest.setTimeout(60_000);

describe('commit statuses and check runs', () => {
  let standin: GitHubStandin;
  let octokit: Octokit;
  let sha: string;
  const r = { owner: 'acme', repo: 'checks' };

  beforeEach(async () => {
    standin = await startGitHubStandin({
      repos: [{ owner: r.owner, name: r.repo, files: { 'a.txt': 'a\n' } }],
      tokens: ['t0ken'],
    });
    octokit = new Octokit({ baseUrl: standin.url, auth: 't0ken', log: quiet });
    sha = (await standin.repo(r.owner, r.repo).headSha())!;
  });

  afterEach(async () => {
    const violations = standin.violations();
    await standin.close();
    if (violations.length > 0) {
      throw new Error(`violations: ${JSON.stringify(violations, null, 2)}`);
    }
  });

  const combined = async (ref = 'main') =>
    (await octokit.repos.getCombinedStatusForRef({ ...r, ref })).data;
  const post = (
    state: 'error' | 'failure' | 'pending' | 'success',
    context: string,
  ) => octokit.repos.createCommitStatus({ ...r, sha, state, context });

  it('combines the latest status of each context the way GitHub does', async () => {
    expect(await combined()).toMatchObject({
      state: 'pending',
      total_count: 0,
    });
    await post('success', 'ci/build');
    expect((await combined()).state).toBe('success');
    await post('pending', 'ci/test');
    expect((await combined()).state).toBe('pending');
    await post('failure', 'ci/test');
    expect((await combined()).state).toBe('failure');
    // a newer status of the same context replaces the older one
    await post('success', 'CI/Test');
    const latest = await combined();
    expect(latest.state).toBe('success');
    expect(latest.statuses.map(s => `${s.context}:${s.state}`)).toEqual([
      'CI/Test:success',
      'ci/build:success',
    ]);
    await post('error', 'deploy');
    expect((await combined(sha)).state).toBe('failure');
  });

  it('refuses a status for a commit that does not exist', async () => {
    await expect(
      octokit.repos.createCommitStatus({
        ...r,
        sha: '0'.repeat(40),
        state: 'success',
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('lists the latest check run per name, or all of them', async () => {
    await octokit.checks.create({
      ...r,
      name: 'lint',
      head_sha: sha,
      conclusion: 'failure',
    });
    await octokit.checks.create({
      ...r,
      name: 'lint',
      head_sha: sha,
      conclusion: 'success',
    });
    const { data: running } = await octokit.checks.create({
      ...r,
      name: 'e2e',
      head_sha: sha,
      status: 'in_progress',
    });
    expect(running).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      completed_at: null,
    });
    const latest = (await octokit.checks.listForRef({ ...r, ref: 'main' }))
      .data;
    expect(latest.total_count).toBe(2);
    expect(
      latest.check_runs.map(c => `${c.name}:${c.status}:${c.conclusion}`),
    ).toEqual(['e2e:in_progress:null', 'lint:completed:success']);
    const all = (
      await octokit.checks.listForRef({ ...r, ref: sha, filter: 'all' })
    ).data;
    expect(all.check_runs.map(c => c.conclusion)).toEqual([
      null,
      'success',
      'failure',
    ]);
    const failing = (
      await octokit.checks.listForRef({
        ...r,
        ref: sha,
        filter: 'all',
        check_name: 'lint',
        status: 'completed',
      })
    ).data;
    expect(failing.total_count).toBe(2);
  });

  it('refuses a completed check run without a conclusion', async () => {
    await expect(
      octokit.checks.create({
        ...r,
        name: 'lint',
        head_sha: sha,
        status: 'completed',
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('names the open pull requests whose head is the checked commit', async () => {
    const base = sha;
    const { data: baseCommit } = await octokit.git.getCommit({
      ...r,
      commit_sha: base,
    });
    const { data: tree } = await octokit.git.createTree({
      ...r,
      base_tree: baseCommit.tree.sha,
      tree: [{ path: 'b.txt', mode: '100644', content: 'b\n' }],
    });
    const { data: commit } = await octokit.git.createCommit({
      ...r,
      message: 'b',
      tree: tree.sha,
      parents: [base],
    });
    await octokit.git.createRef({
      ...r,
      ref: 'refs/heads/feature',
      sha: commit.sha,
    });
    const { data: pr } = await octokit.pulls.create({
      ...r,
      head: 'feature',
      base: 'main',
      title: 'b',
    });
    const { data: run } = await octokit.checks.create({
      ...r,
      name: 'lint',
      head_sha: commit.sha,
      conclusion: 'success',
    });
    expect(run.pull_requests.map(p => p.number)).toEqual([pr.number]);
  });
});
