import { CommitInfo, DiffEntry, TreeEntry } from './GitRepository';
import {
  CheckRunRecord,
  CommitStatusRecord,
  IssueCommentRecord,
  IssueRecord,
  LabelRecord,
  PullRequestLive,
  PullRequestRecord,
  RepoRecord,
  ReviewRecord,
  StandinState,
} from './StandinState';

/** Where the stand-in is reachable: API root (maybe `/api/v3`) and web root. */
export interface Urls {
  api: string;
  web: string;
}

/** URL-encodes each segment of a slash-separated path or branch name. */
export function encodePath(value: string): string {
  return value.split('/').map(encodeURIComponent).join('/');
}

function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');
}

/** GitHub's "Simple User". */
export function simpleUser(state: StandinState, login: string, urls: Urls) {
  const id = state.userId(login);
  const api = `${urls.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId('User', id),
    avatar_url: `${urls.web}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The authenticated user (`GET /user`, "Private User"). */
export function privateUser(state: StandinState, login: string, urls: Urls) {
  const now = '2024-01-01T00:00:00Z';
  return {
    ...simpleUser(state, login, urls),
    name: login,
    company: null,
    blog: '',
    location: null,
    email: null,
    notification_email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: now,
    updated_at: now,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: {
      name: 'free',
      space: 976562499,
      collaborators: 0,
      private_repos: 10000,
    },
  };
}

export function repoApiUrl(repo: RepoRecord, urls: Urls): string {
  return `${urls.api}/repos/${repo.owner}/${repo.name}`;
}

export function repoWebUrl(repo: RepoRecord, urls: Urls): string {
  return `${urls.web}/${repo.owner}/${repo.name}`;
}

/**
 * A repository with every field of GitHub's "Full Repository" (a superset
 * of "Repository" and "Minimal Repository").
 */
export function repository(
  state: StandinState,
  repo: RepoRecord,
  urls: Urls,
  options: { withParent?: boolean } = {},
): Record<string, unknown> {
  const api = repoApiUrl(repo, urls);
  const web = repoWebUrl(repo, urls);
  const openPulls = repo.pulls.filter(pr => pr.state === 'open').length;
  const result: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    owner: simpleUser(state, repo.owner, urls),
    html_url: web,
    description: repo.description,
    fork: !!repo.parent,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `${web.replace(/^https?:/, 'git:')}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${new URL(urls.web).host}:${repo.owner}/${repo.name}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${web}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: web,
    homepage: null,
    language: null,
    forks_count: repo.forks.length,
    forks: repo.forks.length,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openPulls,
    open_issues: openPulls,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    network_count: repo.forks.length,
    subscribers_count: 0,
  };
  if (options.withParent && repo.parent) {
    const root = (r: RepoRecord): RepoRecord => (r.parent ? root(r.parent) : r);
    result.parent = repository(state, repo.parent, urls);
    result.source = repository(state, root(repo.parent), urls);
  }
  return result;
}

export function gitRef(
  repo: RepoRecord,
  ref: { ref: string; sha: string; type: string },
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const objectKind = ref.type === 'tag' ? 'tags' : `${ref.type}s`;
  return {
    ref: ref.ref,
    node_id: nodeId('Ref', `${repo.id}:${ref.ref}`),
    url: `${api}/git/${encodePath(ref.ref)}`,
    object: {
      sha: ref.sha,
      type: ref.type,
      url: `${api}/git/${objectKind}/${ref.sha}`,
    },
  };
}

function verification(commit: CommitInfo) {
  return commit.signature
    ? {
        verified: false,
        reason: 'unknown_key',
        signature: commit.signature,
        payload: commit.payload ?? null,
        verified_at: null,
      }
    : {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      };
}

/** "Git Commit" (`/git/commits`). */
export function gitCommit(repo: RepoRecord, commit: CommitInfo, urls: Urls) {
  const api = repoApiUrl(repo, urls);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${repoWebUrl(repo, urls)}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${repoWebUrl(repo, urls)}/commit/${sha}`,
    })),
    verification: verification(commit),
  };
}

