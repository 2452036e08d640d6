import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  entityNameOf,
  FINAL_CHANGE_STATES,
  GITOPS_CHANGES_SIGNAL_CHANNEL,
  TrackedApplication,
  TrackedChangeState,
} from '@proficientnow/backstage-plugin-gitops-common';
import { GitOpsRepositoryService } from '@proficientnow/backstage-plugin-gitops-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Octokit } from '@octokit/rest';
import { changeOf, ListedPullRequest } from '../changes/describePullRequest';
import { ApplicationsReader, ReadApplication } from './ApplicationsReader';
import { ChangeStore, StoredChange } from './ChangeStore';
import { evaluateRollout } from './rollout';

/** The commit status the portal posts on a change's pull request. */
export const ROLLOUT_STATUS_CONTEXT = 'platform-portal/rollout';
/** The notification topic of change updates (people mute it per topic). */
export const CHANGE_NOTIFICATION_TOPIC = 'gitops-changes';

interface PullFacts extends ListedPullRequest {
  state: string;
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  closed_at?: string | null;
}

export interface ChangeTrackerOptions {
  store: ChangeStore;
  gitops: GitOpsRepositoryService;
  applications: ApplicationsReader;
  /** the clusters whose Argo CD applies the GitOps repository */
  clusters: string[];
  catalog: CatalogService;
  auth: AuthService;
  notifications?: NotificationService;
  /** told when a change moves, so open changes pages reload */
  signals?: SignalsService;
  logger: LoggerService;
  stuckAfterMs: number;
  /** the portal's address, for links in notifications and statuses */
  appBaseUrl: string;
  /** how many recently updated pull requests one run reads */
  pullsPerRun?: number;
  now?: () => number;
}

const STATUS_OF: Partial<
  Record<TrackedChangeState, 'pending' | 'success' | 'failure' | 'error'>
> = {
  merged: 'pending',
  applied: 'pending',
  healthy: 'success',
  failed: 'failure',
  stuck: 'error',
};

const NOTIFIED_STATES = new Set<TrackedChangeState>([
  'merged',
  'healthy',
  'failed',
  'stuck',
]);

/**
 * Follows each change the portal opened from its pull request to the
 * platform (see TrackedChangeState), one run at a time: reads the recently
 * updated pull requests of the GitOps repository (only those whose identity
 * carries the portal's signature: an edited identity names no target to
 * notify), then asks Argo CD, through infra-health, where the merged ones
 * stand. Each new state is told once: a notification to the target's owner
 * group (one per change, updated in place) and a commit status on the pull
 * request. What cannot be told is recorded with its reason and retried; it
 * never stops the run or the other changes.
 */
export class ChangeTracker {
  private lastRun?: string;
  /** whether this run changed something a page shows */
  private moved = false;

  constructor(private readonly options: ChangeTrackerOptions) {}

  /** When a run last finished. */
  trackedAt(): string | undefined {
    return this.lastRun;
  }

