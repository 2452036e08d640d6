/**
 * @jest-environment node
 */
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { RequestValidationError } from '../requests/RequestValidationError';
import { validPortalRequest } from '../testUtils/fixtures';
import { makeSealingKeys } from '../testUtils/sealingKeys';
import { renderPortalDeployment } from './renderPortalDeployment';
import { requestZod } from '../requests/requestSchema';
import {
  cpuMillicores,
  imageReference,
  memoryBytes,
  PORTAL_DEFAULTS,
  portalDeploymentRequestSchema,
  PortalDeploymentRequest,
  resolvePortalDeploymentRequest,
} from './request';

type Change = (request: any) => void;

function issuesOf(change: Change) {
  const request: any = validPortalRequest();
  change(request);
  try {
    resolvePortalDeploymentRequest(request as PortalDeploymentRequest);
  } catch (error) {
    if (error instanceof RequestValidationError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

const existing =
  (extra: Record<string, unknown> = {}): Change =>
  r => {
    r.database = {
      mode: 'existing',
      host: 'postgres.example.org',
      database: 'portal',
      user: 'portal',
      ...extra,
    };
    r.secrets.postgresPassword = 'a-postgres-password';
  };

const BAD_REQUESTS: Array<[string, Change, string, RegExp]> = [
  ['no hostname', r => delete r.hostname, 'hostname', /is required/],
  [
    'an IP as hostname',
    r => (r.hostname = '192.0.2.10'),
    'hostname',
    /DNS name/,
  ],
  [
    'a single-label hostname',
    r => (r.hostname = 'portal'),
    'hostname',
    /DNS name/,
  ],
  [
    'an upper-case hostname',
    r => (r.hostname = 'Portal.Example.org'),
    'hostname',
    /DNS name/,
  ],
  [
    'a hostname with a path',
    r => (r.hostname = 'portal.example.org/x'),
    'hostname',
    /DNS name/,
  ],
  [
    'an image without tag or digest',
    r => (r.image = 'ghcr.io/proficientnow/platform-portal'),
    'image',
    /tag or a digest/,
  ],
  [
    'an image on latest',
    r => (r.image = 'ghcr.io/proficientnow/platform-portal:latest'),
    'image',
    /latest/,
  ],
  [
    'an image with spaces',
    r => (r.image = 'ghcr.io/x y:1'),
    'image',
    /image reference/,
  ],
  [
    'an image with a short digest',
    r => (r.image = 'ghcr.io/p/portal@sha256:abc'),
    'image',
    /image reference/,
  ],
  [
    'one replica',
    r => (r.replicas = 1),
    'replicas',
    /between 2 and 20.*at least 2 replicas/,
  ],
  ['fractional replicas', r => (r.replicas = 2.5), 'replicas', /whole number/],
  [
    'a string for replicas',
    r => (r.replicas = '3'),
    'replicas',
    /whole number/,
  ],
  ['too many replicas', r => (r.replicas = 50), 'replicas', /between 2 and 20/],
  [
    'a CPU request in bytes',
    r => (r.resources = { requests: { cpu: '1Gi' } }),
    'resources.requests.cpu',
    /CPU quantity/,
  ],
  [
    'a zero CPU limit',
    r => (r.resources = { limits: { cpu: '0' } }),
    'resources.limits.cpu',
    /positive CPU/,
  ],
  [
    'too little memory',
    r => (r.resources = { limits: { memory: '128Mi' } }),
    'resources.limits.memory',
    /at least 256Mi/,
  ],
  [
    'memory in cores',
    r => (r.resources = { requests: { memory: '2' } }),
    'resources.requests.memory',
    /at least 256Mi/,
  ],
  [
    'requests above limits',
    r => (r.resources = { requests: { memory: '4Gi' } }),
    'resources.requests.memory',
    /must not exceed resources.limits.memory/,
  ],
  [
    'cpu requests above limits',
    r => (r.resources = { requests: { cpu: '4' } }),
    'resources.requests.cpu',
    /must not exceed resources.limits.cpu/,
  ],
  [
    'an unknown resource',
    r => (r.resources = { requests: { gpu: '1' } }),
    'resources.requests.gpu',
    /not a resource/,
  ],
  [
    'no certificate issuer',
    r => delete r.certificateIssuer,
    'certificateIssuer',
    /ClusterIssuer/,
  ],
  [
    'an issuer name with a slash',
    r => (r.certificateIssuer = { name: 'le/prod' }),
    'certificateIssuer.name',
    /DNS-1123 subdomain/,
  ],
  [
    'an unknown issuer kind',
    r => (r.certificateIssuer = { name: 'le', kind: 'CA' }),
    'certificateIssuer.kind',
    /one of ClusterIssuer, Issuer/,
  ],
  [
    'a bad ingress class',
    r => (r.ingressClassName = 'Nginx'),
    'ingressClassName',
    /DNS-1123/,
  ],
  [
    'a namespace too long',
    r => (r.namespace = 'n'.repeat(41)),
    'namespace',
    /at most 40/,
  ],
  [
    'a namespace with dots',
    r => (r.namespace = 'platform.portal'),
    'namespace',
    /DNS-1123 label/,
  ],
  [
    'an owner that is a user',
    r => (r.owner = 'user:default/alice'),
    'owner',
    /group/,
  ],
  ['no oidc', r => delete r.oidc, 'oidc', /metadataUrl, clientId/],
  [
    'an http metadata URL',
    r => (r.oidc.metadataUrl = 'http://auth.example.org/x'),
    'oidc.metadataUrl',
    /https/,
  ],
  [
    'a metadata URL with credentials',
    r => (r.oidc.metadataUrl = 'https://a:b@auth.example.org/x'),
    'oidc.metadataUrl',
    /without credentials/,
  ],
  [
    'an empty client id',
    r => (r.oidc.clientId = ''),
    'oidc.clientId',
    /required/,
  ],
  [
    'a client id with a newline',
    r => (r.oidc.clientId = 'a\nb'),
    'oidc.clientId',
    /single line/,
  ],
  ['no database', r => delete r.database, 'database', /cloudnative-pg/],
  [
    'an unknown database mode',
    r => (r.database = { mode: 'sqlite' }),
    'database.mode',
    /one of cloudnative-pg, existing/,
  ],
  [
    'no instances',
    r => delete r.database.instances,
    'database.instances',
    /whole number between 1 and 9/,
  ],
  [
    'ten instances',
    r => (r.database.instances = 10),
    'database.instances',
    /between 1 and 9/,
  ],
  [
    'a storage class with spaces',
    r => (r.database.storageClass = 'ceph rbd'),
    'database.storageClass',
    /DNS-1123 subdomain/,
  ],
  [
    'a tiny volume',
    r => (r.database.size = '100Mi'),
    'database.size',
    /at least 1Gi/,
  ],
  [
    'a volume without unit',
    r => (r.database.size = '20'),
    'database.size',
    /at least 1Gi/,
  ],
  [
    'a password with CloudNativePG',
    r => (r.secrets.postgresPassword = 'x'.repeat(20)),
    'secrets.postgresPassword',
    /CloudNativePG generates/,
  ],
  [
    'an existing database without host',
    r => {
      existing()(r);
      delete r.database.host;
    },
    'database.host',
    /DNS name or an IPv4/,
  ],
  [
    'an existing database on port 0',
    existing({ port: 0 }),
    'database.port',
    /between 1 and 65535/,
  ],
  [
    'a database name with a dash',
    existing({ database: 'my-portal' }),
    'database.database',
    /PostgreSQL name/,
  ],
  [
    'a user name with a quote',
    existing({ user: "portal'" }),
    'database.user',
    /PostgreSQL name/,
  ],
  [
    'an existing database without password',
    r => {
      existing()(r);
      delete r.secrets.postgresPassword;
    },
    'secrets.postgresPassword',
    /required with database.mode existing/,
  ],
  [
    'a password and a password Secret',
    existing({ passwordSecret: { name: 'db', key: 'password' } }),
    'secrets.postgresPassword',
    /one way/,
  ],
  [
    'a password Secret with a bad key',
    r => {
      existing({ passwordSecret: { name: 'db', key: 'a b' } })(r);
      delete r.secrets.postgresPassword;
    },
    'database.passwordSecret.key',
    /Secret key/,
  ],
  ['no github', r => delete r.github, 'github', /mode: app/],
  [
    'an unknown github mode',
    r => (r.github = { mode: 'oauth' }),
    'github.mode',
    /one of app, token/,
  ],
  [
    'a github app without id',
    r => delete r.github.appId,
    'github.appId',
    /whole number/,
  ],
  [
    'a github app client id with spaces',
    r => (r.github.clientId = 'Iv23 li'),
    'github.clientId',
    /client id/,
  ],
  [
    'a private key that is not PEM',
    r => (r.secrets.githubAppPrivateKey = 'not-a-key'),
    'secrets.githubAppPrivateKey',
    /PEM/,
  ],
  [
    'a github app without client secret',
    r => delete r.secrets.githubAppClientSecret,
    'secrets.githubAppClientSecret',
    /required/,
  ],
  [
    'a token with a github app',
    r => (r.secrets.githubToken = `ghp_${'x'.repeat(30)}`),
    'secrets.githubToken',
    /must not be set with github.mode app/,
  ],
  [
    'token mode without a token',
    r => (r.github = { mode: 'token' }),
    'secrets.githubToken',
    /required/,
  ],
  ['no secrets', r => delete r.secrets, 'secrets', /backendSecret/],
  [
    'a short backend secret',
    r => (r.secrets.backendSecret = 'short'),
    'secrets.backendSecret',
    /at least 32 characters/,
  ],
  [
    'a session secret with a trailing newline',
    r => (r.secrets.authSessionSecret = `${'s'.repeat(40)}\n`),
    'secrets.authSessionSecret',
    /whitespace/,
  ],
  [
    'no oidc client secret',
    r => delete r.secrets.oidcClientSecret,
    'secrets.oidcClientSecret',
    /required/,
  ],
  [
    'an unknown secret',
    r => (r.secrets.awsKey = 'x'),
    'secrets.awsKey',
    /not a secret the portal uses/,
  ],
];

describe('resolvePortalDeploymentRequest', () => {
  it('accepts the valid request and fills the defaults', () => {
    const resolved = resolvePortalDeploymentRequest(validPortalRequest());
    expect(resolved).toMatchObject({
      replicas: 2,
      namespace: 'platform-portal',
      ingressClassName: 'nginx',
      owner: 'group:default/platform-engineers',
      certificateIssuer: {
        name: 'letsencrypt-production',
        kind: 'ClusterIssuer',
      },
      resources: {
        requests: { cpu: '250m', memory: '768Mi' },
        limits: { cpu: '2', memory: '1536Mi' },
      },
    });
  });

  it('accepts an existing database with a password Secret, on its default port', () => {
    const request: any = validPortalRequest();
    request.database = {
      mode: 'existing',
      host: '192.0.2.20',
      database: 'portal',
      user: 'portal',
      passwordSecret: { name: 'portal-db', key: 'password' },
    };
    expect(resolvePortalDeploymentRequest(request).database).toEqual({
      ...request.database,
      port: 5432,
    });
  });

  it.each(BAD_REQUESTS)(
    'refuses %s, naming the field and the rule',
    (_what, change, field, rule) => {
      const error = issuesOf(change);
      expect(error.issues).toContainEqual({
        field,
        rule: expect.stringMatching(rule),
      });
      expect(error.message).toContain(`${field}: `);
    },
  );

  it.each(BAD_REQUESTS)(
    'words every refusal of %s by a rule of the request, never by zod',
    (_what, change) => {
      // a zod check the rule function does not agree with would read "Invalid" or "Expected ..."
      for (const { rule } of issuesOf(change).issues)
        expect(rule).not.toMatch(/^(Invalid|Required|Expected|Unrecognized)/);
    },
  );

  it('names every field the chosen modes require, each by its own rule', () => {
    const error = issuesOf(r => {
      r.database = { mode: 'cloudnative-pg' };
      r.github = { mode: 'app' };
    });
    expect(error.issues).toEqual([
      {
        field: 'database.instances',
        rule: 'must be a whole number between 1 and 9',
      },
      { field: 'database.storageClass', rule: 'is required' },
      {
        field: 'database.size',
        rule: 'must be a volume size of at least 1Gi, like 20Gi',
      },
      {
        field: 'github.appId',
        rule: expect.stringMatching(/^must be a whole number between 1 and/),
      },
      {
        field: 'github.clientId',
        rule: 'must be the GitHub App client id, like Iv23liABCDEF123456',
      },
    ]);
  });

  it('names a password Secret without its name or key', () => {
    const error = issuesOf(r => {
      existing({ passwordSecret: {} })(r);
      delete r.secrets.postgresPassword;
    });
    expect(error.issues).toEqual([
      { field: 'database.passwordSecret.name', rule: 'is required' },
      {
        field: 'database.passwordSecret.key',
        rule: expect.stringMatching(/Secret key/),
      },
    ]);
  });

  it('leaves out the fields of the modes not chosen (a form keeps what it no longer shows)', () => {
    const request: any = validPortalRequest();
    request.database = {
      ...request.database,
      host: 'postgres.example.org',
      user: 'portal',
      passwordSecret: {},
    };
    request.github = { mode: 'token', appId: 123456, clientId: 'Iv23liOld' };
    request.secrets = {
      backendSecret: request.secrets.backendSecret,
      authSessionSecret: request.secrets.authSessionSecret,
      oidcClientSecret: request.secrets.oidcClientSecret,
      githubToken: `ghp_${'t'.repeat(36)}`,
    };
    const resolved = resolvePortalDeploymentRequest(request);
    expect(resolved.database).toEqual({
      mode: 'cloudnative-pg',
      instances: 3,
      storageClass: 'ceph-rbd',
      size: '20Gi',
    });
    expect(resolved.github).toEqual({ mode: 'token' });
  });

  it('checks the request with one schema whose defaults are the portal defaults', () => {
    const parsed = portalDeploymentRequestSchema(requestZod).parse(
      validPortalRequest(),
    );
    expect(parsed).toMatchObject({
      replicas: PORTAL_DEFAULTS.replicas,
      namespace: PORTAL_DEFAULTS.namespace,
      ingressClassName: PORTAL_DEFAULTS.ingressClassName,
      owner: PORTAL_DEFAULTS.owner,
      resources: PORTAL_DEFAULTS.resources,
      certificateIssuer: { kind: 'ClusterIssuer' },
    });
  });

  it('reports every problem at once', () => {
    const error = issuesOf(r => {
      r.hostname = 'x';
      r.replicas = 1;
      r.image = 'portal';
    });
    expect(error.issues.map(i => i.field).sort()).toEqual([
      'hostname',
      'image',
      'replicas',
    ]);
  });

  it('never repeats a secret value in an error', () => {
    const secret = 'short-but-very-secret';
    const error = issuesOf(r => {
      r.secrets.backendSecret = secret;
      r.secrets.githubAppPrivateKey = secret;
      r.secrets.authSessionSecret = ` ${secret}-padding-padding-padding`;
    });
    expect(error.issues.length).toBeGreaterThanOrEqual(3);
    expect(error.message).not.toContain(secret);
  });

  it('renders nothing for a bad request', async () => {
    const keys = makeSealingKeys();
    await expect(
      renderPortalDeployment(validPortalRequest({ replicas: 1 }), {
        layout: DEFAULT_GITOPS_LAYOUT,
        sealingCertificatePem: keys.certificatePem,
      }),
    ).rejects.toThrow(RequestValidationError);
  });
});

describe('quantities and image references', () => {
  it.each([
    ['250m', 250],
    ['2', 2000],
    ['0.5', 500],
    ['1.25', 1250],
  ])('reads CPU %s as %d millicores', (value, millicores) => {
    expect(cpuMillicores(value)).toBe(millicores);
  });

  it.each([
    ['768Mi', 768 * 2 ** 20],
    ['2Gi', 2 * 2 ** 30],
    ['1G', 1e9],
  ])('reads memory %s as %d bytes', (value, bytes) => {
    expect(memoryBytes(value)).toBe(bytes);
  });

  it.each([
    'ghcr.io/proficientnow/platform-portal:1.4.0',
    'registry.example.org:5000/portal/backend:2025.11.3-rc.1',
    `ghcr.io/proficientnow/platform-portal@sha256:${'a'.repeat(64)}`,
    `ghcr.io/proficientnow/platform-portal:1.4.0@sha256:${'b'.repeat(64)}`,
    'platform-portal:1.0.0',
  ])('accepts the image %s', image => {
    expect(imageReference(image)).toBeUndefined();
  });
});
