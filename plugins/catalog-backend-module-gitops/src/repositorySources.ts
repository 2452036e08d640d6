import { PullRequestPublisher } from '@internal/plugin-gitops-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** What a refresh reads: either "nothing moved", or the files that may hold entities. */
export type RepositoryRead =
  | { unchanged: true; revision: string }
  | {
      unchanged: false;
      revision: string;
      files: Map<string, string>;
      tooLarge: string[];
    };

export interface RepositorySource {
  /** Reads the repository unless it is still at `lastRevision`. */
  read(lastRevision: string | undefined): Promise<RepositoryRead>;
  describe(): string;
  fileUrl(filePath: string): string;
}

/** Files the provider reads: Applications, and each nested cluster's namespace. */
export function isEntityFile(
  filePath: string,
  appsPath: string,
  clustersPath: string,
): boolean {
  if (!/\.ya?ml$/.test(filePath)) return false;
  return (
    filePath.startsWith(`${appsPath}/`) ||
    (filePath.startsWith(`${clustersPath}/`) &&
      filePath.endsWith('/namespace.yaml'))
  );
}

/**
 * The GitOps repository on GitHub. An unmoved head costs one request; a moved
 * one costs the tree plus one request per file whose content changed since
 * the last read (blobs are cached by their SHA).
 */
export class GitHubRepositorySource implements RepositorySource {
  private readonly blobs = new Map<string, string>();

  constructor(
    private readonly options: {
      publisher: () => Promise<PullRequestPublisher>;
      owner: string;
      repo: string;
      branch: string;
      webUrl: string;
      appsPath: string;
      clustersPath: string;
      maxFileBytes: number;
    },
  ) {}

  describe() {
    return `${this.options.webUrl}@${this.options.branch}`;
  }

  fileUrl(filePath: string) {
    return `${this.options.webUrl}/blob/${this.options.branch}/${filePath}`;
  }

  async read(lastRevision: string | undefined): Promise<RepositoryRead> {
    const { owner, repo } = this.options;
    const gh = (await this.options.publisher()).octokit;
    const { data: ref } = await gh.git.getRef({
      owner,
      repo,
      ref: `heads/${this.options.branch}`,
    });
    const revision = ref.object.sha;
    if (revision === lastRevision) return { unchanged: true, revision };
    const { data: commit } = await gh.git.getCommit({
      owner,
      repo,
      commit_sha: revision,
    });
    const { data: tree } = await gh.git.getTree({
      owner,
      repo,
      tree_sha: commit.tree.sha,
      recursive: 'true',
    });
    const files = new Map<string, string>();
    const tooLarge: string[] = [];
    const seen = new Set<string>();
    for (const entry of tree.tree) {
      if (entry.type !== 'blob' || !entry.path || !entry.sha) continue;
      if (
        !isEntityFile(
          entry.path,
          this.options.appsPath,
          this.options.clustersPath,
        )
      )
        continue;
      if ((entry.size ?? 0) > this.options.maxFileBytes) {
        tooLarge.push(entry.path);
        continue;
      }
      seen.add(entry.sha);
      let content = this.blobs.get(entry.sha);
      if (content === undefined) {
        const { data: blob } = await gh.git.getBlob({
          owner,
          repo,
          file_sha: entry.sha,
        });
        content = Buffer.from(
          blob.content,
          blob.encoding === 'base64' ? 'base64' : 'utf8',
        ).toString('utf8');
        this.blobs.set(entry.sha, content);
      }
      files.set(entry.path, content);
    }
    // forget blobs that left the repository, so the cache does not grow forever
    for (const sha of this.blobs.keys())
      if (!seen.has(sha)) this.blobs.delete(sha);
    return { unchanged: false, revision, files, tooLarge };
  }
}

/** A checkout on disk (development and tests). The revision is a digest of the files it reads. */
export class LocalRepositorySource implements RepositorySource {
  constructor(
    private readonly options: {
      dir: string;
      appsPath: string;
      clustersPath: string;
      maxFileBytes: number;
    },
  ) {}

  describe() {
    return this.options.dir;
  }

  fileUrl(filePath: string) {
    return `file://${path.join(this.options.dir, filePath)}`;
  }

  async read(lastRevision: string | undefined): Promise<RepositoryRead> {
    const files = new Map<string, string>();
    const tooLarge: string[] = [];
    const digest = createHash('sha256');
    const walk = async (dir: string) => {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.name === '.git') continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          await walk(full);
          continue;
        }
        const relative = path
          .relative(this.options.dir, full)
          .split(path.sep)
          .join('/');
        if (
          !entry.isFile() ||
          !isEntityFile(
            relative,
            this.options.appsPath,
            this.options.clustersPath,
          )
        )
          continue;
        const stat = await fs.stat(full);
        if (stat.size > this.options.maxFileBytes) {
          tooLarge.push(relative);
          digest.update(`${relative}:${stat.size}\n`);
          continue;
        }
        const content = await fs.readFile(full, 'utf8');
        digest.update(`${relative}\n${content}\n`);
        files.set(relative, content);
      }
    };
    await walk(this.options.dir);
    const revision = digest.digest('hex');
    if (revision === lastRevision) return { unchanged: true, revision };
    return { unchanged: false, revision, files, tooLarge };
  }
}