  async run(): Promise<void> {
    const { gitops, logger } = this.options;
    if (!gitops.config.repositoryConfigured) return;
    const { owner, repo } = gitops.config.repository;
    const repository = `${owner}/${repo}`;
    const octokit = await gitops.client();
    this.moved = false;
    const { data } = await octokit.pulls.list({
      owner,
      repo,
      state: 'all',
      sort: 'updated',
      direction: 'desc',
      per_page: this.options.pullsPerRun ?? 50,
    });
    for (const pull of data as PullFacts[]) {
      try {
        await this.recordPull(repository, pull);
      } catch (error) {
        logger.warn(
          `change tracking: pull request #${pull.number} skipped: ${
            (error as Error).message
          }`,
        );
      }
    }
    await this.followRollouts(repository);
    for (const change of await this.options.store.awaitingDelivery(repository))
      await this.deliver(octokit, owner, repo, change);
    this.lastRun = new Date(this.now()).toISOString();
    if (this.moved && this.options.signals) {
      await this.options.signals
        .publish({
          recipients: { type: 'broadcast' },
          channel: GITOPS_CHANGES_SIGNAL_CHANNEL,
          message: { trackedAt: this.lastRun },
        })
        .catch(error =>
          logger.debug(
            `the changes signal was not sent: ${(error as Error).message}`,
          ),
        );
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Takes a pull request's state into the store: open, merged (the rollout starts) or closed. */
  private async recordPull(repository: string, pull: PullFacts) {
    const identity = changeOf(pull, this.options.gitops.signer);
    if (!identity.targetRef || !identity.action || identity.identityProblem)
      return;
    if (identity.kind === 'other') return;
    const { store } = this.options;
    const existing = await store.get(repository, pull.number);
    let state: TrackedChangeState = 'open';
    let reason = 'waiting for review';
    if (pull.merged_at) {
      state = 'merged';
      reason = 'merged; waiting for Argo CD';
    } else if (pull.state === 'closed') {
      state = 'closed';
      reason = 'closed without merging';
    }
    // a rollout the tracker already follows keeps its own state
    if (existing && existing.state !== 'open' && state === 'merged') {
      state = existing.state;
      reason = existing.reason ?? reason;
    }
    const nowIso = new Date(this.now()).toISOString();
    const owner = existing?.owner ?? (await this.ownerOf(identity.targetRef));
    const next: StoredChange = {
      ...(existing ?? { applications: [] as TrackedApplication[] }),
      repository,
      number: pull.number,
      title: pull.title.slice(0, 500),
      url: pull.html_url,
      kind: identity.kind,
      action: identity.action,
      targetRef: identity.targetRef,
      ...(identity.environment ? { environment: identity.environment } : {}),
      ...(identity.domain ? { domain: identity.domain } : {}),
      ...(identity.requester ? { requester: identity.requester } : {}),
      ...(owner ? { owner } : {}),
      state,
      reason,
      headSha: pull.head.sha,
      ...(pull.merge_commit_sha && pull.merged_at
        ? { mergeSha: pull.merge_commit_sha, mergedAt: pull.merged_at }
        : {}),
      openedAt: pull.created_at,
      ...(state === 'closed' && !existing?.finishedAt
        ? { finishedAt: pull.closed_at ?? nowIso }
        : {}),
      updatedAt: existing?.updatedAt ?? nowIso,
    };
    if (
      !existing ||
      existing.state !== next.state ||
      existing.owner !== next.owner ||
      existing.title !== next.title ||
      existing.mergeSha !== next.mergeSha
    ) {
      next.updatedAt = nowIso;
      await store.put(next);
      this.moved = true;
    }
  }

  /** The owner group of the target, as the catalog says; undefined when it does not resolve yet. */
  private async ownerOf(targetRef: string): Promise<string | undefined> {
    const { catalog, auth } = this.options;
    const entity = await catalog.getEntityByRef(targetRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    const owner = entity?.spec?.owner;
    if (typeof owner !== 'string' || owner === '') return undefined;
    try {
      return stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity?.metadata.namespace ?? DEFAULT_NAMESPACE,
        }),
      );
    } catch {
      return undefined;
    }
  }

  /** Asks Argo CD where every merged change stands. */
  private async followRollouts(repository: string) {
    const { store, applications, clusters, logger } = this.options;
    const moving = await store.inFlight(repository);
    if (moving.length === 0) return;
    const read = new Map<string, ReadApplication[]>();
    const unreadable: string[] =
      clusters.length === 0
        ? [
            'no cluster to ask: set gitops.tracking.clusters (or gitops.catalog.live.cluster) to the cluster Argo CD runs in',
          ]
        : [];
    for (const cluster of clusters) {
      const answer = await applications.read(cluster);
      if ('problem' in answer) unreadable.push(answer.problem);
      else read.set(cluster, answer.applications);
    }
    const all = [...read.values()].flat();
    for (const change of moving) {
      const name = entityNameOf(change.targetRef);
      const mine = all.filter(a =>
        a.entityRef ? a.entityRef === change.targetRef : a.name === name,
      );
      const verdict = evaluateRollout(
        change,
        { applications: mine, unreadable },
        {
          now: this.now(),
          stuckAfterMs: this.options.stuckAfterMs,
          laterMerges: change.mergedAt
            ? await store.mergesAfter(repository, change.mergedAt)
            : [],
        },
      );
      const seen = mine.map(({ entityRef: _ref, ...app }) => app);
      if (!verdict) continue;
      if (
        verdict.state === change.state &&
        verdict.reason === change.reason &&
        JSON.stringify(seen) === JSON.stringify(change.applications)
      )
        continue;
      const nowIso = new Date(this.now()).toISOString();
      const next: StoredChange = {
        ...change,
        state: verdict.state,
        reason: verdict.reason,
        applications: seen,
        updatedAt: nowIso,
      };
      if (
        (verdict.state === 'applied' || verdict.state === 'healthy') &&
        !change.appliedAt
      )
        next.appliedAt = nowIso;
      if (FINAL_CHANGE_STATES.has(verdict.state)) next.finishedAt = nowIso;
      if (verdict.state !== change.state)
        logger.info(
          `change #${change.number} (${change.targetRef}): ${change.state} -> ${verdict.state}: ${verdict.reason}`,
        );
      await store.put(next);
      this.moved = true;
    }
  }

