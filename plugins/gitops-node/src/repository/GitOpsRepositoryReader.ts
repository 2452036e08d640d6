import { Octokit } from '@octokit/rest';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  ArchiveLimits,
  DEFAULT_ARCHIVE_LIMITS,
  SkippedFile,
  unpackRepositoryArchive,
} from './readArchive';
import { RepositorySnapshot } from './RepositorySnapshot';

/**
 * Reads the GitOps repository whole. `head()` says where the branch is;
 * `snapshot()` hands out every file at that commit, read once per commit and
 * shared by every caller: an unmoved head costs one request, a moved one a
 * single archive download more, whatever the number of files.
 */
export interface GitOpsRepositoryReader {
  /** `https://github.com/org/repo@main`, for logs. */
  describe(): string;
  /** Where a person sees a file of the repository. */
  fileUrl(filePath: string): string;
  /** The commit the branch points at now. */
  head(): Promise<string>;
  /** Every file at `revision` (default: the head now). */
  snapshot(revision?: string): Promise<RepositorySnapshot>;
}

/** Keeps the snapshot of the last commit read, and shares a read under way. */
class SnapshotCache {
  private latest?: RepositorySnapshot;
  private readonly inFlight = new Map<string, Promise<RepositorySnapshot>>();

  get(
    revision: string,
    load: () => Promise<RepositorySnapshot>,
  ): Promise<RepositorySnapshot> {
    if (this.latest?.revision === revision) return Promise.resolve(this.latest);
    let pending = this.inFlight.get(revision);
    if (!pending) {
      pending = load()
        .then(snapshot => {
          this.latest = snapshot;
          return snapshot;
        })
        .finally(() => this.inFlight.delete(revision));
      this.inFlight.set(revision, pending);
    }
    return pending;
  }
}

export interface GitHubRepositoryReaderOptions {
  /** A client for the repository (credentials and retries are its business). */
  octokit: () => Promise<Octokit>;
  owner: string;
  repo: string;
  branch: string;
  /** Web URL of the repository, e.g. https://github.com/org/repo. */
  webUrl: string;
  limits?: Partial<ArchiveLimits>;
}

/**
 * The repository on GitHub: the head from the branch ref, the files from
 * GitHub's tarball of that commit (`GET /repos/{owner}/{repo}/tarball/{ref}`,
 * which GitHub answers with a redirect to the archive download).
 */
export class GitHubRepositoryReader implements GitOpsRepositoryReader {
  private readonly cache = new SnapshotCache();

  constructor(private readonly options: GitHubRepositoryReaderOptions) {}

  describe() {
    return `${this.options.webUrl}@${this.options.branch}`;
  }

  fileUrl(filePath: string) {
    return `${this.options.webUrl}/blob/${this.options.branch}/${filePath}`;
  }

  async head(): Promise<string> {
    const { owner, repo, branch } = this.options;
    const gh = await this.options.octokit();
    const { data } = await gh.git.getRef({
      owner,
      repo,
      ref: `heads/${branch}`,
    });
    return data.object.sha;
  }

  async snapshot(revision?: string): Promise<RepositorySnapshot> {
    const commit = revision ?? (await this.head());
    return this.cache.get(commit, async () => {
      const { owner, repo } = this.options;
      const gh = await this.options.octokit();
      const { data } = await gh.repos.downloadTarballArchive({
        owner,
        repo,
        ref: commit,
      });
      const archive = Buffer.from(data as ArrayBuffer);
      const { files, skipped } = await unpackRepositoryArchive(
        archive,
        this.options.limits,
      );
      return new RepositorySnapshot(commit, files, skipped);
    });
  }
}

/**
 * A checkout on disk (development and tests). Its revision is a digest of
 * the files, so an unchanged folder reads as an unchanged head.
 */
export class DirectoryRepositoryReader implements GitOpsRepositoryReader {
  private readonly cache = new SnapshotCache();
  private readonly limits: ArchiveLimits;

  constructor(
    private readonly dir: string,
    limits: Partial<ArchiveLimits> = {},
  ) {
    this.limits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  }

  describe() {
    return this.dir;
  }

  fileUrl(filePath: string) {
    return `file://${path.join(this.dir, filePath)}`;
  }

  private async readAll(): Promise<RepositorySnapshot> {
    const files = new Map<string, Buffer>();
    const skipped: SkippedFile[] = [];
    const digest = createHash('sha256');
    let total = 0;
    const walk = async (dir: string) => {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      // by code units, the same order on every machine
      entries.sort((a, b) => Number(a.name > b.name) - Number(a.name < b.name));
      for (const entry of entries) {
        if (entry.name === '.git') continue;
        const full = path.join(dir, entry.name);
        const relative = path
          .relative(this.dir, full)
          .split(path.sep)
          .join('/');
        if (entry.isDirectory()) {
          await walk(full);
          continue;
        }
        const skip = (reason: string) => {
          skipped.push({ path: relative, reason });
          digest.update(`skipped ${relative}: ${reason}\n`);
        };
        if (relative.length > this.limits.maxPathLength) {
          skip(
            `the path is longer than ${this.limits.maxPathLength} characters`,
          );
          continue;
        }
        if (entry.isSymbolicLink()) {
          skip('a link, not a file');
          continue;
        }
        if (!entry.isFile()) {
          skip('not a regular file');
          continue;
        }
        const stat = await fs.stat(full);
        if (stat.size > this.limits.maxFileBytes) {
          skip(`larger than ${this.limits.maxFileBytes} bytes (${stat.size})`);
          continue;
        }
        total += stat.size;
        if (total > this.limits.maxTotalBytes)
          throw new Error(
            `${this.dir} holds more than ${this.limits.maxTotalBytes} bytes of files`,
          );
        const content = await fs.readFile(full);
        digest.update(`${relative}\n`).update(content).update('\n');
        files.set(relative, content);
      }
    };
    await walk(this.dir);
    return new RepositorySnapshot(digest.digest('hex'), files, skipped);
  }

  async head(): Promise<string> {
    return (await this.readAll()).revision;
  }

  async snapshot(revision?: string): Promise<RepositorySnapshot> {
    // a folder has no history: reading it is the only way to know its revision
    const current = await this.readAll();
    if (revision !== undefined && revision !== current.revision) {
      throw new Error(
        `${this.dir} is no longer at ${revision.slice(
          0,
          12,
        )} (now ${current.revision.slice(0, 12)})`,
      );
    }
    return this.cache.get(current.revision, async () => current);
  }
}
