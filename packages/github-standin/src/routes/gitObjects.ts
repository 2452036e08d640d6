import { GitPerson, TreeChange } from '../GitRepository';
import { gitCommit, gitTree, repoApiUrl } from '../githubObjects';
import { notFound, validationFailed } from '../http';
import {
  gitError,
  ok,
  person,
  repoOf,
  Routes,
  wantsRaw,
  wrappedBase64,
} from './common';

/** Git Data API objects: blobs, trees and commits. */
export const gitObjectRoutes: Routes = {
  async 'git/create-blob'(ctx) {
    const repo = repoOf(ctx);
    const { content, encoding = 'utf-8' } = ctx.body as {
      content: string;
      encoding?: string;
    };
    let data: Buffer;
    if (encoding === 'base64') data = Buffer.from(content, 'base64');
    else if (encoding === 'utf-8' || encoding === 'utf8') {
      data = Buffer.from(content, 'utf8');
    } else {
      throw validationFailed('Blob', {
        field: 'encoding',
        code: 'invalid',
        message: `encoding must be utf-8 or base64, not ${encoding}`,
      });
    }
    const sha = await repo.git.writeBlob(data);
    const url = `${repoApiUrl(repo, ctx.urls)}/git/blobs/${sha}`;
    return ok({ sha, url }, 201, { location: url });
  },

  async 'git/get-blob'(ctx) {
    const repo = repoOf(ctx);
    const sha: string = ctx.params.file_sha;
    if ((await repo.git.objectType(sha)) !== 'blob') throw notFound();
    const full = (await repo.git.expandSha(sha))!;
    const data = await repo.git.readBlob(full);
    if (wantsRaw(ctx)) {
      return {
        status: 200,
        raw: { contentType: 'application/vnd.github.raw', data },
      };
    }
    return ok({
      sha: full,
      node_id: Buffer.from(`Blob:${full}`).toString('base64'),
      size: data.length,
      url: `${repoApiUrl(repo, ctx.urls)}/git/blobs/${full}`,
      content: wrappedBase64(data),
      encoding: 'base64',
    });
  },

  async 'git/get-tree'(ctx) {
    const repo = repoOf(ctx);
    const given: string = ctx.params.tree_sha;
    let tree: string | undefined;
    if ((await repo.git.objectType(given)) === 'tree') {
      tree = await repo.git.expandSha(given);
    } else {
      const commit = await repo.git.resolveCommit(given);
      if (commit) tree = (await repo.git.readCommit(commit))!.tree;
    }
    if (!tree) throw notFound();
    const recursive = ctx.query.recursive !== undefined;
    const entries = await repo.git.listTree(tree, { recursive });
    return ok(gitTree(repo, tree, entries, ctx.urls));
  },

  async 'git/create-tree'(ctx) {
    const repo = repoOf(ctx);
    const { tree, base_tree: baseTree } = ctx.body as {
      tree: TreeChange[];
      base_tree?: string;
    };
    let sha: string;
    try {
      sha = await repo.git.createTree(baseTree, tree);
    } catch (error) {
      gitError('Tree', error);
    }
    const entries = await repo.git.listTree(sha);
    const body = gitTree(repo, sha, entries, ctx.urls);
    return ok(body, 201, { location: body.url });
  },

  async 'git/get-commit'(ctx) {
    const repo = repoOf(ctx);
    const commit = await repo.git.readCommit(ctx.params.commit_sha);
    if (!commit) throw notFound();
    return ok(gitCommit(repo, commit, ctx.urls));
  },

  async 'git/create-commit'(ctx) {
    const repo = repoOf(ctx);
    const body = ctx.body as {
      message: string;
      tree: string;
      parents?: string[];
      author?: GitPerson;
      committer?: GitPerson;
      signature?: string;
    };
    const author = person(ctx, body.author);
    const committer = person(ctx, body.committer, author);
    let sha: string;
    try {
      sha = await repo.git.createCommit({
        tree: body.tree,
        parents: body.parents ?? [],
        message: body.message,
        author,
        committer,
        signature: body.signature,
      });
    } catch (error) {
      gitError('Commit', error);
    }
    const commit = (await repo.git.readCommit(sha))!;
    const result = gitCommit(repo, commit, ctx.urls);
    return ok(result, 201, { location: result.url });
  },
};
