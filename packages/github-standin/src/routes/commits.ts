import { repoCommit } from '../githubObjects';
import { HttpError, notFound } from '../http';
import { ok, repoOf, Routes } from './common';

/** Commits as the repository API shows them (history and one commit with its files). */
export const commitRoutes: Routes = {
  async 'repos/list-commits'(ctx) {
    const repo = repoOf(ctx);
    const start = await repo.git.resolveCommit(
      ctx.query.sha ?? repo.defaultBranch,
    );
    if (!start) throw notFound();
    const perPage = Math.min(Number(ctx.query.per_page ?? 30), 100);
    const page = Number(ctx.query.page ?? 1);
    const shas = await repo.git.revList(start, {
      maxCount: perPage,
      skip: (page - 1) * perPage,
      path: ctx.query.path,
    });
    const commits = await repo.git.readCommits(shas);
    return ok(commits.map(c => repoCommit(repo, c, ctx.urls)));
  },

  async 'repos/get-commit'(ctx) {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.ref);
    if (!sha) {
      throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`);
    }
    const commit = (await repo.git.readCommit(sha))!;
    const files = await repo.git.diff(commit.parents[0], sha);
    return ok(repoCommit(repo, commit, ctx.urls, files));
  },
};
