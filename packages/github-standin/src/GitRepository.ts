import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The all-zero object name git uses for "no object". */
export const ZERO_SHA = '0000000000000000000000000000000000000000';

/** A failed git command, with its arguments, exit code and stderr. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

/** A change the Git Data API asked for that git cannot make (GitHub answers 422). */
export class GitDataError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'GitDataError';
  }
}

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export interface TreeEntry {
  path: string;
  mode: string;
  type: ObjectType;
  sha: string;
  /** Blob size in bytes; absent for trees and submodules. */
  size?: number;
}

/** One entry of `POST /git/trees`: inline content, an object sha, or `sha: null` to delete. */
export interface TreeChange {
  path: string;
  mode?: string;
  type?: string;
  sha?: string | null;
  content?: string;
}

export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601 date, as the API takes and returns it. */
  date: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
  /** The `gpgsig` header, when the commit is signed. */
  signature?: string;
  /** The commit text without the signature (what was signed). */
  payload?: string;
}

export interface DiffEntry {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'changed';
  oldSha: string;
  newSha: string;
  additions: number;
  deletions: number;
  binary: boolean;
  patch?: string;
}

export interface RefInfo {
  ref: string;
  sha: string;
  type: ObjectType;
}

const MODE_TYPES: Record<string, ObjectType> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

const SEED_PERSON: GitPerson = {
  name: 'GitHub Stand-in',
  email: 'standin@users.noreply.github.com',
  date: '2024-01-01T00:00:00Z',
};

function gitEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    ...extra,
  };
}

/** `2024-01-01T10:00:00+02:00` -> `@1704096000 +0200`, git's raw date format. */
function toGitDate(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) {
    throw new GitDataError(`${iso} is not a valid date`, 'date');
  }
  const zone = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  const offset = zone ? `${zone[1]}${zone[2]}${zone[3]}` : '+0000';
  return `@${Math.floor(millis / 1000)} ${offset}`;
}

/** `1704096000 +0200` -> `2024-01-01T08:00:00Z` (GitHub answers in UTC). */
function fromGitDate(seconds: string): string {
  return new Date(Number(seconds) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

function parsePerson(value: string): GitPerson {
  const match = /^(.*) <(.*)> (\d+) [+-]\d{4}$/.exec(value);
  if (!match) return { name: value, email: '', date: fromGitDate('0') };
  return { name: match[1], email: match[2], date: fromGitDate(match[3]) };
}

function formatPerson(person: GitPerson): string {
  const date = toGitDate(person.date).slice(1);
  return `${person.name} <${person.email}> ${date}`;
}

/** Rejects path components git (and GitHub) refuse: empty, `.`, `..`, `.git`. */
export function checkTreePath(filePath: string): void {
  const parts = filePath.split('/');
  if (
    !filePath ||
    parts.some(
      part => !part || part === '.' || part === '..' || part === '.git',
    ) ||
    filePath.includes('\0')
  ) {
    throw new GitDataError(
      `tree.path contains a malformed path component`,
      'path',
    );
  }
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    },
  );
  await Promise.all(workers);
  return results;
}

/**
 * A bare git repository driven only through the git CLI (execFile, never a
 * shell). Every object the stand-in hands out is a real git object in here.
 */
export class GitRepository {
  private constructor(readonly gitDir: string) {}

  /** Opens an existing bare repository. */
  static open(gitDir: string): GitRepository {
    return new GitRepository(path.resolve(gitDir));
  }

