import { createBackend } from '@backstage/backend-defaults';
import authPlugin from '@backstage/plugin-auth-backend';
import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigSources, StaticConfigSource } from '@backstage/config-loader';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  OidcAccount,
  RunningOidcProvider,
  startOidcProvider,
} from '@internal/test-support';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { signInModules } from './module';

/**
 * OIDC sign-in through a real OpenID Connect provider (oidc-provider on
 * loopback, configured as Authentik issues tokens) into a real backend
 * (createBackend: the real auth, httpAuth and token services) started with
 * app-config.yaml + app-config.production.yaml as deployed and the sign-in
 * modules index.ts installs, over the catalog's real org files.
 */

const CLIENT_ID = 'platform-portal';
const CLIENT_SECRET = `oidc-client-${randomBytes(12).toString('hex')}`;
const SESSION_SECRET = `session-${randomBytes(12).toString('hex')}`;

const accounts: OidcAccount[] = [
  {
    username: 'lena.dev',
    password: 'lena-password-1',
    email: 'lena.dev@proficientnow.example',
    groups: ['app-developers'],
  },
  {
    username: 'priya.platform',
    password: 'priya-password-1',
    email: 'priya.platform@proficientnow.example',
    groups: ['platform-engineers'],
  },
  // a real Authentik account the catalog does not know
  {
    username: 'mallory',
    password: 'mallory-password-1',
    email: 'mallory@elsewhere.example',
  },
  // Lena's address, but the IdP puts this account in a group the catalog lacks
  {
    username: 'lena.second',
    password: 'second-password-1',
    email: 'lena.dev@proficientnow.example',
    groups: ['app-developers', 'ghost-admins'],
  },
  // claims Priya's address without the IdP having verified it
  {
    username: 'eve',
    password: 'eve-password-1',
    email: 'priya.platform@proficientnow.example',
    emailVerified: false,
  },
  // no email at all: matched by username
  {
    username: 'omar.cloud',
    password: 'omar-password-1',
    email: '',
    groups: ['cloud-engineers'],
  },
];

/** The catalog's org files, with the memberOf relations the catalog's processing adds. */
function orgEntities(): Entity[] {
  const dir = path.resolve(__dirname, '../../../../catalog/org');
  return ['users.yaml', 'groups.yaml'].flatMap(file =>
    parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map(d => {
      const entity = d.toJS() as Entity;
      const memberOf = (entity.spec?.memberOf ?? []) as string[];
      return {
        ...entity,
        relations: memberOf.map(group => ({
          type: 'memberOf',
          targetRef: `group:default/${group}`,
        })),
      };
    }),
  );
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

function capturingLogger(
  lines: string[],
  meta: Record<string, unknown> = {},
): RootLoggerService {
  const write = (level: string) => (message: string, extra?: unknown) => {
    lines.push(
      `${level} ${JSON.stringify(meta)} ${message} ${
        extra === undefined ? '' : JSON.stringify(extra)
      }`,
    );
  };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: more => capturingLogger(lines, { ...meta, ...more }),
  };
}

