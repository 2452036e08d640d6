/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

// Backstage's publish:github:pull-request action calls this plugin; it is in
// the monorepo's node_modules through the scaffolder GitHub module (not yet a
// declared devDependency of this package).
import * as plugin from 'octokit-plugin-create-pull-request';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

describe('octokit-plugin-create-pull-request against the stand-in', () => {
  let standin: GitHubStandin;
  const owner = 'acme';
  const repo = 'gitops';

  beforeAll(async () => {
    standin = await startGitHubStandin({
      repos: [
        {
          owner,
          name: repo,
          files: {
            'clusters/dev/app.yaml': 'image: v1\n',
            'clusters/dev/old.yaml': 'old\n',
          },
        },
      ],
      tokens: [
        { token: 'portal-token', login: 'portal-bot' },
        { token: 'dev-token', login: 'dev' },
      ],
    });
  });

  afterAll(async () => {
    await standin.close();
  });

  it('creates, then updates, a pull request with the same calls Backstage makes', async () => {
    standin.resetCounts();
    const octokit = new Octokit({
      baseUrl: standin.apiBaseUrl,
      auth: 'portal-token',
      log: quiet,
    });
    const changes = (image: string) => [
      {
        files: {
          'clusters/dev/app.yaml': {
            content: Buffer.from(`image: ${image}\n`).toString('base64'),
            encoding: 'base64' as const,
            mode: '100644' as const,
          },
          'clusters/dev/run.sh': {
            content: Buffer.from('#!/bin/sh\n').toString('base64'),
            encoding: 'base64' as const,
            mode: '100755' as const,
          },
          'clusters/dev/old.yaml': plugin.DELETE_FILE,
          'clusters/dev/never-existed.yaml': plugin.DELETE_FILE,
        },
        commit: `Deploy ${image}`,
        author: { name: 'Scaffolder', email: 'scaffolder@backstage.io' },
      },
    ];
    const created = await plugin.composeCreatePullRequest(octokit as any, {
      owner,
      repo,
      title: 'Deploy v2',
      body: 'Rolls out v2',
      head: 'deploy/v2',
      changes: changes('v2'),
      labels: ['deploy'],
    });
    expect(created?.data.number).toBe(1);
    expect(created?.data.html_url).toBe(`${standin.url}/acme/gitops/pull/1`);
    const git = standin.repo(owner, repo);
    expect(await git.readFiles('deploy/v2')).toEqual({
      'clusters/dev/app.yaml': 'image: v2\n',
      'clusters/dev/run.sh': '#!/bin/sh\n',
    });
    expect(git.pulls()[0]).toMatchObject({ labels: ['deploy'], state: 'open' });

    await expect(
      plugin.composeCreatePullRequest(octokit as any, {
        owner,
        repo,
        title: 'Deploy v3',
        body: '',
        head: 'deploy/v2',
        changes: changes('v3'),
      }),
    ).rejects.toThrow(/Pull request already exists/);

    const updated = await plugin.composeCreatePullRequest(octokit as any, {
      owner,
      repo,
      title: 'Deploy v3',
      body: 'Rolls out v3',
      head: 'deploy/v2',
      update: true,
      changes: changes('v3'),
    });
    expect(updated?.data).toMatchObject({ number: 1, title: 'Deploy v3' });
    expect((await git.readFiles('deploy/v2'))['clusters/dev/app.yaml']).toBe(
      'image: v3\n',
    );

    const counts = standin.requestCounts().byOperation;
    expect(counts).toMatchObject({
      'GET /repos/{owner}/{repo}': 3,
      'GET /repos/{owner}/{repo}/commits': 3,
      'GET /repos/{owner}/{repo}/contents/{path}': 6,
      'POST /repos/{owner}/{repo}/git/blobs': 6,
      'POST /repos/{owner}/{repo}/git/trees': 3,
      'POST /repos/{owner}/{repo}/git/commits': 3,
      'POST /graphql': 3,
      'POST /repos/{owner}/{repo}/git/refs': 1,
      'PATCH /repos/{owner}/{repo}/git/refs/{ref}': 1,
      'POST /repos/{owner}/{repo}/pulls': 1,
      'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': 1,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': 1,
    });
    expect(standin.violations()).toEqual([]);
  });

  it('opens a pull request from a fork (forceFork)', async () => {
    const octokit = new Octokit({
      baseUrl: standin.url,
      auth: 'dev-token',
      log: quiet,
    });
    const result = await plugin.composeCreatePullRequest(octokit as any, {
      owner,
      repo,
      title: 'From my fork',
      body: '',
      head: 'fix',
      forceFork: true,
      changes: [{ files: { 'FORK.md': 'hello\n' }, commit: 'Add FORK.md' }],
    });
    expect(result?.data).toMatchObject({
      number: 2,
      head: { label: 'dev:fix', repo: { full_name: 'dev/gitops', fork: true } },
      base: { ref: 'main', repo: { full_name: 'acme/gitops' } },
      changed_files: 1,
    });
    expect(await standin.repo('dev', repo).readFiles('fix')).toHaveProperty(
      ['FORK.md'],
      'hello\n',
    );
    expect(standin.repo(owner, repo).pulls()[1].head).toBe('dev:fix');
    const { data: files } = await octokit.pulls.listFiles({
      owner,
      repo,
      pull_number: 2,
    });
    expect(files.map(f => f.filename)).toEqual(['FORK.md']);

    // the maintainer merges it
    const maintainer = new Octokit({
      baseUrl: standin.url,
      auth: 'portal-token',
      log: quiet,
    });
    const { data: merge } = await maintainer.pulls.merge({
      owner,
      repo,
      pull_number: 2,
    });
    expect(merge.merged).toBe(true);
    expect(await standin.repo(owner, repo).headSha()).toBe(merge.sha);
    expect(await standin.repo(owner, repo).readFiles()).toHaveProperty([
      'FORK.md',
    ]);
    const { data: merged } = await maintainer.pulls.get({
      owner,
      repo,
      pull_number: 2,
    });
    expect(merged).toMatchObject({ state: 'closed', merged: true });

    const first = await maintainer.pulls.list({
      owner,
      repo,
      state: 'all',
      per_page: 1,
    });
    expect(first.data.map(p => p.number)).toEqual([2]);
    expect(first.headers.link).toContain('rel="next"');
    const second = await maintainer.pulls.list({
      owner,
      repo,
      state: 'all',
      per_page: 1,
      page: 2,
    });
    expect(second.data.map(p => p.number)).toEqual([1]);
    expect(second.headers.link).toContain('rel="prev"');
    const closed = await maintainer.pulls.list({
      owner,
      repo,
      state: 'closed',
    });
    expect(closed.data.map(p => p.number)).toEqual([2]);
    expect(standin.violations()).toEqual([]);
  });
});