  /**
   * Creates a bare repository in `gitDir` whose `defaultBranch` holds one
   * commit with `files` (path -> content).
   */
  static async createSeeded(
    gitDir: string,
    files: Record<string, string | Buffer>,
    defaultBranch: string,
  ): Promise<GitRepository> {
    const dir = path.resolve(gitDir);
    await fs.mkdir(dir, { recursive: true });
    await runGit(
      dir,
      ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, '.'],
      { bare: false },
    );
    const repo = new GitRepository(dir);
    await repo.git(['config', 'gc.auto', '0']);
    const paths = Object.keys(files).sort();
    paths.forEach(checkTreePath);
    const shas = await mapLimit(paths, 8, p => repo.writeBlob(files[p]));
    const tree = await repo.writeTreeFromEntries(
      paths.map((p, i) => ({ path: p, mode: '100644', sha: shas[i] })),
    );
    const commit = await repo.createCommit({
      tree,
      parents: [],
      message: 'Initial commit',
      author: SEED_PERSON,
      committer: SEED_PERSON,
    });
    await repo.git(['update-ref', `refs/heads/${defaultBranch}`, commit]);
    return repo;
  }

  /** Runs git with `GIT_DIR` set to this repository. */
  async git(
    args: string[],
    options: { input?: string | Buffer; env?: Record<string, string> } = {},
  ): Promise<Buffer> {
    const { stdout } = await runGit(this.gitDir, args, options);
    return stdout;
  }

  private async gitText(args: string[], input?: string | Buffer) {
    return (await this.git(args, { input })).toString('utf8');
  }

  /** `git hash-object -w --stdin` */
  async writeBlob(content: string | Buffer): Promise<string> {
    return (
      await this.gitText(['hash-object', '-w', '--stdin'], content)
    ).trim();
  }

  /** The object's type, or undefined when there is no such object. */
  async objectType(sha: string): Promise<ObjectType | undefined> {
    if (!/^[0-9a-f]{4,40}$/i.test(sha)) return undefined;
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      ['cat-file', '-t', sha],
      { allowExitCodes: [1, 128] },
    );
    return exitCode === 0
      ? (stdout.toString('utf8').trim() as ObjectType)
      : undefined;
  }

  /** Full object name for an abbreviated or full sha of an existing object. */
  async expandSha(sha: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{4,40}$/i.test(sha)) return undefined;
    return this.revParse(`${sha}^{object}`);
  }

  async readBlob(sha: string): Promise<Buffer> {
    return this.git(['cat-file', 'blob', sha]);
  }

  /** Reads many objects with one `git cat-file --batch`. */
  async readObjects(
    shas: string[],
  ): Promise<Map<string, { type: ObjectType; content: Buffer }>> {
    const result = new Map<string, { type: ObjectType; content: Buffer }>();
    if (shas.length === 0) return result;
    const out = await this.git(['cat-file', '--batch'], {
      input: `${shas.join('\n')}\n`,
    });
    let offset = 0;
    for (const sha of shas) {
      const lineEnd = out.indexOf(10, offset);
      const header = out.toString('utf8', offset, lineEnd).split(' ');
      offset = lineEnd + 1;
      if (header[1] === 'missing' || header.length < 3) continue;
      const size = Number(header[2]);
      result.set(sha, {
        type: header[1] as ObjectType,
        content: out.subarray(offset, offset + size),
      });
      offset += size + 1;
    }
    return result;
  }

  /** Reads a commit by (possibly abbreviated) sha with one `git cat-file --batch`. */
  async readCommit(sha: string): Promise<CommitInfo | undefined> {
    if (!/^[0-9a-f]{4,40}$/i.test(sha)) return undefined;
    const out = await this.git(['cat-file', '--batch'], { input: `${sha}\n` });
    const lineEnd = out.indexOf(10);
    const [full, type, size] = out.toString('utf8', 0, lineEnd).split(' ');
    if (type !== 'commit') return undefined;
    const text = out.toString('utf8', lineEnd + 1, lineEnd + 1 + Number(size));
    return parseCommit(full, text);
  }

  /** Reads several commits with one `git cat-file --batch`. */
  async readCommits(shas: string[]): Promise<CommitInfo[]> {
    const objects = await this.readObjects(shas);
    return shas.flatMap(sha => {
      const object = objects.get(sha);
      return object && object.type === 'commit'
        ? [parseCommit(sha, object.content.toString('utf8'))]
        : [];
    });
  }

  /** `git ls-tree -l [-r -t]`: entries of a tree (recursively with subtrees listed too). */
  async listTree(
    treeish: string,
    options: { recursive?: boolean; trees?: boolean } = {},
  ): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-z', '-l'];
    if (options.recursive) args.push('-r');
    if (options.recursive && options.trees !== false) args.push('-t');
    args.push(treeish);
    return parseTreeListing(await this.gitText(args));
  }

  /** The entry at `filePath` of a tree-ish (file, directory, symlink, submodule). */
  async entryAt(
    treeish: string,
    filePath: string,
  ): Promise<TreeEntry | undefined> {
    const out = await this.gitText([
      'ls-tree',
      '-z',
      '-l',
      treeish,
      '--',
      filePath,
    ]);
    return parseTreeListing(out).find(e => e.path === filePath);
  }

  /**
   * Writes a tree holding exactly `entries` (files, symlinks and submodules
   * with full paths) through a temporary index: `git update-index
   * --index-info` then `git write-tree`.
   */
  async writeTreeFromEntries(
    entries: Array<{ path: string; mode: string; sha: string }>,
  ): Promise<string> {
    const indexFile = path.join(
      this.gitDir,
      `standin-index-${randomBytes(8).toString('hex')}`,
    );
    const env = { GIT_INDEX_FILE: indexFile };
    try {
      if (entries.length > 0) {
        const input = entries
          .map(e => `${e.mode} ${e.sha}\t${e.path}\0`)
          .join('');
        await this.git(['update-index', '-z', '--add', '--index-info'], {
          input,
          env,
        });
      }
      return (await this.git(['write-tree'], { env })).toString().trim();
    } finally {
      await fs.rm(indexFile, { force: true });
      await fs.rm(`${indexFile}.lock`, { force: true });
    }
  }

  /**
   * GitHub's `POST /git/trees`: starts from `baseTree` (or empty), applies the
   * changes in order and writes the result.
   */
  async createTree(
    baseTree: string | undefined,
    changes: TreeChange[],
  ): Promise<string> {
    const files = new Map<string, { mode: string; sha: string }>();
    if (baseTree) {
      if ((await this.objectType(baseTree)) !== 'tree') {
        throw new GitDataError(
          'base_tree is not a valid tree oid',
          'base_tree',
        );
      }
      for (const e of await this.listTree(baseTree, {
        recursive: true,
        trees: false,
      })) {
        files.set(e.path, { mode: e.mode, sha: e.sha });
      }
    }
    const contentShas = await mapLimit(changes, 8, async change =>
      typeof change.content === 'string'
        ? this.writeBlob(change.content)
        : undefined,
    );
    const removeUnder = (prefix: string) => {
      let removed = false;
      for (const key of [...files.keys()]) {
        if (key === prefix || key.startsWith(`${prefix}/`)) {
          files.delete(key);
          removed = true;
        }
      }
      return removed;
    };
    for (const [index, change] of changes.entries()) {
      checkTreePath(change.path);
      const mode = change.mode ?? '100644';
      const expectedType = MODE_TYPES[mode];
      if (!expectedType) {
        throw new GitDataError(`tree.mode ${mode} is not valid`, 'mode');
      }
      if (change.type !== undefined && change.type !== expectedType) {
        throw new GitDataError(
          `tree.type ${change.type} does not match mode ${mode}`,
          'type',
        );
      }
      if (change.sha === null) {
        if (!removeUnder(change.path)) {
          throw new GitDataError('GitRPC::BadObjectState', 'path');
        }
        continue;
      }
      if (change.content !== undefined && change.sha !== undefined) {
        throw new GitDataError(
          'Must supply either tree.sha or tree.content, not both',
          'sha',
        );
      }
      if (change.content === undefined && change.sha === undefined) {
        throw new GitDataError(
          'Must supply either tree.sha or tree.content',
          'sha',
        );
      }
      // A file where a directory is needed, or the other way round, is replaced.
      const parts = change.path.split('/');
      for (let i = 1; i < parts.length; i++) {
        files.delete(parts.slice(0, i).join('/'));
      }
      removeUnder(change.path);
      if (expectedType === 'tree') {
        if (change.content !== undefined) {
          throw new GitDataError('tree.content cannot be a tree', 'content');
        }
        const sha = await this.requireObject(change.sha!, 'tree');
        for (const e of await this.listTree(sha, {
          recursive: true,
          trees: false,
        })) {
          files.set(`${change.path}/${e.path}`, { mode: e.mode, sha: e.sha });
        }
        continue;
      }
      let sha = contentShas[index];
      if (sha === undefined) {
        sha =
          expectedType === 'commit'
            ? this.requireHex(change.sha!)
            : await this.requireObject(change.sha!, 'blob');
      }
      files.set(change.path, { mode, sha });
    }
    return this.writeTreeFromEntries(
      [...files.entries()].map(([p, e]) => ({ path: p, ...e })),
    );
  }

  private requireHex(sha: string): string {
    if (!/^[0-9a-f]{40}$/i.test(sha)) {
      throw new GitDataError(`tree.sha ${sha} is not a valid object`, 'sha');
    }
    return sha.toLowerCase();
  }

  private async requireObject(sha: string, type: ObjectType) {
    const full = /^[0-9a-f]{40}$/i.test(sha) ? sha.toLowerCase() : undefined;
    if (!full || (await this.objectType(full)) !== type) {
      throw new GitDataError(`tree.sha ${sha} is not a valid ${type}`, 'sha');
    }
    return full;
  }

  /**
   * Writes a commit: `git commit-tree`, or for signed commits the raw commit
   * text through `git hash-object -t commit -w --stdin`.
   */
  async createCommit(options: {
    tree: string;
    parents: string[];
    message: string;
    author: GitPerson;
    committer: GitPerson;
    signature?: string;
  }): Promise<string> {
    const { tree, parents, message, author, committer, signature } = options;
    if ((await this.objectType(tree)) !== 'tree') {
      throw new GitDataError('Tree SHA does not exist', 'tree');
    }
    for (const parent of parents) {
      if ((await this.objectType(parent)) !== 'commit') {
        throw new GitDataError(
          'Parent SHA does not exist or is not a commit object',
          'parents',
        );
      }
    }
    if (signature) {
      const signed = signature.trim().split('\n').join('\n ');
      const text = [
        `tree ${tree}`,
        ...parents.map(p => `parent ${p}`),
        `author ${formatPerson(author)}`,
        `committer ${formatPerson(committer)}`,
        `gpgsig ${signed}`,
        '',
        message,
      ].join('\n');
      return (
        await this.gitText(
          ['hash-object', '-t', 'commit', '-w', '--stdin'],
          text,
        )
      ).trim();
    }
    const args = ['commit-tree', tree];
    for (const parent of parents) args.push('-p', parent);
    const out = await this.git(args, {
      input: message,
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: toGitDate(author.date),
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
        GIT_COMMITTER_DATE: toGitDate(committer.date),
      },
    });
    return out.toString().trim();
  }

  /** `git rev-parse --verify --quiet`, undefined when it does not resolve. */
  async revParse(rev: string): Promise<string | undefined> {
    if (rev.startsWith('-')) return undefined;
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      ['rev-parse', '--verify', '--quiet', rev],
      { allowExitCodes: [1, 128] },
    );
    return exitCode === 0 ? stdout.toString().trim() : undefined;
  }

  /** A branch name, full ref, tag or sha -> commit sha. */
  async resolveCommit(rev: string): Promise<string | undefined> {
    if (!rev || rev.startsWith('-')) return undefined;
    let candidates = [`refs/heads/${rev}`, `refs/tags/${rev}`, rev];
    if (rev.startsWith('refs/')) candidates = [rev];
    else if (/^[0-9a-f]{40}$/i.test(rev)) candidates = [rev, ...candidates];
    for (const candidate of candidates) {
      const sha = await this.revParse(`${candidate}^{commit}`);
      if (sha) return sha;
    }
    return undefined;
  }

  async isValidRefName(ref: string): Promise<boolean> {
    const { exitCode } = await runGit(this.gitDir, ['check-ref-format', ref], {
      allowExitCodes: [1],
    });
    return exitCode === 0 && !ref.startsWith('-');
  }

  /** `git for-each-ref` under `prefix` (e.g. `refs/heads/`). */
  async listRefs(prefix = 'refs/'): Promise<RefInfo[]> {
    const out = await this.gitText([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, sha, type] = line.split('\0');
        return { ref, sha, type: type as ObjectType };
      })
      .filter(r => r.ref.startsWith(prefix));
  }

  async readRef(ref: string): Promise<RefInfo | undefined> {
    return (await this.listRefs(ref)).find(r => r.ref === ref);
  }

  /** `git update-ref ref sha oldSha`; `oldSha` ZERO_SHA means "must not exist yet". */
  async updateRef(ref: string, sha: string, oldSha?: string): Promise<void> {
    const args = ['update-ref', ref, sha];
    if (oldSha) args.push(oldSha);
    await this.git(args);
  }

  async deleteRef(ref: string): Promise<void> {
    await this.git(['update-ref', '-d', ref]);
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { exitCode } = await runGit(
      this.gitDir,
      ['merge-base', '--is-ancestor', ancestor, descendant],
      { allowExitCodes: [1] },
    );
    return exitCode === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      ['merge-base', a, b],
      { allowExitCodes: [1] },
    );
    return exitCode === 0 ? stdout.toString().trim() : undefined;
  }

  /** `git rev-list` from `start`, newest first. */
  async revList(
    start: string,
    options: {
      exclude?: string;
      maxCount?: number;
      skip?: number;
      path?: string;
    } = {},
  ): Promise<string[]> {
    const args = ['rev-list'];
    if (options.maxCount !== undefined) {
      args.push(`--max-count=${options.maxCount}`);
    }
    if (options.skip) args.push(`--skip=${options.skip}`);
    args.push(start);
    if (options.exclude) args.push(`^${options.exclude}`);
    args.push('--');
    if (options.path) args.push(options.path);
    return (await this.gitText(args)).split('\n').filter(Boolean);
  }

  /** Changed files between two commits (`git diff-tree`), with numstat and patches. */
  async diff(from: string | undefined, to: string): Promise<DiffEntry[]> {
    const base = from ?? (await this.emptyTree());
    const common = ['diff-tree', '-r', '--no-renames', '--no-textconv'];
    const [raw, numstat, patchText] = await Promise.all([
      this.gitText([...common, '-z', '--raw', base, to]),
      this.gitText([...common, '-z', '--numstat', base, to]),
      this.gitText([...common, '-p', '--full-index', base, to]),
    ]);
    const rawParts = raw.split('\0');
    const entries: DiffEntry[] = [];
    for (let i = 0; i + 1 < rawParts.length; i += 2) {
      const header = rawParts[i];
      if (!header.startsWith(':')) break;
      const [, , oldSha, newSha, letter] = header.slice(1).split(' ');
      let status: DiffEntry['status'] = 'changed';
      if (letter === 'A') status = 'added';
      else if (letter === 'D') status = 'removed';
      else if (letter === 'M') status = 'modified';
      entries.push({
        path: rawParts[i + 1],
        status,
        oldSha,
        newSha,
        additions: 0,
        deletions: 0,
        binary: false,
      });
    }
    const stats = numstat.split('\0').filter(Boolean);
    stats.forEach((line, i) => {
      const [added, deleted] = line.split('\t');
      const entry = entries[i];
      if (!entry) return;
      entry.binary = added === '-';
      entry.additions = entry.binary ? 0 : Number(added);
      entry.deletions = entry.binary ? 0 : Number(deleted);
    });
    const sections = patchText.split(/^(?=diff --git )/m).filter(Boolean);
    sections.forEach((section, i) => {
      const entry = entries[i];
      const hunk = section.indexOf('\n@@');
      if (entry && !entry.binary && hunk >= 0) {
        entry.patch = section.slice(hunk + 1).replace(/\n$/, '');
      }
    });
    return entries;
  }

  /** `git merge-tree --write-tree`: the merged tree, or clean=false on conflicts. */
  async mergeTree(
    base: string,
    head: string,
  ): Promise<{ clean: boolean; tree?: string }> {
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      ['merge-tree', '--write-tree', '--no-messages', base, head],
      { allowExitCodes: [1, 128] },
    );
    if (exitCode !== 0) return { clean: false };
    return { clean: true, tree: stdout.toString().split('\n')[0].trim() };
  }

  async emptyTree(): Promise<string> {
    return this.writeObject('tree', '');
  }

  /** `git hash-object -t <type> -w --stdin` */
  async writeObject(type: ObjectType, content: string | Buffer) {
    return (
      await this.gitText(['hash-object', '-t', type, '-w', '--stdin'], content)
    ).trim();
  }

  /** Local branch names. */
  async branches(): Promise<string[]> {
    return (await this.listRefs('refs/heads/')).map(r =>
      r.ref.slice('refs/heads/'.length),
    );
  }

  /** All files of a branch (or any commit-ish) as path -> utf-8 content. */
  async readFiles(rev: string): Promise<Record<string, string>> {
    const sha = await this.resolveCommit(rev);
    if (!sha) throw new Error(`${rev} does not resolve to a commit`);
    const entries = (
      await this.listTree(sha, { recursive: true, trees: false })
    ).filter(e => e.type === 'blob');
    const objects = await this.readObjects(entries.map(e => e.sha));
    const files: Record<string, string> = {};
    for (const entry of entries) {
      files[entry.path] = objects.get(entry.sha)!.content.toString('utf8');
    }
    return files;
  }

  /**
   * `git archive --format=tar.gz --prefix=<prefix> <commit>`: every file of a
   * commit, under `prefix`, as a gzipped tar (GitHub's tarball download).
   */
  async archiveTarGz(commit: string, prefix: string): Promise<Buffer> {
    if (!/^[0-9a-f]{40}$/i.test(commit)) {
      throw new Error(`${commit} is not a full commit sha`);
    }
    return this.git([
      'archive',
      '--format=tar.gz',
      `--prefix=${prefix}`,
      commit,
    ]);
  }

  /** Copies a branch from another repository (`git fetch`), e.g. a fork's head. */
  async fetchRef(
    from: GitRepository,
    sourceRef: string,
    targetRef: string,
  ): Promise<void> {
    await this.git([
      'fetch',
      '--quiet',
      '--no-tags',
      from.gitDir,
      `+${sourceRef}:${targetRef}`,
    ]);
  }

  /** Makes a bare copy of this repository (`git clone --bare`), used for forks. */
  async cloneTo(gitDir: string): Promise<GitRepository> {
    const dir = path.resolve(gitDir);
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await runGit(
      path.dirname(dir),
      ['clone', '--bare', '--quiet', '--no-local', this.gitDir, dir],
      { bare: false },
    );
    const clone = new GitRepository(dir);
    await clone.git(['config', 'gc.auto', '0']);
    return clone;
  }
}

