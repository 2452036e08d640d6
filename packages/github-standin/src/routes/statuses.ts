import { commitStatusObject, repoApiUrl, repository } from '../githubObjects';
import { HttpError, notFound, paginate } from '../http';
import { CommitStatusRecord, nowIso } from '../StandinState';
import { ok, repoOf, Routes } from './common';

/** Commit statuses and the combined status of a ref. */
export const statusRoutes: Routes = {
  async 'repos/get-combined-status-for-ref'(ctx) {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.ref);
    if (!sha) throw notFound();
    const api = repoApiUrl(repo, ctx.urls);
    // the latest status of each context, newest first
    const latest = new Map<string, CommitStatusRecord>();
    for (const status of [...repo.statuses].reverse()) {
      const key = status.context.toLowerCase();
      if (status.sha === sha && !latest.has(key)) latest.set(key, status);
    }
    const statuses = [...latest.values()];
    let state: 'failure' | 'pending' | 'success' = 'success';
    if (statuses.some(s => s.state === 'error' || s.state === 'failure')) {
      state = 'failure';
    } else if (
      statuses.length === 0 ||
      statuses.some(s => s.state === 'pending')
    ) {
      state = 'pending';
    }
    const headers: Record<string, string> = {};
    return ok(
      {
        state,
        sha,
        total_count: statuses.length,
        statuses: paginate(ctx, statuses, headers).map(s =>
          commitStatusObject(ctx.state, repo, s, ctx.urls),
        ),
        repository: repository(ctx.state, repo, ctx.urls),
        commit_url: `${api}/commits/${sha}`,
        url: `${api}/commits/${sha}/status`,
      },
      200,
      headers,
    );
  },

  async 'repos/create-commit-status'(ctx) {
    const repo = repoOf(ctx);
    const sha: string = ctx.params.sha;
    const found = /^[0-9a-f]{40}$/.test(sha)
      ? await repo.git.resolveCommit(sha)
      : undefined;
    if (!found) throw new HttpError(422, `No commit found for SHA: ${sha}`);
    const now = nowIso();
    const status: CommitStatusRecord = {
      id: ctx.state.nextId(),
      sha: found,
      state: ctx.body.state,
      context: ctx.body.context ?? 'default',
      description: ctx.body.description ?? null,
      targetUrl: ctx.body.target_url ?? null,
      creator: ctx.login,
      createdAt: now,
      updatedAt: now,
    };
    repo.statuses.push(status);
    const result = commitStatusObject(ctx.state, repo, status, ctx.urls);
    return ok(result, 201, { location: result.url });
  },
};