/** A browser in miniature: follows redirects by hand, keeping cookies per host. */
class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ url: string; status: number; body: string }> {
    let current = url;
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form
      ? new URLSearchParams(init.form).toString()
      : undefined;
    for (let hops = 0; hops < 20; hops++) {
      const host = new URL(current).host;
      const cookies = this.jar.get(host) ?? new Map();
      const res = await fetch(current, {
        method,
        redirect: 'manual',
        body,
        headers: {
          ...(cookies.size
            ? {
                cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
              }
            : {}),
          ...(body
            ? { 'content-type': 'application/x-www-form-urlencoded' }
            : {}),
          'x-requested-with': 'XMLHttpRequest',
        },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
      this.jar.set(host, cookies);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).toString();
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current, status: res.status, body: await res.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

interface SignInAnswer {
  type: string;
  response?: {
    backstageIdentity: {
      token: string;
      identity: { userEntityRef: string; ownershipEntityRefs: string[] };
    };
    profile: { email?: string };
  };
  error?: { name: string; message: string };
}

/** The popup's answer: the JSON the auth backend posts back to the app. */
function readFrameAnswer(html: string): SignInAnswer {
  const match = /var authResponse = decodeURIComponent\('([^']*)'\)/.exec(html);
  if (!match) throw new Error(`not a sign-in answer: ${html.slice(0, 300)}`);
  return JSON.parse(decodeURIComponent(match[1]));
}

describe('OIDC sign-in as the catalog user', () => {
  let idp: RunningOidcProvider;
  let backend: ReturnType<typeof createBackend>;
  let baseUrl: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    idp = await startOidcProvider({
      accounts,
      clients: [
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUris: [`${baseUrl}/api/auth/oidc/handler/frame`],
        },
      ],
    });
    // the production files as deployed, their ${VARS} pointing at the test's
    // identity provider; only the database and the port are the test's own
    const repoRoot = path.resolve(__dirname, '../../../..');
    const env: Record<string, string> = {
      PORTAL_BASE_URL: baseUrl,
      BACKEND_SECRET: randomBytes(24).toString('hex'),
      AUTH_SESSION_SECRET: SESSION_SECRET,
      AUTHENTIK_METADATA_URL: idp.metadataUrl,
      AUTHENTIK_CLIENT_ID: CLIENT_ID,
      AUTHENTIK_CLIENT_SECRET: CLIENT_SECRET,
      POSTGRES_PORT: '5432',
    };
    const config = await ConfigSources.toConfig(
      ConfigSources.merge([
        ConfigSources.default({
          argv: [
            '--config',
            path.join(repoRoot, 'app-config.yaml'),
            '--config',
            path.join(repoRoot, 'app-config.production.yaml'),
          ],
          remote: undefined,
          watch: false,
          substitutionFunc: async name => env[name] ?? `unused-${name}`,
        }),
        StaticConfigSource.create({
          context: 'test',
          data: {
            backend: {
              listen: { port, host: '127.0.0.1' },
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
          },
        }),
      ]),
    );
    backend = createBackend();
    backend.add(
      createServiceFactory({
        service: coreServices.rootConfig,
        deps: {},
        factory: () => config,
      }),
    );
    backend.add(
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => capturingLogger(logs),
      }),
    );
    backend.add(catalogServiceMock.factory({ entities: orgEntities() }));
    backend.add(authPlugin);
    for (const module of signInModules(config)) backend.add(module);
    await backend.start();
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await idp?.close();
  });

  async function signIn(username: string, password: string) {
    const browser = new CookieBrowser();
    const login = await browser.request(
      `${baseUrl}/api/auth/oidc/start?scope=${encodeURIComponent(
        'openid profile email',
      )}&env=production&origin=${encodeURIComponent(baseUrl)}&flow=popup`,
    );
    expect(login.body).toContain('<form method="post"');
    const action = /action="([^"]+)"/.exec(login.body)![1];
    const answer = await browser.request(
      new URL(action, login.url).toString(),
      {
        method: 'POST',
        form: { username, password },
      },
    );
    return {
      browser,
      answer: readFrameAnswer(answer.body),
      status: answer.status,
    };
  }

  async function userinfo(token: string) {
    const res = await fetch(`${baseUrl}/api/auth/v1/userinfo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.text() };
  }

  it('signs Lena in as user:default/lena.dev, her groups from the catalog', async () => {
    const { answer, browser } = await signIn('lena.dev', 'lena-password-1');
    expect(answer.error).toBeUndefined();
    const { identity, token } = answer.response!.backstageIdentity;
    expect(identity.userEntityRef).toBe('user:default/lena.dev');
    expect(identity.ownershipEntityRefs.sort()).toEqual([
      'group:default/app-developers',
      'user:default/lena.dev',
    ]);
    // the token is a Backstage token the backend accepts
    const info = await userinfo(token);
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body).claims.sub).toBe('user:default/lena.dev');

    // a page reload: the session refreshes without the login form
    const refreshed = await browser.request(
      `${baseUrl}/api/auth/oidc/refresh?env=production&optional=`,
    );
    expect(refreshed.status).toBe(200);
    expect(
      JSON.parse(refreshed.body).backstageIdentity.identity.userEntityRef,
    ).toBe('user:default/lena.dev');
  });

  it('the production configuration has no guest sign-in: its endpoints do not exist', async () => {
    const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(res.status).toBe(404);
    // while the OIDC provider of the same file answers
    const start = await fetch(
      `${baseUrl}/api/auth/oidc/start?env=production&scope=openid`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toContain(idp.issuer);
  });

  it('signs Priya in as a platform engineer', async () => {
    const { answer } = await signIn('priya.platform', 'priya-password-1');
    expect(
      answer.response!.backstageIdentity.identity.ownershipEntityRefs,
    ).toContain('group:default/platform-engineers');
  });

  it('matches by preferred_username when there is no email', async () => {
    const { answer } = await signIn('omar.cloud', 'omar-password-1');
    expect(answer.response!.backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:default/omar.cloud',
      ownershipEntityRefs: expect.arrayContaining([
        'group:default/cloud-engineers',
      ]),
    });
  });

  it('refuses a person the catalog does not know, naming what was tried', async () => {
    const { answer } = await signIn('mallory', 'mallory-password-1');
    expect(answer.response).toBeUndefined();
    expect(answer.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'mallory@elsewhere.example is not a user of this portal: no User entity in the catalog has spec.profile.email mallory@elsewhere.example or the name mallory. Ask the platform team to add you to the catalog.',
    });
  });

  it('refuses a groups claim naming a group the catalog lacks', async () => {
    const { answer } = await signIn('lena.second', 'second-password-1');
    expect(answer.response).toBeUndefined();
    expect(answer.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        "the identity provider puts lena.dev@proficientnow.example in 'ghost-admins', which is not a group in the catalog; the two must agree before user:default/lena.dev can sign in",
      ),
    });
  });

  it('does not match an email the identity provider has not verified', async () => {
    const { answer } = await signIn('eve', 'eve-password-1');
    expect(answer.error?.message).toContain(
      'no User entity in the catalog has the name eve (the identity provider has not verified priya.platform@proficientnow.example)',
    );
  });

  it('a wrong password never reaches the portal', async () => {
    const before = idp.refusedLogins();
    const browser = new CookieBrowser();
    const login = await browser.request(
      `${baseUrl}/api/auth/oidc/start?scope=openid&env=production&origin=${encodeURIComponent(
        baseUrl,
      )}&flow=popup`,
    );
    const action = /action="([^"]+)"/.exec(login.body)![1];
    const wrong = await browser.request(new URL(action, login.url).toString(), {
      method: 'POST',
      form: { username: 'lena.dev', password: 'not-her-password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong username or password.');
    expect(idp.refusedLogins()).toBe(before + 1);
  });

  describe('tokens the backend refuses', () => {
    let lenaToken: string;
    beforeAll(async () => {
      const { answer } = await signIn('lena.dev', 'lena-password-1');
      lenaToken = answer.response!.backstageIdentity.token;
    });

    afterEach(() => jest.useRealTimers());

    it('a token from another issuer', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const part = (o: object) =>
        Buffer.from(JSON.stringify(o)).toString('base64url');
      const header = part({
        alg: 'ES256',
        kid: 'other',
        typ: 'vnd.backstage.user',
      });
      const now = Math.floor(Date.now() / 1000);
      const payload = part({
        iss: 'https://idp.elsewhere.example',
        aud: 'backstage',
        sub: 'user:default/priya.platform',
        ent: ['group:default/platform-engineers'],
        iat: now,
        exp: now + 600,
      });
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      }).toString('base64url');
      expect((await userinfo(`${header}.${payload}.${signature}`)).status).toBe(
        401,
      );
    });

    it('a tampered token (Lena made Priya, the signature kept)', async () => {
      const [header, payload, signature] = lenaToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      claims.sub = 'user:default/priya.platform';
      claims.ent = [
        'user:default/priya.platform',
        'group:default/platform-engineers',
      ];
      const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
      expect((await userinfo(lenaToken)).status).toBe(200);
      expect((await userinfo(`${header}.${forged}.${signature}`)).status).toBe(
        401,
      );
    });

    it('an expired token', async () => {
      const { exp } = JSON.parse(
        Buffer.from(lenaToken.split('.')[1], 'base64url').toString(),
      );
      expect((await userinfo(lenaToken)).status).toBe(200);
      // only the clock moves past the token's expiry; timers keep running
      jest.useFakeTimers({
        now: (exp + 60) * 1000,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      expect((await userinfo(lenaToken)).status).toBe(401);
    });
  });

  it('logs each refusal with its reason and never a secret', () => {
    const text = logs.join('\n');
    expect(text).toContain(
      'sign-in refused for mallory@elsewhere.example: mallory@elsewhere.example is not a user of this portal',
    );
    expect(text).toContain(
      'signed in lena.dev@proficientnow.example as user:default/lena.dev',
    );
    for (const secret of [
      CLIENT_SECRET,
      SESSION_SECRET,
      ...accounts.map(a => a.password),
      'not-her-password',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