/** "Diff Entry" of a pull request's or commit's files. */
export function diffEntry(
  repo: RepoRecord,
  entry: DiffEntry,
  ref: string,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const web = repoWebUrl(repo, urls);
  const sha = entry.status === 'removed' ? entry.oldSha : entry.newSha;
  const file = encodePath(entry.path);
  const at = encodeURIComponent(ref);
  const result: Record<string, unknown> = {
    sha,
    filename: entry.path,
    status: entry.status,
    additions: entry.additions,
    deletions: entry.deletions,
    changes: entry.additions + entry.deletions,
    blob_url: `${web}/blob/${at}/${file}`,
    raw_url: `${web}/raw/${at}/${file}`,
    contents_url: `${api}/contents/${file}?ref=${at}`,
  };
  if (entry.patch !== undefined) result.patch = entry.patch;
  return result;
}

/** "Commit" (`/commits`, `/commits/{ref}`, branch commits). */
export function repoCommit(
  repo: RepoRecord,
  commit: CommitInfo,
  urls: Urls,
  files?: DiffEntry[],
) {
  const api = repoApiUrl(repo, urls);
  const web = repoWebUrl(repo, urls);
  const result: Record<string, unknown> = {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${api}/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      comment_count: 0,
      verification: verification(commit),
    },
    author: null,
    committer: null,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${web}/commit/${sha}`,
    })),
  };
  if (files) {
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    result.stats = { additions, deletions, total: additions + deletions };
    result.files = files.map(f => diffEntry(repo, f, commit.sha, urls));
  }
  return result;
}

/** "Git Tree". */
export function gitTree(
  repo: RepoRecord,
  sha: string,
  entries: TreeEntry[],
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map(e => {
      const entry: Record<string, unknown> = {
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
      };
      if (e.type === 'blob') {
        entry.size = e.size ?? 0;
        entry.url = `${api}/git/blobs/${e.sha}`;
      } else if (e.type === 'tree') {
        entry.url = `${api}/git/trees/${e.sha}`;
      }
      return entry;
    }),
  };
}

export function labelObject(repo: RepoRecord, label: LabelRecord, urls: Urls) {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApiUrl(repo, urls)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

/** "Team" for `requested_teams`. */
export function teamObject(
  state: StandinState,
  repo: RepoRecord,
  slug: string,
  urls: Urls,
) {
  const id = state.teamId(slug);
  const api = `${urls.api}/orgs/${repo.owner}/teams/${slug}`;
  return {
    id,
    node_id: nodeId('Team', id),
    url: api,
    html_url: `${urls.web}/orgs/${repo.owner}/teams/${slug}`,
    name: slug,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'push',
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    type: 'organization',
    parent: null,
  };
}

/** GitHub's "Issue" for an issue proper (no pull_request key). */
export function issueObject(
  state: StandinState,
  repo: RepoRecord,
  issue: IssueRecord,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const url = `${api}/issues/${issue.number}`;
  return {
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${repoWebUrl(repo, urls)}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: simpleUser(state, issue.user, urls),
    labels: issue.labels.map(name =>
      labelObject(repo, state.label(repo, name), urls),
    ),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: 'MEMBER',
  };
}

/** GitHub's "Issue Comment". */
export function issueCommentObject(
  state: StandinState,
  repo: RepoRecord,
  issueNumber: number,
  comment: IssueCommentRecord,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${repoWebUrl(repo, urls)}/issues/${issueNumber}#issuecomment-${
      comment.id
    }`,
    issue_url: `${api}/issues/${issueNumber}`,
    body: comment.body,
    user: simpleUser(state, comment.user, urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: 'MEMBER',
  };
}

