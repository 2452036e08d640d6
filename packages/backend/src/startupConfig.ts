import { Config } from '@backstage/config';

const DATABASE_CLIENTS = ['better-sqlite3', 'sqlite3', 'pg'];
/** the sign-in page's methods (packages/app signIn module) */
const SIGN_IN_METHODS = ['guest', 'authentik'];

/**
 * Checks the configuration values that make the backend fail deep inside a
 * plugin when they are wrong, so the person starting it reads the key and the
 * rule instead of a wrapped stack trace. Returns one message per problem.
 */
export function checkStartupConfig(config: Config): string[] {
  const problems: string[] = [];
  const check = (key: string, test: () => string | undefined) => {
    try {
      const problem = test();
      if (problem) problems.push(`${key}: ${problem}`);
    } catch (error) {
      problems.push(`${key}: ${(error as Error).message}`);
    }
  };

  check('backend.baseUrl', () =>
    urlProblem(config.getString('backend.baseUrl')),
  );
  check('app.baseUrl', () => urlProblem(config.getString('app.baseUrl')));
  check('backend.database.client', () => {
    const client = config.getString('backend.database.client');
    return DATABASE_CLIENTS.includes(client)
      ? undefined
      : `must be one of ${DATABASE_CLIENTS.join(', ')}; got '${client}'`;
  });
  check('backend.database.connection', () => {
    if (config.getOptionalString('backend.database.client') !== 'pg') {
      return undefined;
    }
    const connection = config.getOptional('backend.database.connection');
    if (connection === undefined) {
      return 'is required when backend.database.client is pg (a connection string or host/port/user/password)';
    }
    if (typeof connection === 'object' && connection !== null) {
      const host = (connection as { host?: unknown }).host;
      if (typeof host !== 'string' || host.trim() === '') {
        return 'host is empty; set POSTGRES_HOST or backend.database.connection.host';
      }
    }
    return undefined;
  });
  check('backend.listen.port', () => {
    const port = config.getOptional('backend.listen.port');
    if (port === undefined) return undefined;
    const n = Number(port);
    return Number.isInteger(n) && n > 0 && n < 65536
      ? undefined
      : `must be a TCP port between 1 and 65535; got '${String(port)}'`;
  });
  check('portal.signIn.providers', () => {
    const offered = config.getOptionalStringArray('portal.signIn.providers');
    const unknown = (offered ?? []).filter(p => !SIGN_IN_METHODS.includes(p));
    if (unknown.length > 0)
      return `must name sign-in methods among ${SIGN_IN_METHODS.join(
        ', ',
      )}; got '${unknown.join("', '")}'`;
    const production =
      config.getOptionalString('auth.environment') === 'production';
    if (production && (offered ?? ['guest']).includes('guest'))
      return 'offers guest sign-in while auth.environment is production: everyone would enter as one shared identity; offer authentik only';
    if ((offered ?? []).includes('authentik')) {
      const env = config.getOptionalString('auth.environment') ?? 'development';
      if (!config.has(`auth.providers.oidc.${env}`))
        return `offers authentik, but auth.providers.oidc.${env} (metadataUrl, clientId, clientSecret) is not configured`;
    }
    return undefined;
  });
  return problems;
}

function urlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? undefined
      : `must be an http(s) URL; got '${value}'`;
  } catch {
    return `must be an absolute URL like http://localhost:7007; got '${value}'`;
  }
}
