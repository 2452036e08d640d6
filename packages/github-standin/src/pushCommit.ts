import type { Octokit } from '@octokit/rest';

/**
 * Commits files on top of a branch through GitHub's Git database API and
 * moves the branch to the new commit, as a push or a merge would: a path
 * mapped to text is written, a path mapped to `null` is deleted.
 */
export async function pushCommit(
  octokit: Octokit,
  options: {
    owner: string;
    repo: string;
    /** Default `main`. */
    branch?: string;
    message: string;
    files: Record<string, string | null>;
  },
): Promise<{ before: string; after: string }> {
  const { owner, repo, message } = options;
  const ref = `heads/${options.branch ?? 'main'}`;
  const { data: head } = await octokit.git.getRef({ owner, repo, ref });
  const { data: base } = await octokit.git.getCommit({
    owner,
    repo,
    commit_sha: head.object.sha,
  });
  const { data: tree } = await octokit.git.createTree({
    owner,
    repo,
    base_tree: base.tree.sha,
    tree: Object.entries(options.files).map(([path, content]) =>
      content === null
        ? { path, mode: '100644' as const, type: 'blob' as const, sha: null }
        : { path, mode: '100644' as const, type: 'blob' as const, content },
    ),
  });
  const { data: commit } = await octokit.git.createCommit({
    owner,
    repo,
    message,
    tree: tree.sha,
    parents: [head.object.sha],
  });
  await octokit.git.updateRef({ owner, repo, ref, sha: commit.sha });
  return { before: head.object.sha, after: commit.sha };
}
