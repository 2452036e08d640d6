/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

const execFileAsync = promisify(execFile);

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Reads the bare repository with plain git, independent of the stand-in's code. */
async function git(gitDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    env: { ...process.env, GIT_DIR: gitDir },
  });
  return stdout;
}

const seedFiles = {
  'README.md': '# Platform\n',
  'apps/web.yaml': 'replicas: 1\n',
  'apps/legacy.yaml': 'replicas: 0\n',
};

describe('startGitHubStandin', () => {
  let standin: GitHubStandin;
  let octokit: Octokit;

  beforeAll(async () => {
    standin = await startGitHubStandin({
      repos: [{ owner: 'acme', name: 'platform', files: seedFiles }],
      tokens: ['good-token', { token: 'alice-token', login: 'alice' }],
    });
    octokit = new Octokit({
      baseUrl: standin.url,
      auth: 'good-token',
      log: quiet,
    });
  });

  afterAll(async () => {
    await standin.close();
  });

  afterEach(() => {
    standin.clearFaults();
  });

  it('serves on loopback and seeds a real bare repository', async () => {
    expect(standin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standin.apiBaseUrl).toBe(`${standin.url}/api/v3`);
    const repo = standin.repo('acme', 'platform');
    expect(await git(repo.gitDir, 'rev-parse', '--is-bare-repository')).toBe(
      'true\n',
    );
    expect(await repo.readFiles('main')).toEqual(seedFiles);
    expect(await repo.branches()).toEqual(['main']);
    expect((await repo.refs()).map(r => r.ref)).toEqual(['refs/heads/main']);
    expect(await repo.headSha('main')).toBe(
      (await git(repo.gitDir, 'rev-parse', 'refs/heads/main')).trim(),
    );
  });

  it('publishes a pull request through the Git Data API', async () => {
    const owner = 'acme';
    const repoName = 'platform';
    const repo = standin.repo(owner, repoName);
    const { data: repository } = await octokit.repos.get({
      owner,
      repo: repoName,
    });
    expect(repository.default_branch).toBe('main');
    expect(repository.permissions?.push).toBe(true);

    const { data: ref } = await octokit.git.getRef({
      owner,
      repo: repoName,
      ref: 'heads/main',
    });
    expect(ref.object.sha).toBe(await repo.headSha('main'));
    const { data: baseCommit } = await octokit.git.getCommit({
      owner,
      repo: repoName,
      commit_sha: ref.object.sha,
    });

    const { data: blob } = await octokit.git.createBlob({
      owner,
      repo: repoName,
      content: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
      encoding: 'base64',
    });
    const { data: tree } = await octokit.git.createTree({
      owner,
      repo: repoName,
      base_tree: baseCommit.tree.sha,
      tree: [
        { path: 'README.md', mode: '100644', content: '# Platform\n\nv2\n' },
        { path: 'apps/api.yaml', mode: '100644', content: 'replicas: 2\n' },
        { path: 'apps/legacy.yaml', mode: '100644', sha: null },
        { path: 'bin/run.sh', mode: '100755', type: 'blob', sha: blob.sha },
      ],
    });
    expect(await git(repo.gitDir, 'cat-file', '-t', tree.sha)).toBe('tree\n');

    const { data: commit } = await octokit.git.createCommit({
      owner,
      repo: repoName,
      message: 'Add the api app',
      tree: tree.sha,
      parents: [ref.object.sha],
      author: { name: 'Portal', email: 'portal@example.com' },
    });
    expect(commit.parents.map(p => p.sha)).toEqual([ref.object.sha]);
    expect(
      await git(repo.gitDir, 'log', '-1', '--format=%an|%s', commit.sha),
    ).toBe('Portal|Add the api app\n');

    await octokit.git.createRef({
      owner,
      repo: repoName,
      ref: 'refs/heads/portal/add-api',
      sha: commit.sha,
    });
    const { data: pr } = await octokit.pulls.create({
      owner,
      repo: repoName,
      head: 'portal/add-api',
      base: 'main',
      title: 'Add the api app',
      body: 'Adds <api> & removes legacy',
    });
    expect(pr.number).toBe(1);
    expect(pr.html_url).toBe(`${standin.url}/acme/platform/pull/1`);
    expect(pr.head.sha).toBe(commit.sha);
    expect(pr.head.ref).toBe('portal/add-api');
    expect(pr.base.sha).toBe(ref.object.sha);
    expect(pr.mergeable).toBe(true);
    expect(pr.changed_files).toBe(4);

    const { data: labels } = await octokit.issues.addLabels({
      owner,
      repo: repoName,
      issue_number: pr.number,
      labels: ['portal', 'gitops'],
    });
    expect(labels.map(l => l.name)).toEqual(['portal', 'gitops']);
    const { data: reviewed } = await octokit.pulls.requestReviewers({
      owner,
      repo: repoName,
      pull_number: pr.number,
      reviewers: ['alice'],
      team_reviewers: ['platform-team'],
    });
    expect(reviewed.requested_reviewers?.map(u => u.login)).toEqual(['alice']);
    expect(reviewed.requested_teams?.map(t => t.slug)).toEqual([
      'platform-team',
    ]);

    // read back with git
    expect(await repo.readFiles('portal/add-api')).toEqual({
      'README.md': '# Platform\n\nv2\n',
      'apps/web.yaml': 'replicas: 1\n',
      'apps/api.yaml': 'replicas: 2\n',
      'bin/run.sh': '#!/bin/sh\necho hi\n',
    });
    expect(
      await git(
        repo.gitDir,
        'ls-tree',
        '-r',
        'refs/heads/portal/add-api',
        'bin',
      ),
    ).toMatch(/^100755 blob /);
    expect(await repo.readFiles('main')).toEqual(seedFiles);
    expect(await repo.branches()).toEqual(['main', 'portal/add-api']);
    expect(repo.pulls()).toEqual([
      expect.objectContaining({
        number: 1,
        state: 'open',
        head: 'acme:portal/add-api',
        headSha: commit.sha,
        base: 'main',
        labels: ['portal', 'gitops'],
        requestedReviewers: ['alice'],
        requestedTeams: ['platform-team'],
      }),
    ]);

    const { data: files } = await octokit.pulls.listFiles({
      owner,
      repo: repoName,
      pull_number: pr.number,
    });
    expect(Object.fromEntries(files.map(f => [f.filename, f.status]))).toEqual({
      'README.md': 'modified',
      'apps/api.yaml': 'added',
      'apps/legacy.yaml': 'removed',
      'bin/run.sh': 'added',
    });
    expect(files.find(f => f.filename === 'README.md')?.patch).toContain('+v2');

    const { data: content } = await octokit.repos.getContent({
      owner,
      repo: repoName,
      path: 'apps/api.yaml',
      ref: 'portal/add-api',
    });
    expect(
      Buffer.from(
        (content as { content: string }).content,
        'base64',
      ).toString(),
    ).toBe('replicas: 2\n');
    const { data: dir } = await octokit.repos.getContent({
      owner,
      repo: repoName,
      path: 'apps',
    });
    expect((dir as Array<{ name: string }>).map(e => e.name).sort()).toEqual([
      'legacy.yaml',
      'web.yaml',
    ]);
    await expect(
      octokit.repos.getContent({ owner, repo: repoName, path: 'nope.txt' }),
    ).rejects.toMatchObject({ status: 404 });

    const { data: open } = await octokit.pulls.list({
      owner,
      repo: repoName,
      head: 'acme:portal/add-api',
      state: 'open',
    });
    expect(open.map(p => p.number)).toEqual([1]);
    const { data: none } = await octokit.pulls.list({
      owner,
      repo: repoName,
      head: 'acme:other',
    });
    expect(none).toEqual([]);

    const { data: branch } = await octokit.repos.getBranch({
      owner,
      repo: repoName,
      branch: 'portal/add-api',
    });
    expect(branch.commit.sha).toBe(commit.sha);
    const { data: status } = await octokit.repos.getCombinedStatusForRef({
      owner,
      repo: repoName,
      ref: commit.sha,
    });
    expect(status.state).toBe('pending');
    const { data: checks } = await octokit.checks.listForRef({
      owner,
      repo: repoName,
      ref: 'portal/add-api',
    });
    expect(checks.total_count).toBe(0);
    const { data: reviews } = await octokit.pulls.listReviews({
      owner,
      repo: repoName,
      pull_number: pr.number,
    });
    expect(reviews).toEqual([]);

    // the web page a person following html_url sees
    const page = await fetch(pr.html_url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Add the api app');
    expect(html).toContain('Adds &lt;api&gt; &amp; removes legacy');
    expect(html).toContain('apps/api.yaml');

    // duplicate pull request
    await expect(
      octokit.pulls.create({
        owner,
        repo: repoName,
        head: 'acme:portal/add-api',
        base: 'main',
        title: 'again',
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            expect.objectContaining({
              message: 'A pull request already exists for acme:portal/add-api.',
            }),
          ],
        },
      },
    });
    // a head without commits ahead, and one that does not exist
    await octokit.git.createRef({
      owner,
      repo: repoName,
      ref: 'refs/heads/empty',
      sha: ref.object.sha,
    });
    await expect(
      octokit.pulls.create({
        owner,
        repo: repoName,
        head: 'empty',
        base: 'main',
        title: 'nothing',
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.pulls.create({
        owner,
        repo: repoName,
        head: 'missing',
        base: 'main',
        title: 'nothing',
      }),
    ).rejects.toMatchObject({ status: 422 });
    await octokit.git.deleteRef({ owner, repo: repoName, ref: 'heads/empty' });
    expect(await repo.branches()).toEqual(['main', 'portal/add-api']);

    // force-update the head branch and close the PR
    const { data: second } = await octokit.git.createCommit({
      owner,
      repo: repoName,
      message: 'Rewrite',
      tree: baseCommit.tree.sha,
      parents: [commit.sha],
    });
    await octokit.git.updateRef({
      owner,
      repo: repoName,
      ref: 'heads/portal/add-api',
      sha: second.sha,
      force: true,
    });
    const { data: updated } = await octokit.pulls.update({
      owner,
      repo: repoName,
      pull_number: 1,
      title: 'Renamed',
      state: 'closed',
    });
    expect(updated).toMatchObject({
      title: 'Renamed',
      state: 'closed',
      head: { sha: second.sha },
    });

    expect(standin.violations()).toEqual([]);
  });

  it('answers 401 Bad credentials for a wrong or missing token', async () => {
    for (const auth of ['wrong-token', undefined]) {
      const client = new Octokit({ baseUrl: standin.url, auth, log: quiet });
      await expect(
        client.repos.get({ owner: 'acme', repo: 'platform' }),
      ).rejects.toMatchObject({
        status: 401,
        response: {
          data: {
            message: 'Bad credentials',
            documentation_url: expect.any(String),
          },
        },
      });
    }
    const alice = new Octokit({
      baseUrl: standin.url,
      auth: 'alice-token',
      log: quiet,
    });
    expect((await alice.users.getAuthenticated()).data.login).toBe('alice');
    expect((await octokit.users.getAuthenticated()).data.login).toBe(
      'standin-user',
    );
  });

  it('rejects a request that breaks the OpenAPI description and records it', async () => {
    standin.clearViolations();
    const response = await fetch(
      `${standin.url}/repos/acme/platform/git/trees`,
      {
        method: 'POST',
        headers: {
          authorization: 'token good-token',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ base_tree: 'abc' }),
      },
    );
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.message).toBe('Invalid request.\n\n"tree" wasn\'t supplied.');
    expect(body.errors).toEqual([
      expect.objectContaining({ field: 'tree', code: 'missing_field' }),
    ]);
    expect(body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\//);

    const unknown = await fetch(`${standin.url}/repos/acme/platform/nonsense`, {
      headers: { authorization: 'token good-token' },
    });
    expect(unknown.status).toBe(404);
    expect(standin.violations()).toEqual([
      expect.objectContaining({
        kind: 'request',
        standinBug: false,
        operation: 'POST /repos/{owner}/{repo}/git/trees',
      }),
      expect.objectContaining({ kind: 'unknown-endpoint', status: 404 }),
    ]);
    standin.clearViolations();
  });

  it('serves the GitHub Enterprise style /api/v3 prefix', async () => {
    const client = new Octokit({
      baseUrl: standin.apiBaseUrl,
      auth: 'good-token',
    });
    const { data } = await client.repos.get({
      owner: 'acme',
      repo: 'platform',
    });
    expect(data.url).toBe(`${standin.apiBaseUrl}/repos/acme/platform`);
    expect(data.html_url).toBe(`${standin.url}/acme/platform`);
  });
});
