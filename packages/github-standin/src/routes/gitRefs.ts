import { ZERO_SHA } from '../GitRepository';
import { gitRef } from '../githubObjects';
import { HttpError, notFound } from '../http';
import { nowIso } from '../StandinState';
import { ok, repoOf, Routes } from './common';

/** `refs/heads/x` (or `heads/x` as the path parameters carry it) -> full ref. */
function fullRef(ref: string) {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

/** Git Data API references. */
export const gitRefRoutes: Routes = {
  async 'git/get-ref'(ctx) {
    const repo = repoOf(ctx);
    const ref = await repo.git.readRef(fullRef(ctx.params.ref));
    if (!ref) throw notFound();
    return ok(gitRef(repo, ref, ctx.urls));
  },

  async 'git/list-matching-refs'(ctx) {
    const repo = repoOf(ctx);
    const refs = await repo.git.listRefs(fullRef(ctx.params.ref));
    return ok(refs.map(r => gitRef(repo, r, ctx.urls)));
  },

  async 'git/create-ref'(ctx) {
    const repo = repoOf(ctx);
    const { ref, sha } = ctx.body as { ref: string; sha: string };
    if (
      !/^refs\/[^/]+\/.+/.test(ref) ||
      !(await repo.git.isValidRefName(ref))
    ) {
      throw new HttpError(422, `${ref} is not a valid ref name.`);
    }
    const type = await repo.git.objectType(sha);
    if (!type || sha.length !== 40) {
      throw new HttpError(422, 'Object does not exist');
    }
    if (ref.startsWith('refs/heads/') && type !== 'commit') {
      throw new HttpError(422, 'Object is not a commit');
    }
    try {
      await repo.git.updateRef(ref, sha, ZERO_SHA);
    } catch {
      throw new HttpError(422, 'Reference already exists');
    }
    repo.pushedAt = nowIso();
    ctx.state.branchMoved(repo, ref, ZERO_SHA, sha, ctx.urls, ctx.login);
    const created = (await repo.git.readRef(ref))!;
    const body = gitRef(repo, created, ctx.urls);
    return ok(body, 201, { location: body.url });
  },

  async 'git/update-ref'(ctx) {
    const repo = repoOf(ctx);
    const ref = fullRef(ctx.params.ref);
    const { sha, force } = ctx.body as { sha: string; force?: boolean };
    const current = await repo.git.readRef(ref);
    if (!current) throw new HttpError(422, 'Reference does not exist');
    const type = await repo.git.objectType(sha);
    if (!type || sha.length !== 40) {
      throw new HttpError(422, 'Object does not exist');
    }
    if (ref.startsWith('refs/heads/') && type !== 'commit') {
      throw new HttpError(422, 'Object is not a commit');
    }
    if (!force && !(await repo.git.isAncestor(current.sha, sha))) {
      throw new HttpError(422, 'Update is not a fast forward');
    }
    try {
      await repo.git.updateRef(ref, sha, current.sha);
    } catch {
      throw new HttpError(
        409,
        'Reference update failed: it was changed concurrently',
      );
    }
    repo.pushedAt = nowIso();
    ctx.state.branchMoved(repo, ref, current.sha, sha, ctx.urls, ctx.login);
    return ok(gitRef(repo, (await repo.git.readRef(ref))!, ctx.urls));
  },

  async 'git/delete-ref'(ctx) {
    const repo = repoOf(ctx);
    const ref = fullRef(ctx.params.ref);
    if (!(await repo.git.readRef(ref))) {
      throw new HttpError(422, 'Reference does not exist');
    }
    await repo.git.deleteRef(ref);
    repo.pushedAt = nowIso();
    return { status: 204 };
  },
};
