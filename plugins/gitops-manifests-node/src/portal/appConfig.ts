import { ResolvedPortalDeployment } from './request';

/** Port the backend listens on (and serves the frontend from). */
export const PORTAL_BACKEND_PORT = 7007;

/**
 * Environment variables the sealed Secret provides. app-config.production.yaml
 * and the platform app-config below refer to them as `${NAME}`, so no secret
 * value is ever part of a config file.
 */
export const PORTAL_SECRET_ENV = {
  backendSecret: 'BACKEND_SECRET',
  authSessionSecret: 'AUTH_SESSION_SECRET',
  oidcClientSecret: 'AUTHENTIK_CLIENT_SECRET',
  githubToken: 'GITHUB_TOKEN',
  githubAppPrivateKey: 'GITHUB_APP_PRIVATE_KEY',
  githubAppClientSecret: 'GITHUB_APP_CLIENT_SECRET',
  githubAppWebhookSecret: 'GITHUB_APP_WEBHOOK_SECRET',
  postgresPassword: 'POSTGRES_PASSWORD',
} as const;

/** Name of the CloudNativePG cluster's read-write service, `<cluster>-rw`. */
export function cloudNativePgHost(clusterName: string, namespace: string) {
  return `${clusterName}-rw.${namespace}.svc`;
}

/** The database the CloudNativePG cluster bootstraps, and its owner. */
export const CNPG_DATABASE = 'backstage';
export const CNPG_OWNER = 'backstage';

function env(name: string): string {
  return `\${${name}}`;
}

/**
 * The platform's app-config: loaded after app-config.yaml and
 * app-config.production.yaml, it holds every non-secret value of this
 * deployment literally and refers to secrets by environment variable.
 * Built as data; the renderer serialises it with the yaml library.
 */
export function buildPortalAppConfig(
  portal: ResolvedPortalDeployment,
  names: { databaseCluster: string },
  sealingCertificatePem: string,
): Record<string, unknown> {
  const baseUrl = `https://${portal.hostname}`;
  const database = portal.database;
  const connection =
    database.mode === 'cloudnative-pg'
      ? {
          host: cloudNativePgHost(names.databaseCluster, portal.namespace),
          port: 5432,
          user: CNPG_OWNER,
          password: env(PORTAL_SECRET_ENV.postgresPassword),
          database: CNPG_DATABASE,
        }
      : {
          host: database.host,
          port: database.port,
          user: database.user,
          password: env(PORTAL_SECRET_ENV.postgresPassword),
          database: database.database,
        };
  const github =
    portal.github.mode === 'token'
      ? { host: 'github.com', token: env(PORTAL_SECRET_ENV.githubToken) }
      : {
          host: 'github.com',
          apps: [
            {
              appId: portal.github.appId,
              clientId: portal.github.clientId,
              clientSecret: env(PORTAL_SECRET_ENV.githubAppClientSecret),
              ...(portal.secrets.githubAppWebhookSecret !== undefined
                ? {
                    webhookSecret: env(
                      PORTAL_SECRET_ENV.githubAppWebhookSecret,
                    ),
                  }
                : {}),
              privateKey: env(PORTAL_SECRET_ENV.githubAppPrivateKey),
            },
          ],
        };
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: PORTAL_BACKEND_PORT, host: '0.0.0.0' },
      cors: { origin: baseUrl },
      database: {
        client: 'pg',
        // one database, one schema per plugin: the owner of one database is
        // enough, no CREATEDB right on the server
        pluginDivisionMode: 'schema',
        ensureExists: false,
        ensureSchemaExists: true,
        connection,
      },
    },
    auth: {
      providers: {
        oidc: {
          production: {
            metadataUrl: portal.oidc.metadataUrl,
            clientId: portal.oidc.clientId,
            clientSecret: env(PORTAL_SECRET_ENV.oidcClientSecret),
          },
        },
      },
    },
    // arrays replace, not merge: this is the whole GitHub integration
    integrations: { github: [github] },
    gitops: {
      // public: the portal seals join tokens and secrets with it
      sealing: { certificate: sealingCertificatePem },
    },
  };
}
