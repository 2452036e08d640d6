import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  OidcAccount,
  RunningOidcProvider,
  startOidcProvider,
} from '@internal/test-support';

/** The example people of catalog/org/users.yaml, as the local identity provider knows them. */
export const LOCAL_OIDC_CLIENT_ID = 'platform-portal';
/** An account the identity provider has and the catalog does not: to see a refused sign-in. */
export const LOCAL_OIDC_STRANGER = 'stranger';

/** The catalog's example users; ./portal start runs from the repository's root. */
export const DEFAULT_USERS_FILE = path.resolve('catalog/org/users.yaml');

function catalogPeople(usersFile: string): Omit<OidcAccount, 'password'>[] {
  return parseAllDocuments(readFileSync(usersFile, 'utf8')).flatMap(doc => {
    const user = doc.toJS() as {
      kind?: string;
      metadata?: { name?: string };
      spec?: {
        profile?: { email?: string; displayName?: string };
        memberOf?: string[];
      };
    };
    if (user?.kind !== 'User' || !user.metadata?.name) return [];
    return [
      {
        username: user.metadata.name,
        email: user.spec?.profile?.email ?? '',
        name: user.spec?.profile?.displayName,
        groups: user.spec?.memberOf ?? [],
      },
    ];
  });
}

export interface LocalOidc {
  provider: RunningOidcProvider;
  /** the file with every account's password (mode 600) */
  accountsFile: string;
  /** the auth config the portal needs to use it (portal.signIn.providers: [authentik] goes with it) */
  config: { auth: Record<string, unknown> };
}

/**
 * A real OpenID Connect provider for the local stack (PORTAL_LOCAL_OIDC=1),
 * standing in for Authentik: the catalog's example people with passwords
 * made per start, and one stranger the catalog does not know. The portal then
 * offers Authentik sign-in only, as in production.
 */
export async function startLocalOidc(options: {
  dir: string;
  port: number;
  backendPort: number;
  /** the User entities the people come from; default catalog/org/users.yaml */
  usersFile?: string;
}): Promise<LocalOidc> {
  const accounts: OidcAccount[] = [
    ...catalogPeople(options.usersFile ?? DEFAULT_USERS_FILE),
    {
      username: LOCAL_OIDC_STRANGER,
      email: 'stranger@elsewhere.example',
      groups: [],
    },
  ].map(person => ({
    ...person,
    password: randomBytes(9).toString('base64url'),
  }));
  const clientSecret = randomBytes(24).toString('hex');
  const backendUrl = `http://localhost:${options.backendPort}`;
  const provider = await startOidcProvider({
    accounts,
    port: options.port,
    clients: [
      {
        clientId: LOCAL_OIDC_CLIENT_ID,
        clientSecret,
        redirectUris: [`${backendUrl}/api/auth/oidc/handler/frame`],
      },
    ],
  });
  const accountsFile = path.join(options.dir, 'oidc-accounts.json');
  writeFileSync(
    accountsFile,
    `${JSON.stringify(
      accounts.map(a => ({
        username: a.username,
        password: a.password,
        email: a.email,
        groups: a.groups,
      })),
      null,
      2,
    )}\n`,
    { mode: 0o600 },
  );
  return {
    provider,
    accountsFile,
    config: {
      auth: {
        session: { secret: randomBytes(24).toString('hex') },
        providers: {
          oidc: {
            development: {
              metadataUrl: provider.metadataUrl,
              clientId: LOCAL_OIDC_CLIENT_ID,
              clientSecret,
              prompt: 'auto',
              signIn: { resolvers: [{ resolver: 'platformCatalogUser' }] },
            },
          },
        },
      },
    },
  };
}
