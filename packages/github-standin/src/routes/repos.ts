import { repository } from '../githubObjects';
import { paginate } from '../http';
import { ok, repoOf, Routes } from './common';

/** Repositories and their forks. */
export const repoRoutes: Routes = {
  async 'repos/get'(ctx) {
    return ok(
      repository(ctx.state, repoOf(ctx), ctx.urls, { withParent: true }),
    );
  },

  async 'repos/list-forks'(ctx) {
    const repo = repoOf(ctx);
    const headers: Record<string, string> = {};
    const page = paginate(ctx, repo.forks, headers);
    return ok(
      page.map(f => repository(ctx.state, f, ctx.urls)),
      200,
      headers,
    );
  },

  async 'repos/create-fork'(ctx) {
    const repo = repoOf(ctx);
    const owner = ctx.body?.organization ?? ctx.login;
    const name = ctx.body?.name ?? repo.name;
    const fork = await ctx.state.fork(
      repo,
      owner,
      name,
      !!ctx.body?.default_branch_only,
    );
    return ok(repository(ctx.state, fork, ctx.urls, { withParent: true }), 202);
  },
};