  /** Tells the owners and the pull request about a new state, once each. */
  private async deliver(
    octokit: Octokit,
    owner: string,
    repo: string,
    change: StoredChange,
  ) {
    const problems: string[] = [];
    let next = change;
    const link = `${this.options.appBaseUrl.replace(
      /\/$/,
      '',
    )}/infra-health/changes?change=${change.number}`;

    const status = STATUS_OF[change.state];
    if (status && change.statusState !== change.state) {
      try {
        await octokit.repos.createCommitStatus({
          owner,
          repo,
          sha: change.headSha,
          state: status,
          context: ROLLOUT_STATUS_CONTEXT,
          description: `${change.state}: ${change.reason ?? ''}`.slice(0, 140),
          target_url: link,
        });
        next = { ...next, statusState: change.state };
      } catch (error) {
        problems.push(
          `the commit status could not be posted: ${(error as Error).message}`,
        );
      }
    }

    const { notifications } = this.options;
    if (
      notifications &&
      NOTIFIED_STATES.has(change.state) &&
      change.notifiedState !== change.state
    ) {
      if (!change.owner) {
        const resolved = await this.ownerOf(change.targetRef).catch(
          () => undefined,
        );
        if (resolved) next = { ...next, owner: resolved };
      }
      if (!next.owner) {
        problems.push(
          `nobody was notified: the owner of ${change.targetRef} does not resolve in the catalog`,
        );
      } else {
        try {
          await notifications.send({
            recipients: { type: 'entity', entityRef: next.owner },
            payload: this.notification(next, link),
          });
          next = { ...next, notifiedState: change.state };
        } catch (error) {
          problems.push(
            `the notification could not be sent: ${(error as Error).message}`,
          );
        }
      }
    }

    const deliveryProblem = problems.length ? problems.join('; ') : undefined;
    if (deliveryProblem && deliveryProblem !== change.deliveryProblem)
      this.options.logger.warn(`change #${change.number}: ${deliveryProblem}`);
    if (next !== change || deliveryProblem !== change.deliveryProblem) {
      const { deliveryProblem: _old, ...rest } = next;
      await this.options.store.put({
        ...rest,
        ...(deliveryProblem ? { deliveryProblem } : {}),
      });
    }
  }

  private notification(change: StoredChange, link: string) {
    const prod = change.environment === 'prod';
    const bad = change.state === 'failed' || change.state === 'stuck';
    let severity: NotificationSeverity = 'low';
    if (bad) severity = prod ? 'high' : 'normal';
    else if (change.state === 'healthy') severity = 'normal';
    const heading = {
      merged: 'Merged, rolling out',
      healthy: 'Rolled out',
      failed: 'Rollout failed',
      stuck: 'Rollout stuck',
    }[change.state as 'merged' | 'healthy' | 'failed' | 'stuck'];
    return {
      title: `${heading}: ${change.title}`.slice(0, 250),
      description: `${change.reason ?? ''} (pull request #${change.number}: ${
        change.url
      })`.slice(0, 1000),
      link,
      severity,
      topic: CHANGE_NOTIFICATION_TOPIC,
      // one notification per change, updated as it moves
      scope: `gitops-change:${change.repository}#${change.number}`,
    };
  }
}
