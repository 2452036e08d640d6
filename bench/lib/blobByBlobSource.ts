/**
 * The catalog provider's repository source as it was before the archive
 * reader: the branch ref, the commit, the recursive tree, then one blob
 * request per entity file whose content it has not seen (blobs cached by
 * SHA). Kept here only as the baseline of the catalog-ingest benchmark.
 */
import type {
  RepositoryRead,
  RepositorySource,
} from '@proficientnow/backstage-plugin-catalog-backend-module-gitops';
import { Octokit } from '@octokit/rest';

export class BlobByBlobSource implements RepositorySource {
  private readonly blobs = new Map<string, string>();

  constructor(
    private readonly options: {
      octokit: Octokit;
      owner: string;
      repo: string;
      branch: string;
      webUrl: string;
      isEntityFile: (path: string) => boolean;
    },
  ) {}

  describe() {
    return `${this.options.webUrl}@${this.options.branch} (blob by blob)`;
  }

  fileUrl(filePath: string) {
    return `${this.options.webUrl}/blob/${this.options.branch}/${filePath}`;
  }

  async read(lastRevision: string | undefined): Promise<RepositoryRead> {
    const { owner, repo, octokit: gh } = this.options;
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
    for (const entry of tree.tree) {
      if (entry.type !== 'blob' || !entry.path || !entry.sha) continue;
      if (!this.options.isEntityFile(entry.path)) continue;
      let content = this.blobs.get(entry.sha);
      if (content === undefined) {
        const { data: blob } = await gh.git.getBlob({
          owner,
          repo,
          file_sha: entry.sha,
        });
        content = Buffer.from(blob.content, 'base64').toString('utf8');
        this.blobs.set(entry.sha, content);
      }
      files.set(entry.path, content);
    }
    return {
      unchanged: false,
      revision,
      files,
      paths: tree.tree.flatMap(entry => (entry.path ? [entry.path] : [])),
      skipped: [],
    };
  }
}
