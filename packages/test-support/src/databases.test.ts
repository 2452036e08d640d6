import { portalDatabaseIds } from './databases';

describe('portalDatabaseIds', () => {
  it('runs on SQLite alone when no PostgreSQL is configured', () => {
    expect(portalDatabaseIds({})).toEqual(['SQLITE_3']);
  });

  it('adds the configured PostgreSQL engine first', () => {
    expect(
      portalDatabaseIds({
        PORTAL_TEST_POSTGRES_ID: 'POSTGRES_15',
        BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
          'postgresql://postgres:x@127.0.0.1:5432',
      }),
    ).toEqual(['POSTGRES_15', 'SQLITE_3']);
  });

  it('refuses to run SQLite alone when the test command required PostgreSQL', () => {
    expect(() => portalDatabaseIds({ PORTAL_REQUIRE_POSTGRES: '1' })).toThrow(
      /PORTAL_REQUIRE_POSTGRES/,
    );
  });

  it('names the missing connection string variable', () => {
    expect(() =>
      portalDatabaseIds({ PORTAL_TEST_POSTGRES_ID: 'POSTGRES_15' }),
    ).toThrow(/BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING/);
  });
});
