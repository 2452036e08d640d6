import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  TrackedChange,
  TrackedChangesFilter,
  TrackedChangeState,
} from '@proficientnow/backstage-plugin-gitops-common';
import { Knex } from 'knex';

const MIGRATIONS = resolvePackagePath(
  '@proficientnow/backstage-plugin-gitops-backend',
  'migrations',
);

const TABLE = 'tracked_changes';

/** A tracked change with what the tracker keeps for itself. */
export interface StoredChange extends TrackedChange {
  headSha: string;
  /** the last state the owners were notified of */
  notifiedState?: TrackedChangeState;
  /** the last state posted to the pull request as a commit status */
  statusState?: TrackedChangeState;
}

const iso = (value: unknown): string | undefined =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string | number | Date).toISOString();

function fromRow(row: any): StoredChange {
  const optional = (key: string, value: unknown) =>
    value === null || value === undefined ? {} : { [key]: value };
  return {
    repository: row.repository,
    number: Number(row.number),
    title: row.title,
    url: row.url,
    kind: row.kind,
    action: row.action,
    targetRef: row.target_ref,
    ...optional('environment', row.environment),
    ...optional('domain', row.domain),
    ...optional('requester', row.requester),
    ...optional('owner', row.owner),
    state: row.state,
    ...optional('reason', row.reason),
    headSha: row.head_sha,
    ...optional('mergeSha', row.merge_sha),
    openedAt: iso(row.opened_at)!,
    ...optional('mergedAt', iso(row.merged_at)),
    ...optional('appliedAt', iso(row.applied_at)),
    ...optional('finishedAt', iso(row.finished_at)),
    updatedAt: iso(row.updated_at)!,
    applications: JSON.parse(row.applications ?? '[]'),
    ...optional('notifiedState', row.notified_state),
    ...optional('statusState', row.status_state),
    ...optional('deliveryProblem', row.delivery_problem),
  };
}

function toRow(change: StoredChange) {
  const date = (value?: string) => (value ? new Date(value) : null);
  return {
    repository: change.repository,
    number: change.number,
    title: change.title,
    url: change.url,
    kind: change.kind,
    action: change.action,
    target_ref: change.targetRef,
    environment: change.environment ?? null,
    domain: change.domain ?? null,
    requester: change.requester ?? null,
    owner: change.owner ?? null,
    state: change.state,
    reason: change.reason ?? null,
    head_sha: change.headSha,
    merge_sha: change.mergeSha ?? null,
    opened_at: new Date(change.openedAt),
    merged_at: date(change.mergedAt),
    applied_at: date(change.appliedAt),
    finished_at: date(change.finishedAt),
    updated_at: new Date(change.updatedAt),
    applications: JSON.stringify(change.applications),
    notified_state: change.notifiedState ?? null,
    status_state: change.statusState ?? null,
    delivery_problem: change.deliveryProblem ?? null,
  };
}

/**
 * The tracked changes in the plugin's own database, so every replica shows
 * the same history and what was told is recorded once (knex, SQLite and
 * PostgreSQL alike; migrations run on creation).
 */
export class ChangeStore {
  static async create(database: DatabaseService): Promise<ChangeStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: MIGRATIONS });
    }
    return new ChangeStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async get(
    repository: string,
    number: number,
  ): Promise<StoredChange | undefined> {
    const row = await this.knex(TABLE).where({ repository, number }).first();
    return row ? fromRow(row) : undefined;
  }

  async put(change: StoredChange): Promise<void> {
    const row = toRow(change);
    await this.knex(TABLE)
      .insert(row)
      .onConflict(['repository', 'number'])
      .merge();
  }

  /** The changes still moving: merged or applied, or stuck (a late rollout may still end it). */
  async inFlight(repository: string): Promise<StoredChange[]> {
    const rows = await this.knex(TABLE)
      .where({ repository })
      .whereIn('state', ['merged', 'applied', 'stuck'])
      .orderBy('merged_at', 'asc');
    return rows.map(fromRow);
  }

  /**
   * Changes past review whose state was not yet told in full: not notified
   * of it, or not posted to the pull request (what `deliver` then sends).
   */
  async awaitingDelivery(repository: string): Promise<StoredChange[]> {
    const rows = await this.knex(TABLE)
      .where({ repository })
      .whereNotIn('state', ['open', 'closed'])
      .where(q =>
        q
          .whereNull('notified_state')
          .orWhereNull('status_state')
          .orWhereRaw('notified_state <> state')
          .orWhereRaw('status_state <> state'),
      );
    return rows.map(fromRow);
  }

  /** Merge commits of changes merged after `mergedAt`: a revision that is one of them contains the change. */
  async mergesAfter(repository: string, mergedAt: string): Promise<string[]> {
    const rows = await this.knex(TABLE)
      .where({ repository })
      .where('merged_at', '>', new Date(mergedAt))
      .whereNotNull('merge_sha')
      .select('merge_sha');
    return rows.map(r => r.merge_sha);
  }

  async list(filter: TrackedChangesFilter = {}): Promise<TrackedChange[]> {
    let query = this.knex(TABLE)
      .orderBy('updated_at', 'desc')
      .limit(Math.min(filter.limit ?? 100, 500));
    if (filter.environment)
      query = query.where({ environment: filter.environment });
    if (filter.owner) query = query.where({ owner: filter.owner });
    if (filter.state) query = query.where({ state: filter.state });
    if (filter.target)
      query = query.where(q =>
        q
          .where({ target_ref: filter.target })
          .orWhere('target_ref', 'like', `%/${filter.target}`),
      );
    const rows = await query;
    return rows.map(row => {
      const {
        headSha: _head,
        notifiedState: _notified,
        statusState: _status,
        ...change
      } = fromRow(row);
      return change;
    });
  }
}
