import {
  issueCommentObject,
  issueObject,
  issueOfPull,
  labelObject,
} from '../githubObjects';
import { notFound, paginate, RouteContext, validationFailed } from '../http';
import {
  IssueRecord,
  nextIssueNumber,
  nowIso,
  RepoRecord,
} from '../StandinState';
import { ok, pullOf, repoOf, Routes } from './common';

/** The issue proper numbered by the `issue_number` parameter, or 404 (a pull request's number included). */
function issueOf(ctx: RouteContext, repo: RepoRecord): IssueRecord {
  const number = Number(ctx.params.issue_number);
  const issue = repo.issues.find(i => i.number === number);
  if (!issue) throw notFound();
  return issue;
}

function labelNames(
  ctx: RouteContext,
  repo: RepoRecord,
  given: Array<string | { name: string }> = [],
): string[] {
  const names: string[] = [];
  for (const item of given) {
    const label = ctx.state.label(
      repo,
      typeof item === 'string' ? item : item.name,
    );
    if (!names.some(n => n.toLowerCase() === label.name.toLowerCase()))
      names.push(label.name);
  }
  return names;
}

/**
 * Issues as GitHub serves them: issues proper (created, listed with pull
 * requests among them as GitHub does, filtered by state and labels, edited,
 * closed with a reason, commented on), and the issue side of pull requests
 * (labels and assignees).
 */
export const issueRoutes: Routes = {
  async 'issues/create'(ctx) {
    const repo = repoOf(ctx);
    const title = ctx.body?.title;
    if (typeof title !== 'string' || title.trim() === '')
      throw validationFailed('Issue', {
        field: 'title',
        code: 'missing_field',
      });
    const now = nowIso();
    const issue: IssueRecord = {
      number: nextIssueNumber(repo),
      id: ctx.state.nextId(),
      title,
      body: ctx.body?.body ?? null,
      state: 'open',
      stateReason: null,
      user: ctx.login,
      labels: labelNames(ctx, repo, ctx.body?.labels),
      comments: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    };
    repo.issues.push(issue);
    return ok(issueObject(ctx.state, repo, issue, ctx.urls), 201);
  },

  async 'issues/get'(ctx) {
    const repo = repoOf(ctx);
    const number = Number(ctx.params.issue_number);
    const pr = repo.pulls.find(p => p.number === number);
    if (pr) return ok(issueOfPull(ctx.state, repo, pr, ctx.urls));
    return ok(issueObject(ctx.state, repo, issueOf(ctx, repo), ctx.urls));
  },

  async 'issues/list-for-repo'(ctx) {
    const repo = repoOf(ctx);
    const state = String(ctx.query.state ?? 'open');
    const wanted = String(ctx.query.labels ?? '')
      .split(',')
      .map(l => l.trim().toLowerCase())
      .filter(Boolean);
    const matches = (s: string, labels: string[]) =>
      (state === 'all' || s === state) &&
      wanted.every(w => labels.some(l => l.toLowerCase() === w));
    const items = [
      ...repo.issues
        .filter(i => matches(i.state, i.labels))
        .map(i => ({
          at: i.createdAt,
          number: i.number,
          body: issueObject(ctx.state, repo, i, ctx.urls),
        })),
      ...repo.pulls
        .filter(p => matches(p.state, p.labels))
        .map(p => ({
          at: p.createdAt,
          number: p.number,
          body: issueOfPull(ctx.state, repo, p, ctx.urls),
        })),
    ]
      // created order; within a second, the number says which came first
      .sort((a, b) => {
        const order = a.at.localeCompare(b.at) || a.number - b.number;
        return ctx.query.direction === 'asc' ? order : -order;
      })
      .map(i => i.body);
    const headers: Record<string, string> = {};
    return ok(paginate(ctx, items, headers), 200, headers);
  },

  async 'issues/update'(ctx) {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const body = ctx.body ?? {};
    if (typeof body.title === 'string') issue.title = body.title;
    if (body.body !== undefined) issue.body = body.body;
    if (Array.isArray(body.labels))
      issue.labels = labelNames(ctx, repo, body.labels);
    if (body.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = nowIso();
      issue.stateReason = body.state_reason ?? 'completed';
    } else if (body.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    }
    issue.updatedAt = nowIso();
    return ok(issueObject(ctx.state, repo, issue, ctx.urls));
  },

  async 'issues/create-comment'(ctx) {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const text = ctx.body?.body;
    if (typeof text !== 'string' || text === '')
      throw validationFailed('IssueComment', {
        field: 'body',
        code: 'missing_field',
      });
    const now = nowIso();
    const comment = {
      id: ctx.state.nextId(),
      body: text,
      user: ctx.login,
      createdAt: now,
      updatedAt: now,
    };
    issue.comments.push(comment);
    issue.updatedAt = now;
    return ok(
      issueCommentObject(ctx.state, repo, issue.number, comment, ctx.urls),
      201,
    );
  },

  async 'issues/list-comments'(ctx) {
    const repo = repoOf(ctx);
    const issue = issueOf(ctx, repo);
    const headers: Record<string, string> = {};
    const page = paginate(ctx, issue.comments, headers);
    return ok(
      page.map(c =>
        issueCommentObject(ctx.state, repo, issue.number, c, ctx.urls),
      ),
      200,
      headers,
    );
  },

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
