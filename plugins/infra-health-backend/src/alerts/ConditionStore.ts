import { Knex } from 'knex';
import { Condition } from './conditions';

const TABLE = 'health_conditions';

const iso = (value: unknown): string | undefined =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string | number | Date).toISOString();

/** The conditions in the health plugin's database (migrated with its snapshots). */
export class ConditionStore {
  constructor(private readonly knex: Knex) {}

  async get(cluster: string): Promise<Condition | undefined> {
    const row = await this.knex(TABLE).where({ cluster }).first();
    if (!row) return undefined;
    const optional = (key: keyof Condition, value: unknown) =>
      value === null || value === undefined ? {} : { [key]: value };
    return {
      cluster: row.cluster,
      ...optional('environment', row.environment),
      confirmed: row.confirmed_status,
      confirmedSince: iso(row.confirmed_since)!,
      ...optional('pending', row.pending_status),
      ...optional('pendingSince', iso(row.pending_since)),
      ...optional('notified', row.notified_status),
      ...optional('reason', row.reason),
      ...optional(
        'issueNumber',
        row.issue_number === null ? null : Number(row.issue_number),
      ),
      ...optional('issueReason', row.issue_reason),
      ...optional('problem', row.problem),
    };
  }

  async put(condition: Condition, now: Date): Promise<void> {
    const date = (value?: string) => (value ? new Date(value) : null);
    await this.knex(TABLE)
      .insert({
        cluster: condition.cluster,
        environment: condition.environment ?? null,
        confirmed_status: condition.confirmed,
        confirmed_since: new Date(condition.confirmedSince),
        pending_status: condition.pending ?? null,
        pending_since: date(condition.pendingSince),
        notified_status: condition.notified ?? null,
        reason: condition.reason ?? null,
        issue_number: condition.issueNumber ?? null,
        issue_reason: condition.issueReason ?? null,
        problem: condition.problem ?? null,
        updated_at: now,
      })
      .onConflict('cluster')
      .merge();
  }
}
