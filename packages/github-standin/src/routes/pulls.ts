import { diffEntry, repoCommit } from '../githubObjects';
import { paginate, RouteContext, validationFailed } from '../http';
import {
  nextIssueNumber,
  nowIso,
  PullRequestRecord,
  RepoRecord,
} from '../StandinState';
import { ok, pullOf, pullResponse, repoOf, Routes } from './common';

/** `owner:branch` or `branch` -> the head repository and branch. */
function parseHead(ctx: RouteContext, repo: RepoRecord, head: string) {
  const colon = head.indexOf(':');
  const owner = colon >= 0 ? head.slice(0, colon) : repo.owner;
  const ref = colon >= 0 ? head.slice(colon + 1) : head;
  let headRepo: RepoRecord | undefined;
  if (owner.toLowerCase() === repo.owner.toLowerCase()) {
    headRepo = repo;
  } else {
    const named = ctx.body?.head_repo?.split('/')[1] ?? repo.name;
    const candidate = ctx.state.repo(owner, named);
    if (candidate?.parent === repo || repo.parent === candidate) {
      headRepo = candidate;
    } else {
      headRepo = repo.forks.find(
        f => f.owner.toLowerCase() === owner.toLowerCase(),
      );
    }
  }
  return { owner, ref, headRepo };
}

const PULL_RESOURCE = 'PullRequest';

