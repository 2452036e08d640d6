import { HttpError, notFound } from '../http';
import { nowIso } from '../StandinState';
import { ok, person, pullOf, repoOf, Routes } from './common';

/** Merging a pull request (merge or squash) and asking whether it is merged. */
export const pullMergeRoutes: Routes = {
  async 'pulls/check-if-merged'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    if (!pr.mergedAt) throw notFound();
    return { status: 204 };
  },

  async 'pulls/merge'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const live = await ctx.state.live(repo, pr, { details: true });
    if (pr.state !== 'open' || !live.mergeable) {
      throw new HttpError(405, 'Pull Request is not mergeable');
    }
    if (ctx.body?.sha && ctx.body.sha !== live.headSha) {
      throw new HttpError(
        409,
        'Head branch was modified. Review and try the merge again.',
      );
    }
    const method: string = ctx.body?.merge_method ?? 'merge';
    if (method === 'rebase') {
      throw new HttpError(
        405,
        'Rebase merges are not supported by the GitHub stand-in',
      );
    }
    const { tree } = await repo.git.mergeTree(live.baseSha, live.headSha);
    const me = person(ctx, undefined);
    const title: string =
      ctx.body?.commit_title ??
      (method === 'squash'
        ? `${pr.title} (#${pr.number})`
        : `Merge pull request #${pr.number} from ${pr.headRepo.owner}/${pr.headRef}`);
    const message = `${title}\n\n${
      ctx.body?.commit_message ?? (method === 'squash' ? '' : pr.title)
    }`.trimEnd();
    const sha = await repo.git.createCommit({
      tree: tree!,
      parents:
        method === 'squash' ? [live.baseSha] : [live.baseSha, live.headSha],
      message: `${message}\n`,
      author: me,
      committer: me,
    });
    try {
      await repo.git.updateRef(`refs/heads/${pr.baseRef}`, sha, live.baseSha);
    } catch {
      throw new HttpError(
        409,
        'Base branch was modified. Review and try the merge again.',
      );
    }
    ctx.state.branchMoved(
      repo,
      `refs/heads/${pr.baseRef}`,
      live.baseSha,
      sha,
      ctx.urls,
      ctx.login,
    );
    const now = nowIso();
    Object.assign(pr, {
      state: 'closed',
      closedAt: now,
      mergedAt: now,
      updatedAt: now,
      mergedBy: ctx.login,
      mergeCommitSha: sha,
      baseSha: live.baseSha,
    });
    repo.pushedAt = now;
    return ok({
      sha,
      merged: true,
      message: 'Pull Request successfully merged',
    });
  },
};
