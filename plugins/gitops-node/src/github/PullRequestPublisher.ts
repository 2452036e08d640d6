import { CustomErrorBase } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { Octokit } from '@octokit/rest';
import {
  describeGitHubFailure,
  GitHubRequestFailure,
} from './createGitHubClient';

export interface PullRequestChange {
  owner: string;
  repo: string;
  baseBranch: string;
  /** The request's own branch; the same request always uses the same branch. */
  branch: string;
  /** Files to add or change, path to content (UTF-8). */
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

/** The steps of opening a pull request, in order. */
export type PublishStep =
  | 'commit'
  | 'branch'
  | 'pull-request'
  | 'labels'
  | 'reviewers';

const STEP_TITLES: Record<PublishStep, string> = {
  commit: 'build the commit',
  branch: 'point the branch at the commit',
  'pull-request': 'open or update the pull request',
  labels: 'add the labels',
  reviewers: 'request the reviewers',
};

/**
 * Opening a pull request stopped at one step. The message says which step,
 * which GitHub request failed after how many attempts and why, what the run
 * left behind on GitHub, and that running again finishes the job.
 */
export class PullRequestPublishError extends CustomErrorBase {
  name = 'PullRequestPublishError' as const;

  constructor(
    readonly step: PublishStep,
    readonly failure: GitHubRequestFailure,
    readonly leftBehind: string[],
  ) {
    const request =
      failure.method && failure.path
        ? `${failure.method} ${failure.path}`
        : 'a GitHub request';
    const attempts =
      failure.attempts && failure.attempts > 1
        ? ` after ${failure.attempts} attempts`
        : '';
    const said = failure.message.replace(/[.\s]+$/, '');
    let answer = `failed: ${said}`;
    if (failure.timedOut) answer = said;
    else if (failure.status)
      answer = `GitHub answered ${failure.status}: ${said}`;
    const state = leftBehind.length
      ? `Left behind on GitHub: ${leftBehind.join('; ')}.`
      : 'Nothing visible was changed on GitHub.';
    super(
      `Could not ${STEP_TITLES[step]}: ${request}${attempts}: ${answer}. ${state} Run the task again: it picks up from what is there and ends with one branch and one pull request.`,
    );
  }
}

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
    // what is on GitHub so far, for the error of a later step
    const leftBehind: string[] = [];
    const step = async <T extends JsonValue>(
      name: PublishStep,
      fn: () => Promise<T>,
    ): Promise<T> => {
      try {
        return await run(name, fn);
      } catch (error) {
        if (error instanceof PullRequestPublishError) throw error;
        throw new PullRequestPublishError(name, describeGitHubFailure(error), [
          ...leftBehind,
        ]);
      }
    };

    const commitSha = await step('commit', async () => {
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

    await step('branch', async () => {
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
          // created meanwhile (a lost response): point it at our commit; any other refusal is the error to report
          if (
            !isStatus(createError, 422) ||
            !/already exists/i.test(describeGitHubFailure(createError).message)
          )
            throw createError;
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
    leftBehind.push(
      `the branch ${change.branch} at commit ${commitSha.slice(0, 7)}`,
    );

    const pull = await step('pull-request', async () => {
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

    leftBehind.splice(
      0,
      leftBehind.length,
      `pull request #${pull.number} (${pull.url}) with the new commit`,
    );
    if (change.labels?.length) {
      leftBehind[0] += ' but without its labels';
      await step('labels', async () => {
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
      leftBehind[0] = `pull request #${pull.number} (${
        pull.url
      }) with the new commit${
        change.labels?.length ? ' and its labels' : ''
      } but without its review requests`;
      await step('reviewers', async () => {
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
