import { ConfigReader } from '@backstage/config';
import { checkStartupConfig } from './startupConfig';
import { describeStartupFailure } from './startupFailure';

const valid = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: {
    baseUrl: 'http://localhost:7007',
    listen: { port: 7007 },
    database: { client: 'better-sqlite3', connection: ':memory:' },
  },
};

function withBackend(backend: object) {
  return new ConfigReader({
    ...valid,
    backend: { ...valid.backend, ...backend },
  });
}

describe('checkStartupConfig', () => {
  it('accepts the local defaults', () => {
    expect(checkStartupConfig(new ConfigReader(valid))).toEqual([]);
  });

  it('names backend.database.client and the allowed clients for an unknown client', () => {
    expect(
      checkStartupConfig(withBackend({ database: { client: 'mysql9' } })),
    ).toEqual([
      "backend.database.client: must be one of better-sqlite3, sqlite3, pg; got 'mysql9'",
    ]);
  });

  it('names the missing PostgreSQL host', () => {
    const problems = checkStartupConfig(
      withBackend({
        database: { client: 'pg', connection: { host: '', port: 5432 } },
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^backend\.database\.connection: host is empty/),
    ]);
  });

  it('names a malformed base URL and port', () => {
    const problems = checkStartupConfig(
      withBackend({ baseUrl: 'localhost:7007', listen: { port: 'seven' } }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^backend\.baseUrl: must be .* got 'localhost:7007'/,
      ),
      expect.stringMatching(/^backend\.listen\.port: must be a TCP port/),
    ]);
  });

  it('names a missing required key', () => {
    const problems = checkStartupConfig(
      new ConfigReader({
        ...valid,
        backend: { ...valid.backend, database: {} },
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^backend\.database\.client: .*Missing required config value/,
      ),
    ]);
  });
});

describe('describeStartupFailure', () => {
  it('prints every cause and the config keys they mention', () => {
    const inner = new Error(
      "Missing required config value at 'auth.providers.oidc.production.clientId'",
    );
    const outer = new Error('Plugin auth startup failed', { cause: inner });
    const text = describeStartupFailure(outer);
    expect(text).toContain(
      'Check these configuration keys: auth.providers.oidc.production.clientId',
    );
    expect(text).toContain('Plugin auth startup failed');
    expect(text).toContain('Missing required config value');
  });
});
