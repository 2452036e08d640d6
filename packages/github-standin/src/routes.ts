import {
  GitDataError,
  GitPerson,
  TreeChange,
  TreeEntry,
  ZERO_SHA,
} from './GitRepository';
import {
  checkRunObject,
  commitStatusObject,
  contentEntry,
  diffEntry,
  encodePath,
  gitCommit,
  gitRef,
  gitTree,
  issueOfPull,
  labelObject,
  privateUser,
  pullRequest,
  repoApiUrl,
  repoCommit,
  repository,
  reviewObject,
  simpleUser,
  teamObject,
} from './githubObjects';
import {
  HttpError,
  notFound,
  paginate,
  RouteContext,
  RouteHandler,
  RouteResult,
  validationFailed,
} from './http';
import {
  CheckRunRecord,
  CommitStatusRecord,
  nowIso,
  PullRequestRecord,
  RepoRecord,
  ReviewRecord,
} from './StandinState';

function repoOf(ctx: RouteContext): RepoRecord {
  const repo = ctx.state.repo(ctx.params.owner, ctx.params.repo);
  if (!repo) throw notFound();
  return repo;
}

function pullOf(ctx: RouteContext, repo: RepoRecord, n?: number) {
  const number = Number(n ?? ctx.params.pull_number ?? ctx.params.issue_number);
  const pr = repo.pulls.find(p => p.number === number);
  if (!pr) throw notFound();
  return pr;
}

function ok(body: unknown, status = 200, headers?: Record<string, string>) {
  return { status, body, headers };
}

function gitError(resource: string, error: unknown): never {
  if (error instanceof GitDataError) {
    throw new HttpError(422, error.message, [
      { resource, field: error.field, code: 'invalid', message: error.message },
    ]);
  }
  throw error;
}

