import { issueOfPull, labelObject } from '../githubObjects';
import { paginate } from '../http';
import { nowIso } from '../StandinState';
import { ok, pullOf, repoOf, Routes } from './common';

/** The issue side of pull requests: labels and assignees. */
export const issueRoutes: Routes = {
  async 'issues/list-labels-on-issue'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const headers: Record<string, string> = {};
    const page = paginate(ctx, pr.labels, headers);
    return ok(
      page.map(n => labelObject(repo, ctx.state.label(repo, n), ctx.urls)),
      200,
      headers,
    );
  },

  async 'issues/add-labels'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const given: Array<string | { name: string }> = ctx.body?.labels ?? [];
    for (const item of given) {
      const name = typeof item === 'string' ? item : item.name;
      const label = ctx.state.label(repo, name);
      if (!pr.labels.some(l => l.toLowerCase() === label.name.toLowerCase())) {
        pr.labels.push(label.name);
      }
    }
    pr.updatedAt = nowIso();
    return ok(
      pr.labels.map(n => labelObject(repo, ctx.state.label(repo, n), ctx.urls)),
    );
  },

  async 'issues/add-assignees'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const given: Array<string | { login: string }> = ctx.body?.assignees ?? [];
    for (const item of given.slice(0, 10)) {
      const login = typeof item === 'string' ? item : item.login;
      if (!pr.assignees.includes(login)) pr.assignees.push(login);
    }
    pr.updatedAt = nowIso();
    return ok(issueOfPull(ctx.state, repo, pr, ctx.urls), 201);
  },
};
