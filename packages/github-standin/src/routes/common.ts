import { GitDataError, GitPerson } from '../GitRepository';
import { pullRequest } from '../githubObjects';
import { HttpError, notFound, RouteContext, RouteHandler } from '../http';
import { nowIso, PullRequestRecord, RepoRecord } from '../StandinState';

/** Route handlers keyed by the OpenAPI operation id they implement. */
export type Routes = Record<string, RouteHandler>;

/** The repository named by the `owner` and `repo` path parameters, or 404. */
export function repoOf(ctx: RouteContext): RepoRecord {
  const repo = ctx.state.repo(ctx.params.owner, ctx.params.repo);
  if (!repo) throw notFound();
  return repo;
}

/** The pull request numbered `n` or by the `pull_number`/`issue_number` parameter, or 404. */
export function pullOf(ctx: RouteContext, repo: RepoRecord, n?: number) {
  const number = Number(n ?? ctx.params.pull_number ?? ctx.params.issue_number);
  const pr = repo.pulls.find(p => p.number === number);
  if (!pr) throw notFound();
  return pr;
}

/** A JSON answer. */
export function ok(
  body: unknown,
  status = 200,
  headers?: Record<string, string>,
) {
  return { status, body, headers };
}

/** Rethrows a `GitDataError` as GitHub's 422 for `resource`; anything else as it is. */
export function gitError(resource: string, error: unknown): never {
  if (error instanceof GitDataError) {
    throw new HttpError(422, error.message, [
      { resource, field: error.field, code: 'invalid', message: error.message },
    ]);
  }
  throw error;
}

/** Base64 the way GitHub sends file contents: 60 characters per line. */
export function wrappedBase64(data: Buffer): string {
  const text = data.toString('base64');
  const lines = text.match(/.{1,60}/g) ?? [];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Whether the client asked for the raw media type. */
export function wantsRaw(ctx: RouteContext) {
  return /application\/vnd\.github(\.v3)?\.raw/.test(ctx.accept);
}

/** A commit author or committer: as given, else `fallback`, else the authenticated user. */
export function person(
  ctx: RouteContext,
  given: Partial<GitPerson> | undefined,
  fallback?: GitPerson,
): GitPerson {
  const date = given?.date ?? fallback?.date ?? nowIso();
  if (given?.name !== undefined && given?.email !== undefined) {
    return { name: given.name, email: given.email, date };
  }
  if (fallback) return { ...fallback, date };
  const id = ctx.state.userId(ctx.login);
  return {
    name: ctx.login,
    email: `${id}+${ctx.login}@users.noreply.github.com`,
    date,
  };
}

/** The pull request object for a response, with its live head and mergeability. */
export async function pullResponse(
  ctx: RouteContext,
  repo: RepoRecord,
  pr: PullRequestRecord,
  full: boolean,
) {
  const live = await ctx.state.live(repo, pr, { details: full });
  return pullRequest(ctx.state, repo, pr, live, ctx.urls, full);
}
