import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  ArgoApplication,
  ClusterHealth,
  HealthCheck,
  HealthStatus,
  SourceInfo,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { Knex } from 'knex';
import { ConditionStore } from '../alerts/ConditionStore';

const MIGRATIONS = resolvePackagePath(
  '@proficientnow/backstage-plugin-infra-health-backend',
  'migrations',
);

export interface StoredSnapshot {
  cluster: string;
  environment?: string;
  status: HealthStatus;
  collectedAt: string;
  checks: HealthCheck[];
  sources?: SourceInfo[];
  reachable?: boolean;
  lastSeenAt?: string;
  /**
   * The Argo CD Applications read in this collection; left out when they
   * were not read (the last list read is kept, with its time).
   */
  applications?: ArgoApplication[];
}

/** The Argo CD Applications of a cluster at its last readable collection. */
export interface StoredApplications {
  cluster: string;
  observedAt: string;
  applications: ArgoApplication[];
}

export interface HistoryPoint {
  subsystem: string;
  status: HealthStatus;
  observedAt: string;
}

function iso(value: unknown): string {
  return new Date(value as string | number | Date).toISOString();
}

function toSnapshot(row: any): StoredSnapshot {
  return {
    cluster: row.cluster,
    environment: row.environment ?? undefined,
    status: row.status,
    collectedAt: iso(row.collected_at),
    checks: JSON.parse(row.checks),
    ...(row.sources ? { sources: JSON.parse(row.sources) } : {}),
    ...(row.reachable === null || row.reachable === undefined
      ? {}
      : { reachable: Boolean(row.reachable) }),
    ...(row.last_seen_at ? { lastSeenAt: iso(row.last_seen_at) } : {}),
  };
}

/**
 * Snapshots and history in the plugin's own database, so every replica
 * serves the same answer without asking a cluster. Runs its migrations on
 * creation (knex, SQLite and PostgreSQL alike).
 */
export class HealthStore {
  static async create(database: DatabaseService): Promise<HealthStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: MIGRATIONS });
    }
    return new HealthStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /** The clusters' debounced conditions, in the same database. */
  conditions(): ConditionStore {
    return new ConditionStore(this.knex);
  }

  /** Replaces a cluster's snapshot and appends its rollups to the history, in one transaction. */
  async save(snapshot: StoredSnapshot, rollup: ClusterHealth): Promise<void> {
    await this.knex.transaction(async tx => {
      const row = {
        cluster: snapshot.cluster,
        environment: snapshot.environment ?? null,
        status: snapshot.status,
        collected_at: new Date(snapshot.collectedAt),
        checks: JSON.stringify(snapshot.checks),
        sources: snapshot.sources ? JSON.stringify(snapshot.sources) : null,
        reachable: snapshot.reachable ?? null,
        last_seen_at: snapshot.lastSeenAt
          ? new Date(snapshot.lastSeenAt)
          : null,
        // not read this time: the merge keeps the last list read
        ...(snapshot.applications
          ? {
              argo_applications: JSON.stringify(snapshot.applications),
              argo_applications_at: new Date(snapshot.collectedAt),
            }
          : {}),
      };
      await tx('health_snapshots').insert(row).onConflict('cluster').merge();
      const observedAt = new Date(snapshot.collectedAt);
      await tx('health_history').insert([
        {
          cluster: snapshot.cluster,
          subsystem: '*',
          status: rollup.status,
          observed_at: observedAt,
        },
        ...rollup.subsystems.map(s => ({
          cluster: snapshot.cluster,
          subsystem: s.subsystem,
          status: s.status,
          observed_at: observedAt,
        })),
      ]);
    });
  }

  async snapshots(): Promise<StoredSnapshot[]> {
    const rows = await this.knex('health_snapshots')
      .select()
      .orderBy('cluster');
    return rows.map(toSnapshot);
  }

  /** The Argo CD Applications last read in a cluster, if any list was ever read. */
  async applications(cluster: string): Promise<StoredApplications | undefined> {
    const row = await this.knex('health_snapshots')
      .where('cluster', cluster)
      .select('argo_applications', 'argo_applications_at')
      .first();
    if (!row?.argo_applications) return undefined;
    return {
      cluster,
      observedAt: iso(row.argo_applications_at),
      applications: JSON.parse(row.argo_applications),
    };
  }

  async snapshot(cluster: string): Promise<StoredSnapshot | undefined> {
    const row = await this.knex('health_snapshots')
      .where('cluster', cluster)
      .first();
    return row ? toSnapshot(row) : undefined;
  }

  /** Forgets clusters that are no longer collected (their snapshots and history). */
  async retainClusters(clusters: string[]): Promise<number> {
    let removed = 0;
    await this.knex.transaction(async tx => {
      await tx('health_history').whereNotIn('cluster', clusters).delete();
      removed = await tx('health_snapshots')
        .whereNotIn('cluster', clusters)
        .delete();
    });
    return removed;
  }

  /** History of one cluster since a time, oldest first; subsystem "*" is the cluster rollup. */
  async history(
    cluster: string,
    since: Date,
    subsystem?: string,
  ): Promise<HistoryPoint[]> {
    const query = this.knex('health_history')
      .where('cluster', cluster)
      .andWhere('observed_at', '>=', since);
    if (subsystem) query.andWhere('subsystem', subsystem);
    const rows = await query.orderBy([
      { column: 'observed_at' },
      { column: 'id' },
    ]);
    return rows.map(row => ({
      subsystem: row.subsystem,
      status: row.status,
      observedAt: iso(row.observed_at),
    }));
  }

  /** Keeps the history bounded: drops points older than `before`. Returns how many went. */
  async pruneHistory(before: Date): Promise<number> {
    return this.knex('health_history')
      .where('observed_at', '<', before)
      .delete();
  }
}
