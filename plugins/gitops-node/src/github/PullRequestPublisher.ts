import { JsonValue } from '@backstage/types';
import { Octokit } from '@octokit/rest';

export interface PullRequestChange {
  owner: string;
  repo: string;
  baseBranch: string;
  /** The request's own branch; the same request always uses the same branch. */
  branch: string;
  /** Files to add or change, path -> content (UTF-8). */
  files: Map<string, string>;
  /** Paths to delete. */
  deletions?: string[];
  commitMessage: string;
  title: string;
  body: string;
  labels?: string[];
  reviewers?: string[];
  teamReviewers?: string[];
}

export interface PullRequestResult {
  number: number;
  url: string;
  branch: string;
  commitSha: string;
  created: boolean;
}

/** Hooks so a caller (the scaffolder action) can make each step a checkpoint. */
export type StepRunner = <T extends JsonValue>(
  key: string,
  step: () => Promise<T>,
) => Promise<T>;

const runDirectly: StepRunner = (_key, step) => step();

function isStatus(error: unknown, ...statuses: number[]): boolean {
  return statuses.includes((error as { status?: number })?.status ?? -1);
}

/**
 * Opens or updates one pull request from one commit, with the Git Data API:
 * the commit's tree is created in a single request whose entries carry their
 * content inline, so the number of requests does not grow with the number of
 * files: ten at most for a new pull request, nine for an update, whatever
 * its size.
 *
 * The branch is always base + exactly this commit, force-updated, so a rerun
 * after a failure at any step converges to one branch and one pull request
 * holding exactly the requested change.
 */
export class PullRequestPublisher {
  /** The client underneath, for reads the publisher does not wrap. */
  constructor(readonly octokit: Octokit) {}

  async publish(
    change: PullRequestChange,
    run: StepRunner = runDirectly,
  ): Promise<PullRequestResult> {
    const { owner, repo } = change;
    const gh = this.octokit;

    const commitSha = await run('commit', async () => {
      const { data: baseRef } = await gh.git.getRef({
        owner,
        repo,
        ref: `heads/${change.baseBranch}`,
      });
      const baseSha = baseRef.object.sha;
      const { data: baseCommit } = await gh.git.getCommit({
        owner,
        repo,
        commit_sha: baseSha,
      });
      const tree = [
        ...[...change.files.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([path, content]) => ({
            path,
            mode: '100644' as const,
            type: 'blob' as const,
            content,
          })),
        ...(change.deletions ?? [])
          .filter(path => !change.files.has(path))
          .sort()
          .map(path => ({
            path,
            mode: '100644' as const,
            type: 'blob' as const,
            sha: null,
          })),
      ];
      const { data: newTree } = await gh.git.createTree({
        owner,
        repo,
        base_tree: baseCommit.tree.sha,
        tree,
      });
      const { data: commit } = await gh.git.createCommit({
        owner,
        repo,
        message: change.commitMessage,
        tree: newTree.sha,
        parents: [baseSha],
      });
      return commit.sha;
    });

    await run('branch', async () => {
      try {
        await gh.git.updateRef({
          owner,
          repo,
          ref: `heads/${change.branch}`,
          sha: commitSha,
          force: true,
        });
      } catch (error) {
        // GitHub answers 422 "Reference does not exist" for a branch that is not there yet
        if (!isStatus(error, 404, 422)) throw error;
        try {
          await gh.git.createRef({
            owner,
            repo,
            ref: `refs/heads/${change.branch}`,
            sha: commitSha,
          });
        } catch (createError) {
          // created meanwhile (a lost response): point it at our commit
          if (!isStatus(createError, 422)) throw createError;
          await gh.git.updateRef({
            owner,
            repo,
            ref: `heads/${change.branch}`,
            sha: commitSha,
            force: true,
          });
        }
      }
      return commitSha;
    });

    const pull = await run('pull-request', async () => {
      const existing = await this.findOpenPullRequest(change);
      if (existing) {
        await gh.pulls.update({
          owner,
          repo,
          pull_number: existing.number,
          title: change.title,
          body: change.body,
        });
        return {
          number: existing.number,
          url: existing.html_url,
          created: false,
        };
      }
      try {
        const { data } = await gh.pulls.create({
          owner,
          repo,
          head: change.branch,
          base: change.baseBranch,
          title: change.title,
          body: change.body,
          maintainer_can_modify: true,
        });
        return { number: data.number, url: data.html_url, created: true };
      } catch (error) {
        // "A pull request already exists": an earlier attempt created it and its answer was lost
        if (!isStatus(error, 422)) throw error;
        const found = await this.findOpenPullRequest(change);
        if (!found) throw error;
        await gh.pulls.update({
          owner,
          repo,
          pull_number: found.number,
          title: change.title,
          body: change.body,
        });
        return { number: found.number, url: found.html_url, created: false };
      }
    });

    if (change.labels?.length) {
      await run('labels', async () => {
        await gh.issues.addLabels({
          owner,
          repo,
          issue_number: pull.number,
          labels: change.labels!,
        });
        return true;
      });
    }
    if (change.reviewers?.length || change.teamReviewers?.length) {
      await run('reviewers', async () => {
        await gh.pulls.requestReviewers({
          owner,
          repo,
          pull_number: pull.number,
          reviewers: change.reviewers ?? [],
          team_reviewers: change.teamReviewers ?? [],
        });
        return true;
      });
    }
    return {
      number: pull.number,
      url: pull.url,
      branch: change.branch,
      commitSha,
      created: pull.created,
    };
  }

  private async findOpenPullRequest(change: PullRequestChange) {
    const { data } = await this.octokit.pulls.list({
      owner: change.owner,
      repo: change.repo,
      state: 'open',
      head: `${change.owner}:${change.branch}`,
      base: change.baseBranch,
      per_page: 1,
    });
    return data[0];
  }

  /** Reads one file of the base branch, or undefined when it does not exist. */
  async readFile(
    owner: string,
    repo: string,
    ref: string,
    path: string,
  ): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.repos.getContent({
        owner,
        repo,
        path,
        ref,
      });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data))
        return undefined;
      return Buffer.from(data.content, 'base64').toString('utf8');
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