/** Base64 the way GitHub sends file contents: 60 characters per line. */
function wrappedBase64(data: Buffer): string {
  const text = data.toString('base64');
  const lines = text.match(/.{1,60}/g) ?? [];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function wantsRaw(ctx: RouteContext) {
  return /application\/vnd\.github(\.v3)?\.raw/.test(ctx.accept);
}

/** `refs/heads/x` (or `heads/x` as the path parameters carry it) -> full ref. */
function fullRef(ref: string) {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

function person(
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

async function pullResponse(
  ctx: RouteContext,
  repo: RepoRecord,
  pr: PullRequestRecord,
  full: boolean,
) {
  const live = await ctx.state.live(repo, pr, { details: full });
  return pullRequest(ctx.state, repo, pr, live, ctx.urls, full);
}

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

const routes: Record<string, RouteHandler> = {
  async 'users/get-authenticated'(ctx) {
    return ok(privateUser(ctx.state, ctx.login, ctx.urls));
  },

  async 'rate-limit/get'(ctx) {
    const limit = (n: number) => ({
      limit: n,
      used: 0,
      remaining: n,
      reset: Math.floor(Date.now() / 1000) + 3600,
    });
    const core = {
      limit: ctx.state.rateLimit.limit,
      used: ctx.state.rateLimit.used,
      remaining: ctx.state.rateLimit.remaining(),
      reset: ctx.state.rateLimit.reset,
    };
    return ok({
      resources: {
        core,
        search: limit(30),
        graphql: limit(5000),
        integration_manifest: limit(5000),
        code_search: limit(10),
      },
      rate: core,
    });
  },

  async 'repos/get'(ctx) {
    return ok(
      repository(ctx.state, repoOf(ctx), ctx.urls, { withParent: true }),
    );
  },

  async 'repos/list-forks'(ctx) {
    const repo = repoOf(ctx);
    const headers: Record<string, string> = {};
    const page = paginate(ctx, repo.forks, headers);
    return ok(
      page.map(f => repository(ctx.state, f, ctx.urls)),
      200,
      headers,
    );
  },

  async 'repos/create-fork'(ctx) {
    const repo = repoOf(ctx);
    const owner = ctx.body?.organization ?? ctx.login;
    const name = ctx.body?.name ?? repo.name;
    const fork = await ctx.state.fork(
      repo,
      owner,
      name,
      !!ctx.body?.default_branch_only,
    );
    return ok(repository(ctx.state, fork, ctx.urls, { withParent: true }), 202);
  },

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

  async 'repos/list-commits'(ctx) {
    const repo = repoOf(ctx);
    const start = await repo.git.resolveCommit(
      ctx.query.sha ?? repo.defaultBranch,
    );
    if (!start) throw notFound();
    const perPage = Math.min(Number(ctx.query.per_page ?? 30), 100);
    const page = Number(ctx.query.page ?? 1);
    const shas = await repo.git.revList(start, {
      maxCount: perPage,
      skip: (page - 1) * perPage,
      path: ctx.query.path,
    });
    const commits = await repo.git.readCommits(shas);
    return ok(commits.map(c => repoCommit(repo, c, ctx.urls)));
  },

  async 'repos/get-commit'(ctx) {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.ref);
    if (!sha) {
      throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`);
    }
    const commit = (await repo.git.readCommit(sha))!;
    const files = await repo.git.diff(commit.parents[0], sha);
    return ok(repoCommit(repo, commit, ctx.urls, files));
  },

  async 'repos/get-combined-status-for-ref'(ctx) {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.ref);
    if (!sha) throw notFound();
    const api = repoApiUrl(repo, ctx.urls);
    // the latest status of each context, newest first
    const latest = new Map<string, CommitStatusRecord>();
    for (const status of [...repo.statuses].reverse()) {
      const key = status.context.toLowerCase();
      if (status.sha === sha && !latest.has(key)) latest.set(key, status);
    }
    const statuses = [...latest.values()];
    let state: 'failure' | 'pending' | 'success' = 'success';
    if (statuses.some(s => s.state === 'error' || s.state === 'failure')) {
      state = 'failure';
    } else if (
      statuses.length === 0 ||
      statuses.some(s => s.state === 'pending')
    ) {
      state = 'pending';
    }
    const headers: Record<string, string> = {};
    return ok(
      {
        state,
        sha,
        total_count: statuses.length,
        statuses: paginate(ctx, statuses, headers).map(s =>
          commitStatusObject(ctx.state, repo, s, ctx.urls),
        ),
        repository: repository(ctx.state, repo, ctx.urls),
        commit_url: `${api}/commits/${sha}`,
        url: `${api}/commits/${sha}/status`,
      },
      200,
      headers,
    );
  },

  async 'repos/create-commit-status'(ctx) {
    const repo = repoOf(ctx);
    const sha: string = ctx.params.sha;
    const found = /^[0-9a-f]{40}$/.test(sha)
      ? await repo.git.resolveCommit(sha)
      : undefined;
    if (!found) throw new HttpError(422, `No commit found for SHA: ${sha}`);
    const now = nowIso();
    const status: CommitStatusRecord = {
      id: ctx.state.nextId(),
      sha: found,
      state: ctx.body.state,
      context: ctx.body.context ?? 'default',
      description: ctx.body.description ?? null,
      targetUrl: ctx.body.target_url ?? null,
      creator: ctx.login,
      createdAt: now,
      updatedAt: now,
    };
    repo.statuses.push(status);
    const result = commitStatusObject(ctx.state, repo, status, ctx.urls);
    return ok(result, 201, { location: result.url });
  },

  async 'checks/list-for-ref'(ctx) {
    const repo = repoOf(ctx);
    const sha = await repo.git.resolveCommit(ctx.params.ref);
    if (!sha) throw notFound();
    const filter: string = ctx.query.filter ?? 'latest';
    const seen = new Set<string>();
    const runs = [...repo.checkRuns].reverse().filter(run => {
      if (run.headSha !== sha) return false;
      if (ctx.query.check_name && run.name !== ctx.query.check_name)
        return false;
      if (ctx.query.status && run.status !== ctx.query.status) return false;
      if (filter === 'all') return true;
      if (seen.has(run.name)) return false;
      seen.add(run.name);
      return true;
    });
    const headers: Record<string, string> = {};
    return ok(
      {
        total_count: runs.length,
        check_runs: paginate(ctx, runs, headers).map(run =>
          checkRunObject(ctx.state, repo, run, ctx.urls),
        ),
      },
      200,
      headers,
    );
  },

  async 'checks/create'(ctx) {
    const repo = repoOf(ctx);
    const body = ctx.body as {
      name: string;
      head_sha: string;
      status?: CheckRunRecord['status'];
      conclusion?: CheckRunRecord['conclusion'];
      details_url?: string;
      external_id?: string;
      started_at?: string;
      completed_at?: string;
      output?: { title?: string; summary?: string };
    };
    const sha = /^[0-9a-f]{40}$/.test(body.head_sha)
      ? await repo.git.resolveCommit(body.head_sha)
      : undefined;
    if (!sha) {
      throw validationFailed('CheckRun', {
        field: 'head_sha',
        code: 'invalid',
      });
    }
    // a conclusion completes the run; a completed run needs a conclusion
    const status = body.conclusion ? 'completed' : body.status ?? 'queued';
    if ((status === 'completed' || body.completed_at) && !body.conclusion) {
      throw validationFailed('CheckRun', {
        field: 'conclusion',
        code: 'missing_field',
      });
    }
    const now = nowIso();
    const run: CheckRunRecord = {
      id: ctx.state.nextId(),
      headSha: sha,
      name: body.name,
      status,
      conclusion: body.conclusion ?? null,
      detailsUrl: body.details_url ?? null,
      externalId: body.external_id ?? null,
      title: body.output?.title ?? null,
      summary: body.output?.summary ?? null,
      startedAt: body.started_at ?? now,
      completedAt: status === 'completed' ? body.completed_at ?? now : null,
    };
    repo.checkRuns.push(run);
    return ok(checkRunObject(ctx.state, repo, run, ctx.urls), 201);
  },

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
      number: repo.pulls.length + 1,
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

  async 'pulls/check-if-merged'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    if (!pr.mergedAt) throw notFound();
    return { status: 204 };
  },

  async 'pulls/merge'(ctx) {
    const repo = repoOf(ctx);
    const pr = pullOf(ctx, repo);
    const live = await ctx.state.live(repo, pr, { details: true });
    if (pr.state !== 'open' || !live.mergeable) {
      throw new HttpError(405, 'Pull Request is not mergeable');
    }
    if (ctx.body?.sha && ctx.body.sha !== live.headSha) {
      throw new HttpError(
        409,
        'Head branch was modified. Review and try the merge again.',
      );
    }
    const method: string = ctx.body?.merge_method ?? 'merge';
    if (method === 'rebase') {
      throw new HttpError(
        405,
        'Rebase merges are not supported by the GitHub stand-in',
      );
    }
    const { tree } = await repo.git.mergeTree(live.baseSha, live.headSha);
    const me = person(ctx, undefined);
    const title: string =
      ctx.body?.commit_title ??
      (method === 'squash'
        ? `${pr.title} (#${pr.number})`
        : `Merge pull request #${pr.number} from ${pr.headRepo.owner}/${pr.headRef}`);
    const message = `${title}\n\n${
      ctx.body?.commit_message ?? (method === 'squash' ? '' : pr.title)
    }`.trimEnd();
    const sha = await repo.git.createCommit({
      tree: tree!,
      parents:
        method === 'squash' ? [live.baseSha] : [live.baseSha, live.headSha],
      message: `${message}\n`,
      author: me,
      committer: me,
    });
    try {
      await repo.git.updateRef(`refs/heads/${pr.baseRef}`, sha, live.baseSha);
    } catch {
      throw new HttpError(
        409,
        'Base branch was modified. Review and try the merge again.',
      );
    }
    const now = nowIso();
    Object.assign(pr, {
      state: 'closed',
      closedAt: now,
      mergedAt: now,
      updatedAt: now,
      mergedBy: ctx.login,
      mergeCommitSha: sha,
      baseSha: live.baseSha,
    });
    repo.pushedAt = now;
    return ok({
      sha,
      merged: true,
      message: 'Pull Request successfully merged',
    });
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

/** Route handler for an OpenAPI operation id, if the stand-in implements it. */
export function routeFor(operationId: string): RouteHandler | undefined {
  return Object.prototype.hasOwnProperty.call(routes, operationId)
    ? routes[operationId]
    : undefined;
}

/** Operation ids the stand-in implements. */
export function implementedOperations(): string[] {
  return Object.keys(routes).sort();
}

export type { RouteResult };
