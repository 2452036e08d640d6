import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { signInProviders } from './auth/module';
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

describe('sign-in configuration', () => {
  const repoRoot = path.resolve(__dirname, '../../..');

  // the production files exactly as deployed, every ${VAR} given a value
  async function productionConfig() {
    const source = ConfigSources.default({
      argv: [
        '--config',
        path.join(repoRoot, 'app-config.yaml'),
        '--config',
        path.join(repoRoot, 'app-config.production.yaml'),
      ],
      remote: undefined,
      watch: false,
      substitutionFunc: async name =>
        ({
          POSTGRES_PORT: '5432',
          PORTAL_BASE_URL: 'https://portal.proficientnow.example',
        }[name] ?? `value-of-${name}`),
    });
    return ConfigSources.toConfig(source);
  }

  it('the production configuration offers no guest sign-in, so the backend installs no guest provider', async () => {
    const config = await productionConfig();
    expect(config.getString('auth.environment')).toBe('production');
    expect(signInProviders(config)).toEqual(['authentik']);
    expect(
      config
        .getConfigArray('auth.providers.oidc.production.signIn.resolvers')[0]
        .getString('resolver'),
    ).toBe('platformCatalogUser');
    expect(checkStartupConfig(config)).toEqual([]);
  });

  it('the local configuration offers guest only for development', () => {
    const local = new ConfigReader({
      ...valid,
      auth: { environment: 'development' },
      portal: { signIn: { providers: ['guest'] } },
    });
    expect(signInProviders(local)).toEqual(['guest']);
    expect(checkStartupConfig(local)).toEqual([]);
  });

  it('refuses guest sign-in in production, unknown methods, and authentik without its provider config', () => {
    expect(
      checkStartupConfig(
        new ConfigReader({
          ...valid,
          auth: { environment: 'production' },
          portal: { signIn: { providers: ['guest', 'authentik'] } },
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^portal\.signIn\.providers: offers guest sign-in while auth\.environment is production/,
      ),
    ]);
    expect(
      checkStartupConfig(
        new ConfigReader({
          ...valid,
          portal: { signIn: { providers: ['github'] } },
        }),
      ),
    ).toEqual([
      "portal.signIn.providers: must name sign-in methods among guest, authentik; got 'github'",
    ]);
    expect(
      checkStartupConfig(
        new ConfigReader({
          ...valid,
          auth: { environment: 'development' },
          portal: { signIn: { providers: ['authentik'] } },
        }),
      ),
    ).toEqual([
      'portal.signIn.providers: offers authentik, but auth.providers.oidc.development (metadataUrl, clientId, clientSecret) is not configured',
    ]);
  });
});
