import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The database engines every backend test runs on: SQLite always, and the
 * PostgreSQL server that `./portal test` starts (its id and connection string
 * come from the environment). When the test command asked for PostgreSQL and
 * it is missing, this throws instead of quietly testing SQLite alone.
 */
export function portalDatabaseIds(
  env: NodeJS.ProcessEnv = process.env,
): TestDatabaseId[] {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  const postgresId = env.PORTAL_TEST_POSTGRES_ID as TestDatabaseId | undefined;
  if (postgresId) {
    const variable = `BACKSTAGE_TEST_DATABASE_${postgresId.replace(
      '_',
      '',
    )}_CONNECTION_STRING`;
    if (!env[variable]) {
      throw new Error(
        `PORTAL_TEST_POSTGRES_ID is ${postgresId} but ${variable} is not set`,
      );
    }
    ids.unshift(postgresId);
  } else if (env.PORTAL_REQUIRE_POSTGRES) {
    throw new Error(
      'PORTAL_REQUIRE_POSTGRES is set but no PostgreSQL was configured (PORTAL_TEST_POSTGRES_ID); run the tests through ./portal test',
    );
  }
  return ids;
}

export function portalTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: portalDatabaseIds(),
    disableDocker: true,
  });
}
