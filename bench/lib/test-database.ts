/**
 * The database of a benchmark's test backend: SQLite in memory, or, when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set, that
 * PostgreSQL, in databases of the run's own (one per plugin) dropped at the
 * end.
 */
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';

export function testDatabase(benchmark: string) {
  const postgres =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  const prefix = `bench_${benchmark}_${randomBytes(4).toString('hex')}_`;
  return {
    /** the database, as the results name it */
    name: postgres ? 'PostgreSQL' : 'SQLite (better-sqlite3, in memory)',
    /** `backend.database` of the backend's config */
    config: postgres
      ? { client: 'pg', connection: postgres, prefix }
      : { client: 'better-sqlite3', connection: ':memory:' },
    /** Drops the run's PostgreSQL databases (nothing to do for SQLite). */
    async drop(): Promise<void> {
      if (!postgres) return;
      // DatabaseManager made one database per plugin under our prefix; the stopped
      // test backend still holds connections to them, hence FORCE
      const admin = knexFactory({ client: 'pg', connection: postgres });
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows)
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      await admin.destroy();
    },
  };
}
