import { TreeEntry } from '../GitRepository';
import { contentEntry } from '../githubObjects';
import { HttpError, notFound } from '../http';
import { ok, repoOf, Routes, wantsRaw, wrappedBase64 } from './common';

/** Repository contents: files, directories, symlinks and submodules. */
export const contentRoutes: Routes = {
  async 'repos/get-content'(ctx) {
    const repo = repoOf(ctx);
    const ref: string = ctx.query.ref ?? repo.defaultBranch;
    const commit = await repo.git.resolveCommit(ref);
    if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
    const filePath = String(ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
    let entry: TreeEntry | undefined;
    if (filePath === '') {
      const tree = (await repo.git.readCommit(commit))!.tree;
      entry = { path: '', mode: '040000', type: 'tree', sha: tree };
    } else {
      entry = await repo.git.entryAt(commit, filePath);
    }
    if (!entry) throw notFound();
    if (entry.type === 'tree') {
      const children = await repo.git.listTree(entry.sha);
      return ok(
        children.map(child =>
          contentEntry(
            repo,
            {
              ...child,
              path: filePath ? `${filePath}/${child.path}` : child.path,
            },
            ref,
            ctx.urls,
          ),
        ),
      );
    }
    const base = contentEntry(repo, entry, ref, ctx.urls);
    if (entry.type === 'commit') {
      return ok({
        ...base,
        submodule_git_url: `${ctx.urls.web}/${filePath}.git`,
      });
    }
    const data = await repo.git.readBlob(entry.sha);
    if (entry.mode === '120000') {
      return ok({ ...base, target: data.toString('utf8') });
    }
    if (wantsRaw(ctx)) {
      return {
        status: 200,
        raw: { contentType: 'application/vnd.github.raw', data },
      };
    }
    return ok({ ...base, content: wrappedBase64(data), encoding: 'base64' });
  },
};
