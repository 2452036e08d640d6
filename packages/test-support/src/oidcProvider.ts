import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person the identity provider knows, with the claims Authentik would send. */
export interface OidcAccount {
  username: string;
  password: string;
  email: string;
  /** the IdP's own flag; the portal only matches an email the IdP has verified */
  emailVerified?: boolean;
  name?: string;
  /** group names, sent in the `groups` claim as Authentik's profile scope does */
  groups?: string[];
}

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface OidcProviderOptions {
  accounts: OidcAccount[];
  clients: OidcClient[];
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
}

export interface RunningOidcProvider {
  /** the issuer, e.g. http://127.0.0.1:41234 */
  issuer: string;
  /** where Backstage's OIDC provider reads the metadata (auth.providers.oidc.*.metadataUrl) */
  metadataUrl: string;
  /** sign-ins the login form refused (wrong password, unknown user), for tests */
  refusedLogins(): number;
  close(): Promise<void>;
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

function loginPage(uid: string, clientId: string, error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<main>
<h1>Sign in to continue to ${escapeHtml(clientId)}</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Username <input name="username" autocomplete="username" autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
</main>
</body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * oidc-provider's storage for sessions, codes and tokens: a map in memory,
 * which is all a provider that lives as long as a test or a local stack needs
 * (oidc-provider's own development adapter says the same, with a warning).
 */
function memoryAdapter() {
  const store = new Map<string, { payload: any; expiresAt?: number }>();
  return class MemoryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: any, expiresIn?: number) {
      store.set(this.key(id), {
        payload,
        expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined,
      });
    }
    async find(id: string) {
      const entry = store.get(this.key(id));
      if (!entry) return undefined;
      if (entry.expiresAt && entry.expiresAt < Date.now()) {
        store.delete(this.key(id));
        return undefined;
      }
      return entry.payload;
    }
    async findByUid(uid: string) {
      for (const [key, entry] of store) {
        if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid)
          return this.find(key.slice(this.model.length + 1));
      }
      return undefined;
    }
    async findByUserCode() {
      return undefined;
    }
    async consume(id: string) {
      const entry = store.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) {
        if (entry.payload.grantId === grantId) store.delete(key);
      }
    }
  };
}

/**
 * A real OpenID Connect provider (the certified `oidc-provider` package) on
 * loopback, configured the way Authentik issues tokens to Backstage: an
 * authorization-code client with a secret, `openid profile email` scopes,
 * `email`/`email_verified` and, in the profile scope, `preferred_username`,
 * `name` and `groups`. Its login form checks username and password against
 * the given accounts; consent is implicit for the configured clients, as for
 * an Authentik application.
 */
export async function startOidcProvider(
  options: OidcProviderOptions,
): Promise<RunningOidcProvider> {
  const host = options.host ?? '127.0.0.1';
  const accounts = new Map(options.accounts.map(a => [a.username, a]));
  let refused = 0;

  // the issuer must be known before the provider is made: reserve the port first
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig' };

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients: options.clients.map(c => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [jwk as any] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'groups'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    features: { devInteractions: { enabled: false } },
    // seconds; Authentik's defaults are of the same order
    ttl: {
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      AccessToken: 3600,
      IdToken: 3600,
      RefreshToken: 24 * 3600,
      AuthorizationCode: 60,
    },
    pkce: { required: () => false },
    interactions: {
      url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}`,
    },
    // Authentik refreshes a session for as long as the application allows
    issueRefreshToken: async (_ctx: unknown, client: any) =>
      client.grantTypeAllowed('refresh_token'),
    // consent is implied for the configured (first-party) clients
    loadExistingGrant: async (ctx: any) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email offline_access');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name ?? account.username,
          preferred_username: account.username,
          groups: account.groups ?? [],
        }),
      };
    },
  } as any);

  const oidc = provider.callback();
  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(
      (req.url ?? '').split('?')[0],
    );
    if (!match) {
      oidc(req, res);
      return;
    }
    (async () => {
      const details = await provider.interactionDetails(req, res);
      const clientId = String(details.params.client_id ?? '');
      if (req.method === 'GET') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(loginPage(details.uid, clientId));
        return;
      }
      if (req.method === 'POST' && match[2]) {
        const form = await readForm(req);
        const account = accounts.get(form.get('username') ?? '');
        if (!account || account.password !== form.get('password')) {
          refused += 1;
          res.statusCode = 401;
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(
            loginPage(details.uid, clientId, 'Wrong username or password.'),
          );
          return;
        }
        await provider.interactionFinished(req, res, {
          login: { accountId: account.username },
        });
        return;
      }
      res.statusCode = 405;
      res.end();
    })().catch(error => {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`sign-in failed: ${(error as Error).message}`);
    });
  });

  return {
    issuer,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    refusedLogins: () => refused,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