export function pullHtmlUrl(repo: RepoRecord, number: number, urls: Urls) {
  return `${repoWebUrl(repo, urls)}/pull/${number}`;
}

/**
 * "Pull Request Simple" or, with `live` details, the full "Pull Request".
 */
export function pullRequest(
  state: StandinState,
  repo: RepoRecord,
  pr: PullRequestRecord,
  live: PullRequestLive,
  urls: Urls,
  full: boolean,
): Record<string, unknown> {
  const api = repoApiUrl(repo, urls);
  const self = `${api}/pulls/${pr.number}`;
  const html = pullHtmlUrl(repo, pr.number, urls);
  const issue = `${api}/issues/${pr.number}`;
  const user = (login: string) => simpleUser(state, login, urls);
  const side = (r: RepoRecord, ref: string, sha: string) => ({
    label: `${r.owner}:${ref}`,
    ref,
    sha,
    user: user(r.owner),
    repo: repository(state, r, urls),
  });
  const result: Record<string, unknown> = {
    url: self,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${api}/statuses/${live.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: user(pr.user),
    body: pr.body,
    labels: pr.labels.map(name =>
      labelObject(repo, state.label(repo, name), urls),
    ),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: pr.assignees.length ? user(pr.assignees[0]) : null,
    assignees: pr.assignees.map(user),
    requested_reviewers: pr.requestedReviewers.map(user),
    requested_teams: pr.requestedTeams.map(slug =>
      teamObject(state, repo, slug, urls),
    ),
    head: side(pr.headRepo, pr.headRef, live.headSha),
    base: side(repo, pr.baseRef, live.baseSha),
    _links: {
      self: { href: self },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: `${api}/statuses/${live.headSha}` },
    },
    author_association: 'OWNER',
    auto_merge: null,
    draft: pr.draft,
  };
  if (full) {
    Object.assign(result, {
      merged: !!pr.mergedAt,
      mergeable: live.mergeable,
      rebaseable: live.mergeable,
      mergeable_state: live.mergeableState,
      merged_by: pr.mergedBy ? user(pr.mergedBy) : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: pr.maintainerCanModify,
      commits: live.commits,
      additions: live.files.reduce((n, f) => n + f.additions, 0),
      deletions: live.files.reduce((n, f) => n + f.deletions, 0),
      changed_files: live.files.length,
    });
  }
  return result;
}

/** "Issue" view of a pull request (`/issues/{n}/...` answers). */
export function issueOfPull(
  state: StandinState,
  repo: RepoRecord,
  pr: PullRequestRecord,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const issue = `${api}/issues/${pr.number}`;
  const user = (login: string) => simpleUser(state, login, urls);
  return {
    id: pr.id,
    node_id: nodeId('Issue', pr.id),
    url: issue,
    repository_url: api,
    labels_url: `${issue}/labels{/name}`,
    comments_url: `${issue}/comments`,
    events_url: `${issue}/events`,
    html_url: pullHtmlUrl(repo, pr.number, urls),
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    user: user(pr.user),
    labels: pr.labels.map(name =>
      labelObject(repo, state.label(repo, name), urls),
    ),
    assignee: pr.assignees.length ? user(pr.assignees[0]) : null,
    assignees: pr.assignees.map(user),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    pull_request: {
      url: `${api}/pulls/${pr.number}`,
      html_url: pullHtmlUrl(repo, pr.number, urls),
      diff_url: `${pullHtmlUrl(repo, pr.number, urls)}.diff`,
      patch_url: `${pullHtmlUrl(repo, pr.number, urls)}.patch`,
      merged_at: pr.mergedAt,
    },
    closed_at: pr.closedAt,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    draft: pr.draft,
    author_association: 'OWNER',
  };
}

