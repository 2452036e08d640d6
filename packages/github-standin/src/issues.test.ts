/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { pushCommit } from './pushCommit';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
jest.setTimeout(30_000);

let standin: GitHubStandin;
let octokit: Octokit;
const r = { owner: 'proficientnow', repo: 'platform-alerts' };

beforeEach(async () => {
  standin = await startGitHubStandin({
    repos: [{ owner: r.owner, name: r.repo, files: { 'README.md': '#\n' } }],
    tokens: [{ token: 'ghp_alerts', login: 'platform-portal[bot]' }],
  });
  octokit = new Octokit({
    baseUrl: standin.url,
    auth: 'ghp_alerts',
    log: quiet,
  });
});
afterEach(async () => {
  const violations = standin.violations();
  await standin.close();
  if (violations.length)
    throw new Error(`protocol violations: ${JSON.stringify(violations)}`);
});

describe('issues', () => {
  it('are created with labels, listed by state and labels (pull requests among them, as GitHub does), edited, commented on and closed with a reason', async () => {
    const { data: created } = await octokit.issues.create({
      ...r,
      title: 'prod is critical',
      body: 'Ceph HEALTH_ERR',
      labels: ['platform-portal', 'env:prod', 'severity:critical'],
    });
    expect(created).toMatchObject({
      number: 1,
      state: 'open',
      user: { login: 'platform-portal[bot]' },
      labels: [
        { name: 'platform-portal' },
        { name: 'env:prod' },
        { name: 'severity:critical' },
      ],
    });
    expect(created.pull_request).toBeUndefined();
    await octokit.issues.create({ ...r, title: 'other', labels: ['env:dev'] });

    const listed = await octokit.issues.listForRepo({
      ...r,
      state: 'open',
      labels: 'platform-portal,env:prod',
    });
    expect(listed.data.map(i => i.number)).toEqual([1]);

    await octokit.issues.update({
      ...r,
      issue_number: 1,
      body: 'Ceph HEALTH_ERR since 10:00',
    });
    const { data: comment } = await octokit.issues.createComment({
      ...r,
      issue_number: 1,
      body: 'Recovered: prod is ok again.',
    });
    expect(comment.body).toBe('Recovered: prod is ok again.');
    const { data: closed } = await octokit.issues.update({
      ...r,
      issue_number: 1,
      state: 'closed',
      state_reason: 'completed',
    });
    expect(closed).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
      body: 'Ceph HEALTH_ERR since 10:00',
      comments: 1,
    });
    expect(closed.closed_at).toEqual(expect.any(String));
    expect(
      (
        await octokit.issues.listForRepo({
          ...r,
          state: 'open',
          labels: 'platform-portal',
        })
      ).data,
    ).toEqual([]);
    expect(
      (await octokit.issues.listComments({ ...r, issue_number: 1 })).data.map(
        c => c.body,
      ),
    ).toEqual(['Recovered: prod is ok again.']);
  });

  it('share their numbers with pull requests; an unknown issue is 404 and a title is required', async () => {
    await octokit.issues.create({ ...r, title: 'first' });
    await octokit.git.createRef({
      ...r,
      ref: 'refs/heads/b',
      sha: (
        await octokit.repos.getBranch({ ...r, branch: 'main' })
      ).data.commit.sha,
    });
    await pushCommit(octokit, {
      ...r,
      branch: 'b',
      message: 'b',
      files: { 'b.txt': 'b\n' },
    });
    const { data: pull } = await octokit.pulls.create({
      ...r,
      title: 'pr',
      head: 'b',
      base: 'main',
    });
    expect(pull.number).toBe(2);
    const { data: second } = await octokit.issues.create({
      ...r,
      title: 'third',
    });
    expect(second.number).toBe(3);
    // the pull request is an issue too, in the list and by number
    const all = await octokit.issues.listForRepo({ ...r, state: 'all' });
    expect(all.data.map(i => [i.number, !!i.pull_request])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
    await expect(
      octokit.issues.update({ ...r, issue_number: 9, body: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.issues.create({ ...r, title: '' }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
