/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { generateKeyPairSync } from 'node:crypto';
import { signAppJwt } from './apps';
import { implementedOperations } from './routes';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Calls every implemented operation once (plus HEAD, raw media type, symlinks
 * and submodules) and checks that no answer strays from GitHub's schema.
 */
jest.setTimeout(60_000);

const appKey = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

describe('every endpoint answers within the OpenAPI description', () => {
  let standin: GitHubStandin;

  beforeAll(async () => {
    standin = await startGitHubStandin({
      repos: [
        {
          owner: 'acme',
          name: 'svc',
          defaultBranch: 'trunk',
          files: { 'docs/index.md': '# Docs\n', LICENSE: 'MIT\n' },
        },
      ],
      tokens: ['tok', { token: 'rev', login: 'reviewer' }],
      apps: [
        {
          appId: 9,
          slug: 'acme-bot',
          keyPem: appKey.publicKey,
          installations: [{ id: 90, account: 'acme' }],
        },
      ],
    });
  });

  afterAll(async () => {
    await standin.close();
  });

  it('covers all routes', async () => {
    const o = new Octokit({ baseUrl: standin.url, auth: 'tok', log: quiet });
    const reviewer = new Octokit({
      baseUrl: standin.url,
      auth: 'rev',
      log: quiet,
    });
    const owner = 'acme';
    const repo = 'svc';
    const r = { owner, repo };
    const main = (await standin.repo(owner, repo).headSha())!;

    await o.rateLimit.get();
    await o.users.getAuthenticated();
    await o.repos.get(r);
    expect((await o.repos.listBranches(r)).data.map(b => b.name)).toEqual([
      'trunk',
    ]);
    await o.repos.getBranch({ ...r, branch: 'trunk' });
    const commits = await o.repos.listCommits({ ...r, per_page: 1 });
    expect(commits.data[0].sha).toBe(main);
    const tarball = await o.repos.downloadTarballArchive({ ...r, ref: main });
    expect(tarball.url).toBe(
      `${standin.url}/_codeload/acme/svc/legacy.tar.gz/${main}`,
    );
    const commit = await o.repos.getCommit({ ...r, ref: 'trunk' });
    expect(commit.data.files?.map(f => f.filename).sort()).toEqual([
      'LICENSE',
      'docs/index.md',
    ]);
    await o.repos.createCommitStatus({
      ...r,
      sha: main,
      state: 'success',
      context: 'ci/build',
      target_url: 'https://ci.example.com/1',
    });
    await o.checks.create({
      ...r,
      name: 'lint',
      head_sha: main,
      conclusion: 'failure',
      output: { title: 'lint', summary: '3 problems' },
    });
    await o.repos.getCombinedStatusForRef({ ...r, ref: 'trunk' });
    await o.checks.listForRef({ ...r, ref: main });

    // tree with a symlink and a submodule
    const { data: baseTree } = await o.git.getTree({
      ...r,
      tree_sha: 'trunk',
      recursive: '1',
    });
    expect(baseTree.tree.map(e => `${e.type}:${e.path}`)).toEqual([
      'blob:LICENSE',
      'tree:docs',
      'blob:docs/index.md',
    ]);
    const { data: tree } = await o.git.createTree({
      ...r,
      base_tree: baseTree.sha,
      tree: [
        { path: 'latest', mode: '120000', content: 'docs/index.md' },
        { path: 'vendor/lib', mode: '160000', type: 'commit', sha: main },
        {
          path: 'copy',
          mode: '040000',
          type: 'tree',
          sha: baseTree.tree[1].sha,
        },
      ],
    });
    const { data: c2 } = await o.git.createCommit({
      ...r,
      message: 'links',
      tree: tree.sha,
      parents: [main],
      committer: {
        name: 'C',
        email: 'c@example.com',
        date: '2024-05-01T10:00:00+02:00',
      },
      author: {
        name: 'A',
        email: 'a@example.com',
        date: '2024-05-01T08:00:00Z',
      },
    });
    expect(c2.author.date).toBe('2024-05-01T08:00:00Z');
    expect(c2.committer.date).toBe('2024-05-01T08:00:00Z');
    await o.git.getCommit({ ...r, commit_sha: c2.sha });
    const signature =
      '-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----';
    const { data: signed } = await o.git.createCommit({
      ...r,
      message: 'signed\n',
      tree: tree.sha,
      parents: [c2.sha],
      signature,
    });
    expect(signed.verification).toMatchObject({ verified: false, signature });
    expect(signed.verification.payload).toContain(`parent ${c2.sha}`);
    await o.git.createRef({ ...r, ref: 'refs/heads/links', sha: c2.sha });
    await o.git.updateRef({ ...r, ref: 'heads/links', sha: c2.sha });
    await o.git.getRef({ ...r, ref: 'heads/links' });
    const symlink = await o.repos.getContent({
      ...r,
      path: 'latest',
      ref: 'links',
    });
    expect(symlink.data).toMatchObject({
      type: 'symlink',
      target: 'docs/index.md',
    });
    const sub = await o.repos.getContent({
      ...r,
      path: 'vendor/lib',
      ref: 'links',
    });
    expect(sub.data).toMatchObject({ type: 'submodule', sha: main });
    const root = await o.repos.getContent({ ...r, path: '', ref: 'links' });
    expect((root.data as Array<{ path: string }>).map(e => e.path)).toEqual([
      'LICENSE',
      'copy',
      'docs',
      'latest',
      'vendor',
    ]);
    const raw = await o.request('GET /repos/{owner}/{repo}/contents/{path}', {
      ...r,
      path: 'copy/index.md',
      ref: 'links',
      headers: { accept: 'application/vnd.github.raw' },
    });
    const rawData = raw.data as unknown as ArrayBuffer | string;
    expect(
      typeof rawData === 'string' ? rawData : Buffer.from(rawData).toString(),
    ).toBe('# Docs\n');
    const head = await o.request('HEAD /repos/{owner}/{repo}/contents/{path}', {
      ...r,
      path: 'LICENSE',
    });
    expect(head.status).toBe(200);
    expect(
      (await o.git.listMatchingRefs({ ...r, ref: 'heads/' })).data.map(
        x => x.ref,
      ),
    ).toEqual(['refs/heads/links', 'refs/heads/trunk']);
    await expect(
      o.git.updateRef({ ...r, ref: 'heads/links', sha: main }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Update is not a fast forward' } },
    });

    const { data: blob } = await o.git.createBlob({ ...r, content: 'plain' });
    const { data: readBlob } = await o.git.getBlob({
      ...r,
      file_sha: blob.sha,
    });
    expect(Buffer.from(readBlob.content, 'base64').toString()).toBe('plain');

    // pull request life cycle
    const { data: pr } = await o.pulls.create({
      ...r,
      head: 'links',
      base: 'trunk',
      title: 'Links',
      draft: true,
    });
    expect(pr).toMatchObject({ draft: true, mergeable_state: 'draft' });
    await o.pulls.get({ ...r, pull_number: pr.number });
    await o.pulls.list({
      ...r,
      state: 'all',
      base: 'trunk',
      per_page: 1,
      page: 1,
    });
    await o.pulls.listCommits({ ...r, pull_number: pr.number });
    await o.pulls.listFiles({ ...r, pull_number: pr.number });
    await o.pulls.requestReviewers({
      ...r,
      pull_number: pr.number,
      reviewers: ['reviewer', 'other'],
    });
    await expect(
      o.pulls.requestReviewers({
        ...r,
        pull_number: pr.number,
        reviewers: ['standin-user'],
      }),
    ).rejects.toMatchObject({ status: 422 });
    await o.pulls.removeRequestedReviewers({
      ...r,
      pull_number: pr.number,
      reviewers: ['other'],
    });
    expect(
      (
        await o.pulls.listRequestedReviewers({ ...r, pull_number: pr.number })
      ).data.users.map(u => u.login),
    ).toEqual(['reviewer']);
    await reviewer.pulls.createReview({
      ...r,
      pull_number: pr.number,
      event: 'APPROVE',
      body: 'lgtm',
    });
    expect(
      (await o.pulls.listReviews({ ...r, pull_number: pr.number })).data.map(
        v => `${v.user?.login}:${v.state}`,
      ),
    ).toEqual(['reviewer:APPROVED']);
    await o.issues.addLabels({ ...r, issue_number: pr.number, labels: ['x'] });
    await o.issues.listLabelsOnIssue({ ...r, issue_number: pr.number });
    await o.issues.addAssignees({
      ...r,
      issue_number: pr.number,
      assignees: ['reviewer'],
    });
    await expect(
      o.pulls.checkIfMerged({ ...r, pull_number: pr.number }),
    ).rejects.toMatchObject({ status: 404 });
    await o.pulls.update({ ...r, pull_number: pr.number, body: 'ready' });
    await o.pulls.merge({
      ...r,
      pull_number: pr.number,
      merge_method: 'squash',
    });
    expect(
      (await o.pulls.checkIfMerged({ ...r, pull_number: pr.number })).status,
    ).toBe(204);
    expect(
      Object.keys(await standin.repo(owner, repo).readFiles('trunk')).sort(),
    ).toEqual(['LICENSE', 'copy/index.md', 'docs/index.md', 'latest']);

    // forks
    await o.repos.createFork({ ...r, organization: 'forks' });
    expect((await o.repos.listForks(r)).data.map(f => f.full_name)).toEqual([
      'forks/svc',
    ]);
    await o.git.deleteRef({ ...r, ref: 'heads/links' });

    // a GitHub App: its installations, and a token that acts as its bot
    const asApp = new Octokit({
      baseUrl: standin.url,
      auth: signAppJwt(9, appKey.privateKey),
      log: quiet,
    });
    expect((await asApp.apps.listInstallations()).data.map(i => i.id)).toEqual([
      90,
    ]);
    const { data: installationToken } =
      await asApp.apps.createInstallationAccessToken({ installation_id: 90 });
    const asBot = new Octokit({
      baseUrl: standin.url,
      auth: installationToken.token,
      log: quiet,
    });
    expect((await asBot.users.getAuthenticated()).data.login).toBe(
      'acme-bot[bot]',
    );

    // issues proper: created, listed, read, edited, commented on
    const { data: issue } = await o.issues.create({
      ...r,
      title: 'prod is critical',
      labels: ['alert'],
    });
    expect(
      (await o.issues.listForRepo({ ...r, labels: 'alert' })).data.map(
        i => i.number,
      ),
    ).toEqual([issue.number]);
    expect(
      (await o.issues.get({ ...r, issue_number: issue.number })).data.title,
    ).toBe('prod is critical');
    await o.issues.createComment({
      ...r,
      issue_number: issue.number,
      body: 'recovered',
    });
    expect(
      (await o.issues.listComments({ ...r, issue_number: issue.number })).data,
    ).toHaveLength(1);
    await o.issues.update({
      ...r,
      issue_number: issue.number,
      state: 'closed',
    });

    // unknown things are 404
    await expect(o.pulls.get({ ...r, pull_number: 99 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(o.repos.get({ owner, repo: 'missing' })).rejects.toMatchObject(
      { status: 404 },
    );

    // one key per operation; with no violations all of them are implemented ones
    const used = Object.keys(standin.requestCounts().byOperation);
    expect(used).toHaveLength(implementedOperations().length);
    expect(standin.violations()).toEqual([]);
  });

  it('encodes odd paths and branch names in URLs', async () => {
    const o = new Octokit({ baseUrl: standin.url, auth: 'tok', log: quiet });
    await standin.addRepo({
      owner: 'acme',
      name: 'odd',
      files: { 'notes/a b#1.md': 'odd\n', 'ünï/cödé.txt': 'ü\n' },
    });
    const r = { owner: 'acme', repo: 'odd' };
    const { data: file } = await o.repos.getContent({
      ...r,
      path: 'notes/a b#1.md',
    });
    expect(file).toMatchObject({ path: 'notes/a b#1.md', name: 'a b#1.md' });
    const { data: dir } = await o.repos.getContent({ ...r, path: 'ünï' });
    expect((dir as Array<{ path: string }>)[0].path).toBe('ünï/cödé.txt');
    const sha = (await standin.repo('acme', 'odd').headSha())!;
    await o.git.createRef({ ...r, ref: 'refs/heads/feat/a#b', sha });
    await o.repos.getBranch({ ...r, branch: 'feat/a#b' });
    expect(await standin.repo('acme', 'odd').readFiles()).toEqual({
      'notes/a b#1.md': 'odd\n',
      'ünï/cödé.txt': 'ü\n',
    });
    expect(standin.violations()).toEqual([]);
  });
});
