import { encodePath, repoApiUrl, repoCommit } from '../githubObjects';
import { HttpError, paginate } from '../http';
import { ok, repoOf, Routes } from './common';

/** Branches (`/repos/{owner}/{repo}/branches`). */
export const branchRoutes: Routes = {
  async 'repos/list-branches'(ctx) {
    const repo = repoOf(ctx);
    const refs = await repo.git.listRefs('refs/heads/');
    const headers: Record<string, string> = {};
    const page = paginate(ctx, refs, headers);
    return ok(
      page.map(r => ({
        name: r.ref.slice('refs/heads/'.length),
        commit: {
          sha: r.sha,
          url: `${repoApiUrl(repo, ctx.urls)}/commits/${r.sha}`,
        },
        protected: false,
      })),
      200,
      headers,
    );
  },

  async 'repos/get-branch'(ctx) {
    const repo = repoOf(ctx);
    const branch: string = ctx.params.branch;
    const sha = await repo.git.revParse(`refs/heads/${branch}^{commit}`);
    if (!sha) throw new HttpError(404, 'Branch not found');
    const commit = (await repo.git.readCommit(sha))!;
    const api = repoApiUrl(repo, ctx.urls);
    return ok({
      name: branch,
      commit: repoCommit(repo, commit, ctx.urls),
      _links: {
        self: `${api}/branches/${encodePath(branch)}`,
        html: `${ctx.urls.web}/${repo.owner}/${repo.name}/tree/${encodePath(
          branch,
        )}`,
      },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: {
          enforcement_level: 'off',
          contexts: [],
          checks: [],
        },
      },
      protection_url: `${api}/branches/${encodePath(branch)}/protection`,
    });
  },
};
