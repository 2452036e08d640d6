import { tarballUrl } from '../codeload';
import { notFound } from '../http';
import { repoOf, Routes } from './common';

/** Repository archives: the tarball download redirects to the download host. */
export const archiveRoutes: Routes = {
  async 'repos/download-tarball-archive'(ctx) {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.ref);
    if (!sha) throw notFound();
    return {
      status: 302,
      headers: { location: tarballUrl(ctx.urls.web, repo, sha) },
    };
  },
};