/** Pull requests: list, create, read, update, and their files and commits. */
export const pullRoutes: Routes = {
  async 'pulls/list'(ctx) {
    const repo = repoOf(ctx);
    const state: string = ctx.query.state ?? 'open';
    let pulls = repo.pulls.filter(pr => state === 'all' || pr.state === state);
    if (ctx.query.head) {
      const { ref, headRepo } = parseHead(ctx, repo, ctx.query.head);
      pulls = pulls.filter(
        pr => pr.headRepo === headRepo && pr.headRef === ref,
      );
    }
    if (ctx.query.base)
      pulls = pulls.filter(pr => pr.baseRef === ctx.query.base);
    const sort: string = ctx.query.sort ?? 'created';
    const direction: string =
      ctx.query.direction ?? (sort === 'created' ? 'desc' : 'asc');
    const key = (pr: PullRequestRecord) =>
      sort === 'updated' ? `${pr.updatedAt}|${pr.number}` : pr.number;
    pulls = [...pulls].sort((a, b) => {
      const order = key(a) < key(b) ? -1 : 1;
      return direction === 'asc' ? order : -order;
    });
    const headers: Record<string, string> = {};
    const page = paginate(ctx, pulls, headers);
    const body = [];
    for (const pr of page) body.push(await pullResponse(ctx, repo, pr, false));
    return ok(body, 200, headers);
  },

  async 'pulls/create'(ctx) {
    const repo = repoOf(ctx);
    const body = ctx.body as {
      title?: string;
      head: string;
      base: string;
      body?: string;
      draft?: boolean;
      maintainer_can_modify?: boolean;
      issue?: number;
    };
    if (body.title === undefined) {
      throw validationFailed(PULL_RESOURCE, {
        field: 'title',
        code: 'missing_field',
      });
    }
    const { ref: headRef, headRepo } = parseHead(ctx, repo, body.head);
    const baseSha = await repo.git.resolveCommit(`refs/heads/${body.base}`);
    if (!baseSha) {
      throw validationFailed(PULL_RESOURCE, { field: 'base', code: 'invalid' });
    }
    const headSha = headRepo
      ? await headRepo.git.resolveCommit(`refs/heads/${headRef}`)
      : undefined;
    if (!headRepo || !headSha) {
      throw validationFailed(PULL_RESOURCE, { field: 'head', code: 'invalid' });
    }
    const duplicateMessage = `A pull request already exists for ${headRepo.owner}:${headRef}.`;
    const isDuplicate = () =>
      repo.pulls.some(
        pr =>
          pr.state === 'open' &&
          pr.headRepo === headRepo &&
          pr.headRef === headRef &&
          pr.baseRef === body.base,
      );
    if (isDuplicate()) {
      throw validationFailed(PULL_RESOURCE, {
        code: 'custom',
        message: duplicateMessage,
      });
    }
    let incoming: string | undefined;
    if (headRepo !== repo) {
      incoming = `refs/standin/incoming/${ctx.state.nextId()}`;
      await repo.git.fetchRef(headRepo.git, `refs/heads/${headRef}`, incoming);
    }
    const ahead = await repo.git.revList(headSha, {
      exclude: baseSha,
      maxCount: 1,
    });
    if (ahead.length === 0) {
      if (incoming) await repo.git.deleteRef(incoming);
      throw validationFailed(PULL_RESOURCE, {
        code: 'custom',
        message: `No commits between ${body.base} and ${body.head}`,
      });
    }
    // checked again: another request may have created it while git ran
    if (isDuplicate()) {
      if (incoming) await repo.git.deleteRef(incoming);
      throw validationFailed(PULL_RESOURCE, {
        code: 'custom',
        message: duplicateMessage,
      });
    }
    const now = nowIso();
    const pr: PullRequestRecord = {
      number: nextIssueNumber(repo),
      id: ctx.state.nextId(),
      title: body.title,
      body: body.body ?? null,
      state: 'open',
      draft: body.draft ?? false,
      user: ctx.login,
      headRef,
      headRepo,
      headSha,
      baseRef: body.base,
      baseSha,
      labels: [],
      requestedReviewers: [],
      requestedTeams: [],
      assignees: [],
      reviews: [],
      maintainerCanModify: body.maintainer_can_modify ?? headRepo !== repo,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
    };
    repo.pulls.push(pr);
    if (incoming) {
      await repo.git.updateRef(`refs/pull/${pr.number}/head`, headSha);
      await repo.git.deleteRef(incoming);
    }
    const result = await pullResponse(ctx, repo, pr, true);
    return ok(result, 201, { location: String(result.url) });
  },

  async 'pulls/get'(ctx) {
    const repo = repoOf(ctx);
    return ok(await pullResponse(ctx, repo, pullOf(ctx, repo), true));
  },

  async 'pulls/update'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    await ctx.state.live(repo, pr, { details: false }); // head as it was before closing
    const body = (ctx.body ?? {}) as {
      title?: string;
      body?: string;
      state?: 'open' | 'closed';
      base?: string;
      maintainer_can_modify?: boolean;
    };
    if (body.base !== undefined && body.base !== pr.baseRef) {
      const baseSha = await repo.git.resolveCommit(`refs/heads/${body.base}`);
      if (!baseSha) {
        throw validationFailed(PULL_RESOURCE, {
          field: 'base',
          code: 'invalid',
        });
      }
      pr.baseRef = body.base;
      pr.baseSha = baseSha;
    }
    if (body.state === 'open' && pr.state === 'closed') {
      if (pr.mergedAt) {
        throw validationFailed(PULL_RESOURCE, {
          code: 'custom',
          message: 'Cannot reopen a merged pull request.',
        });
      }
      const others = ctx.state
        .openPullsForHead(pr.headRepo, pr.headRef)
        .filter(o => o !== pr && o.baseRef === pr.baseRef);
      if (others.length) {
        throw validationFailed(PULL_RESOURCE, {
          code: 'custom',
          message: `A pull request already exists for ${pr.headRepo.owner}:${pr.headRef}.`,
        });
      }
      pr.state = 'open';
      pr.closedAt = null;
    } else if (body.state === 'closed' && pr.state === 'open') {
      pr.state = 'closed';
      pr.closedAt = nowIso();
    }
    if (body.title !== undefined) pr.title = body.title;
    if (body.body !== undefined) pr.body = body.body;
    if (body.maintainer_can_modify !== undefined) {
      pr.maintainerCanModify = body.maintainer_can_modify;
    }
    pr.updatedAt = nowIso();
    return ok(await pullResponse(ctx, repo, pr, true));
  },

  async 'pulls/list-files'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const live = await ctx.state.live(repo, pr, { details: true });
    const headers: Record<string, string> = {};
    const page = paginate(ctx, live.files, headers);
    return ok(
      page.map(f => diffEntry(repo, f, live.headSha, ctx.urls)),
      200,
      headers,
    );
  },

  async 'pulls/list-commits'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const live = await ctx.state.live(repo, pr, { details: false });
    const shas = (
      await repo.git.revList(live.headSha, { exclude: live.baseSha })
    ).reverse();
    const headers: Record<string, string> = {};
    const page = paginate(ctx, shas, headers);
    const commits = await repo.git.readCommits(page);
    return ok(
      commits.map(c => repoCommit(repo, c, ctx.urls)),
      200,
      headers,
    );
  },
};
