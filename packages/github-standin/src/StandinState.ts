import { AppRegistry } from './apps';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DiffEntry, GitRepository } from './GitRepository';

/** A repository to create at start: `files` become the first commit of `defaultBranch`. */
export interface RepoSeed {
  owner: string;
  name: string;
  /** Default `main`. */
  defaultBranch?: string;
  /** path -> content of the initial commit. */
  files: Record<string, string | Buffer>;
  description?: string;
  private?: boolean;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string;
}

export interface ReviewRecord {
  id: number;
  user: string;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  commitId: string;
  submittedAt: string;
}

/** One commit status as posted (`POST /repos/{o}/{r}/statuses/{sha}`). */
export interface CommitStatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

/** One check run as created (`POST /repos/{o}/{r}/check-runs`). */
export interface CheckRunRecord {
  id: number;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion:
    | 'action_required'
    | 'cancelled'
    | 'failure'
    | 'neutral'
    | 'success'
    | 'skipped'
    | 'stale'
    | 'timed_out'
    | null;
  detailsUrl: string | null;
  externalId: string | null;
  title: string | null;
  summary: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface PullRequestRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  user: string;
  headRef: string;
  headRepo: RepoRecord;
  /** Last known head sha (kept when the branch goes away or the PR closes). */
  headSha: string;
  baseRef: string;
  baseSha: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  assignees: string[];
  reviews: ReviewRecord[];
  maintainerCanModify: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
}

