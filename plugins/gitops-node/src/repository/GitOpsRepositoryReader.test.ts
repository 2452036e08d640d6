/**
 * @jest-environment node
 */
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create } from 'tar';
import { createGitHubClient } from '../github/createGitHubClient';
import {
  DirectoryRepositoryReader,
  GitHubRepositoryReader,
} from './GitOpsRepositoryReader';
import { ArchiveRefusedError, unpackRepositoryArchive } from './readArchive';

jest.setTimeout(60_000);

const TOKEN = 'ghp_reader_test';
const FILES = {
  'README.md': '# gitops\n',
  'argocd/apps/applications/databases/postgres.yaml': 'kind: Application\n',
  'clusters/dev/a/namespace.yaml': 'kind: Namespace\n',
};

let standin: GitHubStandin;

beforeEach(async () => {
  standin = await startGitHubStandin({
    repos: [{ owner: 'acme', name: 'gitops', files: FILES }],
    tokens: [TOKEN],
  });
});

afterEach(async () => {
  // every request matched GitHub's OpenAPI description
  const violations = standin.violations();
  await standin.close();
  if (violations.length > 0)
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations)}`,
    );
});

function reader() {
  const octokit = createGitHubClient({
    baseUrl: standin.url,
    token: TOKEN,
    writeIntervalMs: 0,
  });
  return new GitHubRepositoryReader({
    octokit: async () => octokit,
    owner: 'acme',
    repo: 'gitops',
    branch: 'main',
    webUrl: 'https://github.local/acme/gitops',
  });
}

describe('GitHubRepositoryReader', () => {
  it('reads every file at the head in one archive download, and an unmoved head in one request', async () => {
    const r = reader();
    standin.resetCounts();
    const first = await r.snapshot();
    expect(
      Object.fromEntries(first.paths().map(p => [p, first.text(p)])),
    ).toEqual(FILES);
    expect(first.revision).toBe(await standin.repo('acme', 'gitops').headSha());
    // the ref, and the tarball (GitHub redirects it to a download that is not an API request)
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 1 });

    standin.resetCounts();
    const head = await r.head();
    const again = await r.snapshot(head);
    expect(again).toBe(first);
    expect(standin.requestCounts()).toMatchObject({ total: 1, downloads: 0 });
  });

  it('reads a moved head with one more download, and shares a read under way', async () => {
    const r = reader();
    await r.snapshot();
    const repo = standin.repo('acme', 'gitops');
    const octokit = createGitHubClient({
      baseUrl: standin.url,
      token: TOKEN,
      writeIntervalMs: 0,
    });
    // a merge to main: one commit more
    const r0 = { owner: 'acme', repo: 'gitops' };
    const base = (await repo.headSha())!;
    const { data: baseCommit } = await octokit.git.getCommit({
      ...r0,
      commit_sha: base,
    });
    const { data: tree } = await octokit.git.createTree({
      ...r0,
      base_tree: baseCommit.tree.sha,
      tree: [
        {
          path: 'argocd/apps/applications/databases/redis.yaml',
          mode: '100644',
          type: 'blob',
          content: 'kind: Application\n',
        },
      ],
    });
    const { data: commit } = await octokit.git.createCommit({
      ...r0,
      message: 'redis',
      tree: tree.sha,
      parents: [base],
    });
    await octokit.git.updateRef({ ...r0, ref: 'heads/main', sha: commit.sha });
    standin.resetCounts();
    const head = await r.head();
    const [a, b] = await Promise.all([r.snapshot(head), r.snapshot(head)]);
    expect(a).toBe(b);
    expect(a.revision).toBe(await repo.headSha());
    expect(a.text('argocd/apps/applications/databases/redis.yaml')).toBe(
      'kind: Application\n',
    );
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 1 });
  });
});

/** A gzipped tar laid out as GitHub's, from a folder made by `build`. */
async function archiveOf(build: (dir: string) => void): Promise<Buffer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'archive-'));
  const top = path.join(root, 'acme-gitops-abc1234');
  mkdirSync(top);
  build(top);
  const chunks: Buffer[] = [];
  const stream = create({ gzip: true, cwd: root, portable: true }, [
    'acme-gitops-abc1234',
  ]);
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('unpackRepositoryArchive', () => {
  it('hands out regular files and skips links, large files and long paths with their reason', async () => {
    const archive = await archiveOf(dir => {
      mkdirSync(path.join(dir, 'apps'));
      writeFileSync(path.join(dir, 'apps/a.yaml'), 'kind: Application\n');
      writeFileSync(path.join(dir, 'big.yaml'), 'x'.repeat(2048));
      writeFileSync(
        path.join(dir, 'binary.png'),
        Buffer.from([0xff, 0xfe, 0x00]),
      );
      symlinkSync('/etc/passwd', path.join(dir, 'apps/link.yaml'));
      writeFileSync(path.join(dir, `${'n'.repeat(200)}.yaml`), 'a: 1\n');
    });
    const { files, skipped } = await unpackRepositoryArchive(archive, {
      maxFileBytes: 1024,
      maxPathLength: 100,
    });
    expect([...files.keys()].sort()).toEqual(['apps/a.yaml', 'binary.png']);
    expect(skipped.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: 'apps/link.yaml', reason: 'a link, not a file' },
      { path: 'big.yaml', reason: 'larger than 1024 bytes (2048)' },
      {
        path: `${'n'.repeat(200)}.yaml`,
        reason: 'the path is longer than 100 characters',
      },
    ]);
  });

  it('refuses an archive over the total size, with too many entries, or damaged', async () => {
    const archive = await archiveOf(dir => {
      for (let i = 0; i < 5; i++)
        writeFileSync(path.join(dir, `f${i}.yaml`), 'y'.repeat(100));
    });
    await expect(
      unpackRepositoryArchive(archive, { maxTotalBytes: 250 }),
    ).rejects.toThrow(
      new ArchiveRefusedError(
        'the repository holds more than 250 bytes of files',
      ),
    );
    await expect(
      unpackRepositoryArchive(archive, { maxEntries: 3 }),
    ).rejects.toThrow('the repository archive has more than 3 entries');
    await expect(
      unpackRepositoryArchive(archive.subarray(0, archive.length - 20)),
    ).rejects.toThrow(/the repository archive is damaged/);
  });
});

describe('DirectoryRepositoryReader', () => {
  it('reads a checkout, with a revision that moves only when a file does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'checkout-'));
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.git/HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(path.join(dir, 'a.yaml'), 'a: 1\n');
    symlinkSync('/etc/hostname', path.join(dir, 'link.yaml'));
    const r = new DirectoryRepositoryReader(dir);
    const first = await r.snapshot();
    expect(first.paths()).toEqual(['a.yaml']);
    expect(first.skipped).toEqual([
      { path: 'link.yaml', reason: 'a link, not a file' },
    ]);
    expect(await r.head()).toBe(first.revision);
    writeFileSync(path.join(dir, 'a.yaml'), 'a: 2\n');
    expect(await r.head()).not.toBe(first.revision);
  });
});