export function reviewObject(
  state: StandinState,
  repo: RepoRecord,
  pr: PullRequestRecord,
  review: ReviewRecord,
  urls: Urls,
) {
  const html = pullHtmlUrl(repo, pr.number, urls);
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: simpleUser(state, review.user, urls),
    body: review.body,
    state: review.state,
    html_url: `${html}#pullrequestreview-${review.id}`,
    pull_request_url: `${repoApiUrl(repo, urls)}/pulls/${pr.number}`,
    _links: {
      html: { href: `${html}#pullrequestreview-${review.id}` },
      pull_request: { href: `${repoApiUrl(repo, urls)}/pulls/${pr.number}` },
    },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
    author_association: 'COLLABORATOR',
  };
}

/** GitHub's "Status" (one commit status, as created and in the combined status). */
export function commitStatusObject(
  state: StandinState,
  repo: RepoRecord,
  status: CommitStatusRecord,
  urls: Urls,
) {
  return {
    url: `${repoApiUrl(repo, urls)}/statuses/${status.sha}`,
    avatar_url: `${urls.web}/avatars/${encodeURIComponent(status.creator)}`,
    id: status.id,
    node_id: nodeId('StatusContext', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: simpleUser(state, status.creator, urls),
  };
}

/** The app every stand-in check run belongs to (real check runs always name their GitHub App). */
const CHECKS_APP = {
  id: 15368,
  slug: 'standin-checks',
  name: 'Stand-in checks',
};

/** GitHub's "CheckRun"; `pull_requests` are the open pull requests whose head is the run's commit. */
export function checkRunObject(
  state: StandinState,
  repo: RepoRecord,
  run: CheckRunRecord,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const web = repoWebUrl(repo, urls);
  const repoRef = (r: RepoRecord) => ({
    id: r.id,
    url: repoApiUrl(r, urls),
    name: r.name,
  });
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${web}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.title,
      summary: run.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 1 },
    app: {
      id: CHECKS_APP.id,
      slug: CHECKS_APP.slug,
      node_id: nodeId('Integration', CHECKS_APP.id),
      owner: simpleUser(state, repo.owner, urls),
      name: CHECKS_APP.name,
      description: 'Check runs created through the GitHub stand-in',
      external_url: `${urls.web}/apps/${CHECKS_APP.slug}`,
      html_url: `${urls.web}/apps/${CHECKS_APP.slug}`,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
      permissions: { checks: 'write', metadata: 'read' },
      events: [],
    },
    pull_requests: repo.pulls
      .filter(pr => pr.state === 'open' && pr.headSha === run.headSha)
      .map(pr => ({
        id: pr.id,
        number: pr.number,
        url: `${api}/pulls/${pr.number}`,
        head: { ref: pr.headRef, sha: pr.headSha, repo: repoRef(pr.headRepo) },
        base: { ref: pr.baseRef, sha: pr.baseSha, repo: repoRef(repo) },
      })),
  };
}

/** One entry of a `/contents` answer (file, dir, symlink or submodule). */
export function contentEntry(
  repo: RepoRecord,
  entry: TreeEntry,
  ref: string,
  urls: Urls,
) {
  const api = repoApiUrl(repo, urls);
  const web = repoWebUrl(repo, urls);
  const file = encodePath(entry.path);
  const at = encodePath(ref);
  const self = `${api}/contents/${file}?ref=${encodeURIComponent(ref)}`;
  let type = 'file';
  if (entry.type === 'tree') type = 'dir';
  else if (entry.type === 'commit') type = 'submodule';
  else if (entry.mode === '120000') type = 'symlink';
  const git =
    entry.type === 'tree'
      ? `${api}/git/trees/${entry.sha}`
      : `${api}/git/blobs/${entry.sha}`;
  const html = `${web}/${type === 'dir' ? 'tree' : 'blob'}/${at}/${file}`;
  return {
    type,
    size: entry.size ?? 0,
    name: entry.path.split('/').pop()!,
    path: entry.path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === 'file' ? `${web}/raw/${at}/${file}` : null,
    _links: { self, git, html },
  };
}
