import { reviewObject, simpleUser, teamObject } from '../githubObjects';
import { HttpError, paginate, validationFailed } from '../http';
import { nowIso, ReviewRecord } from '../StandinState';
import { ok, pullOf, pullResponse, repoOf, Routes } from './common';

/** Requested reviewers (users and teams) and reviews of a pull request. */
export const pullReviewRoutes: Routes = {
  async 'pulls/list-requested-reviewers'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    return ok({
      users: pr.requestedReviewers.map(l => simpleUser(ctx.state, l, ctx.urls)),
      teams: pr.requestedTeams.map(t =>
        teamObject(ctx.state, repo, t, ctx.urls),
      ),
    });
  },

  async 'pulls/request-reviewers'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const users: string[] = ctx.body?.reviewers ?? [];
    const teams: string[] = ctx.body?.team_reviewers ?? [];
    if (users.some(u => u.toLowerCase() === pr.user.toLowerCase())) {
      throw new HttpError(
        422,
        'Review cannot be requested from pull request author.',
      );
    }
    for (const user of users) {
      if (!pr.requestedReviewers.includes(user))
        pr.requestedReviewers.push(user);
    }
    for (const team of teams) {
      if (!pr.requestedTeams.includes(team)) pr.requestedTeams.push(team);
    }
    pr.updatedAt = nowIso();
    return ok(await pullResponse(ctx, repo, pr, false), 201);
  },

  async 'pulls/remove-requested-reviewers'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const users: string[] = ctx.body?.reviewers ?? [];
    const teams: string[] = ctx.body?.team_reviewers ?? [];
    pr.requestedReviewers = pr.requestedReviewers.filter(
      u => !users.includes(u),
    );
    pr.requestedTeams = pr.requestedTeams.filter(t => !teams.includes(t));
    pr.updatedAt = nowIso();
    return ok(await pullResponse(ctx, repo, pr, false));
  },

  async 'pulls/list-reviews'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const headers: Record<string, string> = {};
    const page = paginate(ctx, pr.reviews, headers);
    return ok(
      page.map(r => reviewObject(ctx.state, repo, pr, r, ctx.urls)),
      200,
      headers,
    );
  },

  async 'pulls/create-review'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const event: string | undefined = ctx.body?.event;
    const states: Record<
      string,
      'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED'
    > = {
      APPROVE: 'APPROVED',
      REQUEST_CHANGES: 'CHANGES_REQUESTED',
      COMMENT: 'COMMENTED',
    };
    const state = event ? states[event] : 'PENDING';
    if (!state) {
      throw validationFailed('PullRequestReview', {
        field: 'event',
        code: 'invalid',
      });
    }
    if (state !== 'COMMENTED' && state !== 'PENDING' && pr.user === ctx.login) {
      throw new HttpError(422, 'Unprocessable Entity', [
        {
          resource: 'PullRequestReview',
          code: 'custom',
          message: `Can not ${
            event === 'APPROVE' ? 'approve' : 'request changes on'
          } your own pull request`,
        },
      ]);
    }
    const live = await ctx.state.live(repo, pr, { details: false });
    const review: ReviewRecord = {
      id: ctx.state.nextId(),
      user: ctx.login,
      body: ctx.body?.body ?? '',
      state,
      commitId: ctx.body?.commit_id ?? live.headSha,
      submittedAt: nowIso(),
    };
    pr.reviews.push(review);
    pr.requestedReviewers = pr.requestedReviewers.filter(u => u !== ctx.login);
    pr.updatedAt = nowIso();
    return ok(reviewObject(ctx.state, repo, pr, review, ctx.urls));
  },
};
