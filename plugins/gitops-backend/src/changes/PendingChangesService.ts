import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import {
  CustomErrorBase,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  createGitOpsRepositoryService,
  GitHubClientOptions,
  GitOpsRepository,
  GitOpsRepositoryService,
} from '@proficientnow/backstage-plugin-gitops-node';
import { Octokit } from '@octokit/rest';
import {
  describePullRequest,
  isGitOpsPullRequest,
  ListedPullRequest,
  PullRequestDetails,
} from './describePullRequest';
import {
  PendingChange,
  PendingChanges,
  PendingChangesFilter,
} from '@proficientnow/backstage-plugin-gitops-common';

/** The configuration key of the cache lifetime. */
export const PENDING_CHANGES_CACHE_TTL_KEY = 'gitops.changes.cacheTtl';
const DEFAULT_CACHE_TTL_MS = 60_000;
const MAX_CACHE_TTL_MS = 3_600_000;
/** One page of open pull requests is read; GitHub's largest page. */
const LIST_PAGE_SIZE = 100;
const DEFAULT_MAX_CHANGES = 50;
const DEFAULT_CONCURRENCY = 4;
/** Reads for a page fail fast rather than wait minutes on a rate limit. */
const INTERACTIVE_RETRY = {
  maxAttempts: 2,
  maxWaitMs: 5_000,
  totalWaitMs: 5_000,
};

/**
 * GitHub is not set up for the portal's pull requests: the answer says how
 * to set it up. Not a failure: the page and cards show the reason.
 */
export class PendingChangesNotConfiguredError extends CustomErrorBase {
  name = 'PendingChangesNotConfiguredError' as const;
}

/** The GitOps repository, as `gitops.repository` configures it. */
export type PendingChangesRepository = GitOpsRepository;

export interface PendingChangesServiceOptions {
  /** The GitOps repository: its configuration, GitHub clients and the change signer. */
  gitops: GitOpsRepositoryService;
  logger?: LoggerService;
  /** How long one read of GitHub answers every caller; default 60 s. */
  cacheTtlMs?: number;
  /** Most pull requests described per read (4 GitHub requests each); default 50. */
  maxChanges?: number;
  /** Pull requests described at the same time; default 4. */
  concurrency?: number;
  /** Injected in tests. */
  now?: () => number;
}

type Outcome =
  | { configured: true; value: PendingChanges }
  | { configured: false; reason: string };

const NOT_CONFIGURED_REASON =
  'Pending changes are read from the GitOps repository on GitHub, and none is configured. Set gitops.repository.url to the repository (for example https://github.com/proficientnow/platform-gitops) and give integrations.github a token or a GitHub App for its host.';

async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * A GitHub failure as the caller should see it: GitHub, the status and the
 * request that failed, and GitHub's own message. Built from those fields
 * only, never from the request headers, so no credential can leak.
 */
function gitHubUnavailable(error: unknown, what: string): Error {
  const e = error as {
    status?: number;
    message?: string;
    request?: { method?: string; url?: string };
    response?: { data?: { message?: unknown } };
  };
  let path = '';
  try {
    path = e.request?.url ? new URL(e.request.url).pathname : '';
  } catch {
    path = '';
  }
  const request =
    e.request?.method && path ? ` to ${e.request.method} ${path}` : '';
  const said =
    typeof e.response?.data?.message === 'string'
      ? e.response.data.message
      : e.message ?? String(error);
  if (e.status && e.response) {
    return new ServiceUnavailableError(
      `GitHub answered ${e.status}${request} while reading ${what}: ${said}`,
    );
  }
  return new ServiceUnavailableError(
    `GitHub could not be reached${request} while reading ${what}: ${said}`,
  );
}

/**
 * Lists the open GitOps pull requests the portal opened, with their reviews,
 * checks and mergeability, for the pending-changes page and entity cards.
 *
 * One read is one list of open pull requests plus four requests for each
 * GitOps pull request (the pull request for its mergeability, its reviews,
 * the combined status and the check runs of its head commit), a few at a
 * time. The answer is shared by every caller for `cacheTtlMs`, and callers
 * that arrive while a read is under way wait for that read, so a page full
 * of cards costs one read.
 */
export class PendingChangesService {
  private readonly cacheTtlMs: number;
  private readonly maxChanges: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private cached?: { outcome: Outcome; at: number };
  private inFlight?: Promise<Outcome>;