/** A comment on an issue (or on a pull request's conversation). */
export interface IssueCommentRecord {
  id: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

/** An issue that is not a pull request; numbers are shared with pull requests, as on GitHub. */
export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  user: string;
  labels: string[];
  comments: IssueCommentRecord[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface RepoRecord {
  owner: string;
  name: string;
  id: number;
  git: GitRepository;
  defaultBranch: string;
  description: string | null;
  private: boolean;
  createdAt: string;
  pushedAt: string;
  pulls: PullRequestRecord[];
  /** Issues proper (pull requests are issues too on GitHub; they live in `pulls`). */
  issues: IssueRecord[];
  labels: Map<string, LabelRecord>;
  /** Every status ever posted, oldest first (the combined status keeps the latest per context). */
  statuses: CommitStatusRecord[];
  /** Every check run ever created, oldest first. */
  checkRuns: CheckRunRecord[];
  /** Set for forks: the repository forked from. */
  parent?: RepoRecord;
  forks: RepoRecord[];
}

/** What a pull request looks like right now, computed from git. */
export interface PullRequestLive {
  headSha: string;
  baseSha: string;
  mergeBase?: string;
  files: DiffEntry[];
  commits: number;
  mergeable: boolean | null;
  mergeableState: string;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GitHub's primary rate limit window: 5000 requests an hour. */
export class RateLimitWindow {
  readonly limit = 5000;
  used = 0;
  reset = Math.floor(Date.now() / 1000) + 3600;

  /** Counts one request (starting a new window when the old one ran out). */
  count(): void {
    const now = Math.floor(Date.now() / 1000);
    if (now >= this.reset) {
      this.used = 0;
      this.reset = now + 3600;
    }
    this.used++;
  }

  remaining(): number {
    return Math.max(0, this.limit - this.used);
  }
}

/** In-memory records around the bare repositories. */
/** The next issue or pull request number of a repository: one sequence for both, as on GitHub. */
export function nextIssueNumber(repo: RepoRecord): number {
  return repo.pulls.length + repo.issues.length + 1;
}

export class StandinState {
  readonly repos = new Map<string, RepoRecord>();
  /** The GitHub Apps the stand-in knows, and their installation tokens. */
  apps = new AppRegistry();
  readonly rateLimit = new RateLimitWindow();
  private readonly userIds = new Map<string, number>();
  private readonly teamIds = new Map<string, number>();
  private counter = 1000;

  /**
   * Called after a branch moved through the API (ref created or updated, pull
   * request merged); the stand-in delivers push webhooks from it.
   */
  branchMoved: (
    repo: RepoRecord,
    ref: string,
    before: string,
    after: string,
    urls: import('./githubObjects').Urls,
    login: string,
  ) => void = () => {};

  constructor(readonly dataDir: string) {}

  nextId(): number {
    return ++this.counter;
  }

  userId(login: string): number {
    const key = login.toLowerCase();
    let id = this.userIds.get(key);
    if (!id) {
      id = this.nextId();
      this.userIds.set(key, id);
    }
    return id;
  }

  teamId(slug: string): number {
    let id = this.teamIds.get(slug);
    if (!id) {
      id = this.nextId();
      this.teamIds.set(slug, id);
    }
    return id;
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  private repoDir(owner: string, name: string) {
    return path.join(this.dataDir, owner, `${name}.git`);
  }

  async addRepo(seed: RepoSeed): Promise<RepoRecord> {
    if (this.repo(seed.owner, seed.name)) {
      throw new Error(`Repository ${seed.owner}/${seed.name} exists already`);
    }
    const defaultBranch = seed.defaultBranch ?? 'main';
    const dir = this.repoDir(seed.owner, seed.name);
    if (await exists(dir)) {
      throw new Error(
        `${dir} exists already; the stand-in needs a fresh data directory`,
      );
    }
    const git = await GitRepository.createSeeded(
      dir,
      seed.files,
      defaultBranch,
    );
    return this.register({
      owner: seed.owner,
      name: seed.name,
      git,
      defaultBranch,
      description: seed.description ?? null,
      private: seed.private ?? false,
    });
  }

  /** Forks `source` to `owner/name` with `git clone --bare`. */
  async fork(
    source: RepoRecord,
    owner: string,
    name: string,
    defaultBranchOnly: boolean,
  ): Promise<RepoRecord> {
    const existing = this.repo(owner, name);
    if (existing) return existing;
    const git = await source.git.cloneTo(this.repoDir(owner, name));
    if (defaultBranchOnly) {
      for (const branch of await git.branches()) {
        if (branch !== source.defaultBranch) {
          await git.deleteRef(`refs/heads/${branch}`);
        }
      }
    }
    const fork = this.register({
      owner,
      name,
      git,
      defaultBranch: source.defaultBranch,
      description: source.description,
      private: source.private,
    });
    fork.parent = source;
    source.forks.push(fork);
    return fork;
  }

  private register(
    fields: Pick<
      RepoRecord,
      'owner' | 'name' | 'git' | 'defaultBranch' | 'description' | 'private'
    >,
  ): RepoRecord {
    const now = nowIso();
    const record: RepoRecord = {
      ...fields,
      id: this.nextId(),
      createdAt: now,
      pushedAt: now,
      pulls: [],
      issues: [],
      labels: new Map(),
      statuses: [],
      checkRuns: [],
      forks: [],
    };
    this.repos.set(`${fields.owner}/${fields.name}`.toLowerCase(), record);
    return record;
  }

  label(repo: RepoRecord, name: string): LabelRecord {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label) {
      label = { id: this.nextId(), name, color: 'ededed', description: '' };
      repo.labels.set(key, label);
    }
    return label;
  }

  /** Open pull requests whose head is `headRepo`'s branch `headRef`. */
  openPullsForHead(headRepo: RepoRecord, headRef: string): PullRequestRecord[] {
    const targets = [headRepo.parent, headRepo].filter(
      (r): r is RepoRecord => !!r,
    );
    return targets.flatMap(repo =>
      repo.pulls.filter(
        pr =>
          pr.state === 'open' &&
          pr.headRepo === headRepo &&
          pr.headRef === headRef,
      ),
    );
  }

  /**
   * Brings the pull request's head and base shas up to date (fetching a
   * fork's head into `refs/pull/N/head` of the base repository) and computes
   * files, commit count and mergeability with git.
   */
  async live(
    repo: RepoRecord,
    pr: PullRequestRecord,
    options: { details: boolean },
  ): Promise<PullRequestLive> {
    if (pr.state === 'open') {
      const head = await pr.headRepo.git.resolveCommit(
        `refs/heads/${pr.headRef}`,
      );
      if (head) {
        if (pr.headRepo !== repo && head !== pr.headSha) {
          await repo.git.fetchRef(
            pr.headRepo.git,
            `refs/heads/${pr.headRef}`,
            `refs/pull/${pr.number}/head`,
          );
        }
        pr.headSha = head;
      }
      const base = await repo.git.resolveCommit(`refs/heads/${pr.baseRef}`);
      if (base) pr.baseSha = base;
    }
    const live: PullRequestLive = {
      headSha: pr.headSha,
      baseSha: pr.baseSha,
      files: [],
      commits: 0,
      mergeable: null,
      mergeableState: 'unknown',
    };
    if (!options.details) return live;
    live.mergeBase = await repo.git.mergeBase(pr.baseSha, pr.headSha);
    const [files, commits] = await Promise.all([
      repo.git.diff(live.mergeBase, pr.headSha),
      repo.git.revList(pr.headSha, { exclude: pr.baseSha }),
    ]);
    live.files = files;
    live.commits = commits.length;
    if (pr.mergedAt) {
      live.mergeable = null;
      live.mergeableState = 'unknown';
    } else {
      const merge = await repo.git.mergeTree(pr.baseSha, pr.headSha);
      live.mergeable = merge.clean;
      let state = merge.clean ? 'clean' : 'dirty';
      if (merge.clean && pr.draft) state = 'draft';
      live.mergeableState = state;
    }
    return live;
  }
}
