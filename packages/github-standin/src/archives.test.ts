/** @jest-environment node */
import { Octokit } from '@octokit/rest';
import { Parser, ReadEntry } from 'tar';
import { GitHubStandin, startGitHubStandin } from './startGitHubStandin';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

interface Unpacked {
  /** Every entry as `Type:path`, in archive order. */
  entries: string[];
  /** path -> utf-8 content of every regular file. */
  files: Record<string, string>;
}

/** Reads a gzipped tar in memory with the `tar` package. */
function unpack(data: ArrayBuffer): Promise<Unpacked> {
  const unpacked: Unpacked = { entries: [], files: {} };
  return new Promise((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry(entry: ReadEntry) {
        unpacked.entries.push(`${entry.type}:${entry.path}`);
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          if (entry.type === 'File') {
            unpacked.files[entry.path] = Buffer.concat(chunks).toString('utf8');
          }
        });
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(unpacked));
    parser.end(Buffer.from(data));
  });
}

/** `files` with every path under `prefix`. */
function under(prefix: string, files: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(files).map(([p, content]) => [`${prefix}${p}`, content]),
  );
}

describe('repository tarball downloads', () => {
  let standin: GitHubStandin;
  let octokit: Octokit;
  let main: string;
  let feature: string;
  const owner = 'acme';
  const repo = 'site';
  const r = { owner, repo };

  beforeAll(async () => {
    standin = await startGitHubStandin({
      repos: [
        {
          owner,
          name: repo,
          files: {
            'README.md': '# site\n',
            'docs/guide/intro.md': 'intro\n',
            'src/app.ts': 'export const app = 1;\n',
          },
        },
      ],
      tokens: ['t0ken'],
    });
    octokit = new Octokit({ baseUrl: standin.url, auth: 't0ken', log: quiet });
    main = (await standin.repo(owner, repo).headSha())!;
    // a second commit on `feature/new`: one file removed, one added
    const base = await octokit.git.getCommit({ ...r, commit_sha: main });
    const { data: tree } = await octokit.git.createTree({
      ...r,
      base_tree: base.data.tree.sha,
      tree: [
        { path: 'docs/guide/intro.md', mode: '100644', sha: null },
        { path: 'src/util.ts', mode: '100644', content: 'export {};\n' },
      ],
    });
    const { data: commit } = await octokit.git.createCommit({
      ...r,
      message: 'Feature',
      tree: tree.sha,
      parents: [main],
    });
    feature = commit.sha;
    await octokit.git.createRef({
      ...r,
      ref: 'refs/heads/feature/new',
      sha: feature,
    });
  });

  afterAll(async () => {
    await standin.close();
  });

  beforeEach(() => {
    standin.clearFaults();
    standin.resetCounts();
  });

  it('serves a commit as a gzipped tar of its files, in one API request', async () => {
    const response = await octokit.rest.repos.downloadTarballArchive({
      ...r,
      ref: main,
    });
    expect(response.status).toBe(200);
    expect(response.data).toBeInstanceOf(ArrayBuffer);
    const name = `acme-site-${main.slice(0, 7)}`;
    expect(response.headers['content-type']).toBe('application/x-gzip');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename=${name}.tar.gz`,
    );
    const { entries, files } = await unpack(response.data as ArrayBuffer);
    expect(files).toEqual(
      under(`${name}/`, await standin.repo(owner, repo).readFiles(main)),
    );
    expect(entries.every(e => e.includes(`:${name}/`))).toBe(true);
    // exactly what git archive makes of the commit
    const expected = await standin
      .repo(owner, repo)
      .git.git(['archive', '--format=tar.gz', `--prefix=${name}/`, main]);
    expect(Buffer.from(response.data as ArrayBuffer).equals(expected)).toBe(
      true,
    );
    expect(standin.requestCounts()).toEqual({
      total: 1,
      byOperation: { 'GET /repos/{owner}/{repo}/tarball/{ref}': 1 },
      downloads: 1,
    });
  });

  it('resolves branch names and full refs to the commit they point at', async () => {
    const name = `acme-site-${feature.slice(0, 7)}/`;
    for (const ref of ['feature/new', 'refs/heads/feature/new']) {
      const { data } = await octokit.rest.repos.downloadTarballArchive({
        ...r,
        ref,
      });
      expect((await unpack(data as ArrayBuffer)).files).toEqual({
        [`${name}README.md`]: '# site\n',
        [`${name}src/app.ts`]: 'export const app = 1;\n',
        [`${name}src/util.ts`]: 'export {};\n',
      });
    }
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 2 });
  });

  it('answers 404 for an unknown ref or repository', async () => {
    await expect(
      octokit.rest.repos.downloadTarballArchive({ ...r, ref: 'missing' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.rest.repos.downloadTarballArchive({
        owner,
        repo: 'missing',
        ref: main,
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 0 });
    const stale = await fetch(
      `${standin.url}/_codeload/acme/site/legacy.tar.gz/${'0'.repeat(40)}`,
    );
    expect(stale.status).toBe(404);
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 1 });
  });

  it('redirects to the download URL on the same origin, also under /api/v3', async () => {
    const location = `${standin.url}/_codeload/acme/site/legacy.tar.gz/${feature}`;
    for (const base of [standin.url, standin.apiBaseUrl]) {
      const response = await fetch(
        `${base}/repos/acme/site/tarball/feature/new`,
        {
          headers: { authorization: 'token t0ken' },
          redirect: 'manual',
        },
      );
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(location);
    }
    const enterprise = new Octokit({
      baseUrl: standin.apiBaseUrl,
      auth: 't0ken',
      log: quiet,
    });
    const { data, url } = await enterprise.rest.repos.downloadTarballArchive({
      ...r,
      ref: feature,
    });
    expect(url).toBe(location);
    expect(Object.keys((await unpack(data as ArrayBuffer)).files)).toHaveLength(
      3,
    );
    expect(standin.requestCounts()).toMatchObject({ total: 3, downloads: 1 });
  });

  it('lets injected faults target the tarball operation', async () => {
    standin.injectFault({
      method: 'GET',
      path: '/repos/{owner}/{repo}/tarball/{ref}',
      status: 502,
    });
    await expect(
      octokit.rest.repos.downloadTarballArchive({ ...r, ref: main }),
    ).rejects.toMatchObject({ status: 502 });
    const { status } = await octokit.rest.repos.downloadTarballArchive({
      ...r,
      ref: main,
    });
    expect(status).toBe(200);
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 1 });
  });

  it('recorded no protocol violations along the way', () => {
    expect(standin.violations()).toEqual([]);
  });
});