  /**
   * From the root config: `gitops.repository.url` and `integrations.github`
   * (as the scaffolder's GitOps actions use them) and
   * `gitops.changes.cacheTtl`.
   */
  static fromConfig(
    config: Config,
    options: Pick<
      PendingChangesServiceOptions,
      'logger' | 'maxChanges' | 'concurrency' | 'now'
    > & {
      /** The GitOps repository service; default one built from `config`. */
      gitops?: GitOpsRepositoryService;
      /** GitHub client options (time scale, write pacing) for tests. */
      clientOptions?: Partial<GitHubClientOptions>;
    } = {},
  ): PendingChangesService {
    let cacheTtlMs = DEFAULT_CACHE_TTL_MS;
    if (config.has(PENDING_CHANGES_CACHE_TTL_KEY)) {
      cacheTtlMs = durationToMilliseconds(
        readDurationFromConfig(config, { key: PENDING_CHANGES_CACHE_TTL_KEY }),
      );
      if (!(cacheTtlMs >= 1000 && cacheTtlMs <= MAX_CACHE_TTL_MS)) {
        throw new InputError(
          `${PENDING_CHANGES_CACHE_TTL_KEY} must be between 1 second and 1 hour (got ${cacheTtlMs} ms)`,
        );
      }
    }
    const { clientOptions, gitops, ...rest } = options;
    return new PendingChangesService({
      ...rest,
      cacheTtlMs,
      gitops:
        gitops ??
        createGitOpsRepositoryService(config, {
          ...clientOptions,
          retry: { ...INTERACTIVE_RETRY, ...clientOptions?.retry },
        }),
    });
  }

  constructor(private readonly options: PendingChangesServiceOptions) {
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.maxChanges = options.maxChanges ?? DEFAULT_MAX_CHANGES;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.now = options.now ?? Date.now;
  }

  /**
   * The open GitOps pull requests, newest first, optionally for one
   * environment and/or one cluster or component. Throws
   * PendingChangesNotConfiguredError when GitHub is not set up, and
   * ServiceUnavailableError when GitHub fails.
   */
  async list(filter: PendingChangesFilter = {}): Promise<PendingChanges> {
    const outcome = await this.read();
    if (!outcome.configured)
      throw new PendingChangesNotConfiguredError(outcome.reason);
    const { value } = outcome;
    return {
      ...value,
      changes: value.changes.filter(
        change =>
          (filter.environment === undefined ||
            change.environment === filter.environment) &&
          (filter.target === undefined || change.target === filter.target),
      ),
    };
  }

  private async read(): Promise<Outcome> {
    if (this.cached && this.now() - this.cached.at < this.cacheTtlMs)
      return this.cached.outcome;
    if (!this.inFlight) {
      this.inFlight = this.fetch()
        .then(outcome => {
          // failures are not kept: the next caller tries again
          this.cached = { outcome, at: this.now() };
          return outcome;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }

  private async fetch(): Promise<Outcome> {
    const { gitops } = this.options;
    const { repository } = gitops.config;
    if (!gitops.config.repositoryConfigured)
      return { configured: false, reason: NOT_CONFIGURED_REASON };
    let octokit: Octokit;
    try {
      octokit = await gitops.client({ retry: INTERACTIVE_RETRY });
    } catch (error) {
      // no integration for the host, or no token / App installation for the repository
      if (error instanceof InputError)
        return { configured: false, reason: error.message };
      throw gitHubUnavailable(error, `credentials for ${repository.host}`);
    }
    const { owner, repo } = repository;
    const fullName = `${owner}/${repo}`;
    let listed: ListedPullRequest[];
    try {
      const { data } = await octokit.pulls.list({
        owner,
        repo,
        state: 'open',
        sort: 'created',
        direction: 'desc',
        per_page: LIST_PAGE_SIZE,
      });
      listed = data as ListedPullRequest[];
    } catch (error) {
      throw gitHubUnavailable(error, `the open pull requests of ${fullName}`);
    }
    const portalPulls = listed.filter(pull =>
      isGitOpsPullRequest(pull, fullName),
    );
    const described = portalPulls.slice(0, this.maxChanges);
    const changes = await mapWithConcurrency(
      described,
      this.concurrency,
      async (pull): Promise<PendingChange> => {
        try {
          return describePullRequest(
            pull,
            await this.details(octokit, owner, repo, pull),
            owner,
            gitops.signer,
          );
        } catch (error) {
          throw gitHubUnavailable(error, `pull request #${pull.number}`);
        }
      },
    );
    const truncated =
      portalPulls.length > described.length || listed.length === LIST_PAGE_SIZE;
    this.options.logger?.debug(
      `read ${changes.length} pending changes of ${fullName} from GitHub`,
    );
    return {
      configured: true,
      value: {
        repository: { owner, repo, url: repository.url },
        fetchedAt: new Date(this.now()).toISOString(),
        truncated,
        changes,
      },
    };
  }

  private async details(
    octokit: Octokit,
    owner: string,
    repo: string,
    pull: ListedPullRequest,
  ): Promise<PullRequestDetails> {
    const ref = pull.head.sha;
    const [full, reviews, combined, checks] = await Promise.all([
      octokit.pulls.get({ owner, repo, pull_number: pull.number }),
      octokit.pulls.listReviews({
        owner,
        repo,
        pull_number: pull.number,
        per_page: 100,
      }),
      octokit.repos.getCombinedStatusForRef({
        owner,
        repo,
        ref,
        per_page: 100,
      }),
      octokit.checks.listForRef({
        owner,
        repo,
        ref,
        filter: 'latest',
        per_page: 100,
      }),
    ]);
    return {
      mergeable: full.data.mergeable,
      mergeable_state: full.data.mergeable_state,
      reviews: reviews.data,
      combinedStatus: combined.data,
      checkRuns: checks.data.check_runs,
    };
  }
}
