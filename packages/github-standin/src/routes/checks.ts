import { checkRunObject } from '../githubObjects';
import { notFound, paginate, validationFailed } from '../http';
import { CheckRunRecord, nowIso } from '../StandinState';
import { ok, repoOf, Routes } from './common';

/** Check runs. */
export const checkRoutes: Routes = {
  async 'checks/list-for-ref'(ctx) {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.ref);
    if (!sha) throw notFound();
    const filter: string = ctx.query.filter ?? 'latest';
    const seen = new Set<string>();
    const runs = [...repo.checkRuns].reverse().filter(run => {
      if (run.headSha !== sha) return false;
      if (ctx.query.check_name && run.name !== ctx.query.check_name)
        return false;
      if (ctx.query.status && run.status !== ctx.query.status) return false;
      if (filter === 'all') return true;
      if (seen.has(run.name)) return false;
      seen.add(run.name);
      return true;
    });
    const headers: Record<string, string> = {};
    return ok(
      {
        total_count: runs.length,
        check_runs: paginate(ctx, runs, headers).map(run =>
          checkRunObject(ctx.state, repo, run, ctx.urls),
        ),
      },
      200,
      headers,
    );
  },

  async 'checks/create'(ctx) {
    const repo = repoOf(ctx);
    const body = ctx.body as {
      name: string;
      head_sha: string;
      status?: CheckRunRecord['status'];
      conclusion?: CheckRunRecord['conclusion'];
      details_url?: string;
      external_id?: string;
      started_at?: string;
      completed_at?: string;
      output?: { title?: string; summary?: string };
    };
    const sha = /^[0-9a-f]{40}$/.test(body.head_sha)
      ? await repo.git.resolveCommit(body.head_sha)
      : undefined;
    if (!sha) {
      throw validationFailed('CheckRun', {
        field: 'head_sha',
        code: 'invalid',
      });
    }
    // a conclusion completes the run; a completed run needs a conclusion
    const status = body.conclusion ? 'completed' : body.status ?? 'queued';
    if ((status === 'completed' || body.completed_at) && !body.conclusion) {
      throw validationFailed('CheckRun', {
        field: 'conclusion',
        code: 'missing_field',
      });
    }
    const now = nowIso();
    const run: CheckRunRecord = {
      id: ctx.state.nextId(),
      headSha: sha,
      name: body.name,
      status,
      conclusion: body.conclusion ?? null,
      detailsUrl: body.details_url ?? null,
      externalId: body.external_id ?? null,
      title: body.output?.title ?? null,
      summary: body.output?.summary ?? null,
      startedAt: body.started_at ?? now,
      completedAt: status === 'completed' ? body.completed_at ?? now : null,
    };
    repo.checkRuns.push(run);
    return ok(checkRunObject(ctx.state, repo, run, ctx.urls), 201);
  },
};