function parseTreeListing(out: string): TreeEntry[] {
  return out
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const tab = line.indexOf('\t');
      const [mode, type, sha, size] = line.slice(0, tab).split(/ +/);
      const entry: TreeEntry = {
        path: line.slice(tab + 1),
        mode,
        type: type as ObjectType,
        sha,
      };
      if (type === 'blob') entry.size = Number(size);
      return entry;
    });
}

function parseCommit(sha: string, text: string): CommitInfo {
  const blank = text.indexOf('\n\n');
  const headerText = blank >= 0 ? text.slice(0, blank) : text;
  const message = blank >= 0 ? text.slice(blank + 2) : '';
  const headers: Array<[string, string]> = [];
  for (const line of headerText.split('\n')) {
    if (line.startsWith(' ') && headers.length > 0) {
      headers[headers.length - 1][1] += `\n${line.slice(1)}`;
    } else {
      const space = line.indexOf(' ');
      headers.push([line.slice(0, space), line.slice(space + 1)]);
    }
  }
  const get = (name: string) => headers.find(([key]) => key === name)?.[1];
  const signature = get('gpgsig');
  const info: CommitInfo = {
    sha,
    tree: get('tree') ?? '',
    parents: headers.filter(([key]) => key === 'parent').map(([, v]) => v),
    author: parsePerson(get('author') ?? ''),
    committer: parsePerson(get('committer') ?? ''),
    message,
  };
  if (signature) {
    info.signature = signature;
    info.payload = text.replace(/^gpgsig .*(?:\n .*)*\n/m, '');
  }
  return info;
}

function runGit(
  gitDir: string,
  args: string[],
  options: {
    input?: string | Buffer;
    env?: Record<string, string>;
    allowExitCodes?: number[];
    bare?: boolean;
  } = {},
): Promise<{ stdout: Buffer; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const env = gitEnvironment({
      ...(options.bare === false ? {} : { GIT_DIR: gitDir }),
      ...options.env,
    });
    const child = execFile(
      'git',
      args,
      { cwd: gitDir, env, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, exitCode: 0 });
          return;
        }
        const code = typeof error.code === 'number' ? error.code : -1;
        if (options.allowExitCodes?.includes(code)) {
          resolve({ stdout, exitCode: code });
          return;
        }
        reject(new GitCommandError(args, code, stderr.toString('utf8')));
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}
