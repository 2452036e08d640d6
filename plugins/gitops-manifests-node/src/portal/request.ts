import { RefinementCtx, ZodObject, ZodRawShape, ZodTypeAny } from 'zod/v3';
import {
  dns1123Label,
  groupRef,
  integerInRange,
  oneOf,
  safeSingleLine,
  subjectAltName,
} from '../requests/fieldRules';
import {
  always,
  parseRequest,
  refineWith,
  requestZod,
  worded,
  Zod,
} from '../requests/requestSchema';

/** CPU and memory as Kubernetes quantities, e.g. `{ cpu: '250m', memory: '768Mi' }`. */
export interface PortalResourceQuantities {
  cpu: string;
  memory: string;
}

/** The portal's own PostgreSQL: a CloudNativePG cluster next to it, or a database that exists already. */
export type PortalDatabase =
  | {
      mode: 'cloudnative-pg';
      /** PostgreSQL instances (one primary, the rest streaming replicas). */
      instances: number;
      /** StorageClass of the instances' volumes, e.g. `ceph-rbd`. */
      storageClass: string;
      /** Volume size per instance, e.g. `20Gi`. */
      size: string;
    }
  | {
      mode: 'existing';
      host: string;
      /** Default 5432. */
      port?: number;
      /** The database the portal keeps one schema per plugin in. */
      database: string;
      user: string;
      /**
       * A Secret that already exists in the portal's namespace and holds the
       * password. Without it, `secrets.postgresPassword` is sealed instead.
       */
      passwordSecret?: { name: string; key: string };
    };

/** GitHub access: a GitHub App (preferred) or a personal token. */
export type PortalGitHub =
  | { mode: 'app'; appId: number; clientId: string }
  | { mode: 'token' };

/**
 * Secret values. They are sealed against the sealed-secrets controller's
 * certificate and never written anywhere in clear; errors about them name
 * the field, never the value.
 */
export interface PortalSecrets {
  /** Key of service-to-service tokens (`backend.auth.keys`), at least 32 characters. */
  backendSecret: string;
  /** Secret of the sign-in session cookie (`auth.session.secret`), at least 32 characters. */
  authSessionSecret: string;
  /** Client secret of the portal's OIDC provider in Authentik. */
  oidcClientSecret: string;
  /** github.mode token: a personal access token. */
  githubToken?: string;
  /** github.mode app: the App's private key (PEM). */
  githubAppPrivateKey?: string;
  /** github.mode app: the App's client secret. */
  githubAppClientSecret?: string;
  /** github.mode app: the App's webhook secret, when webhooks are used. */
  githubAppWebhookSecret?: string;
  /** database.mode existing without passwordSecret: the database user's password. */
  postgresPassword?: string;
}

/** A request to deploy the portal itself onto the platform cluster. */
export interface PortalDeploymentRequest {
  /** Public host name of the portal, e.g. `portal.platform.proficientnow.io`. */
  hostname: string;
  /** Backend image with a tag or a digest, e.g. `ghcr.io/proficientnow/platform-portal:1.4.0`. */
  image: string;
  /** Backend replicas; default 2, at least 2. */
  replicas?: number;
  resources?: {
    requests?: Partial<PortalResourceQuantities>;
    limits?: Partial<PortalResourceQuantities>;
  };
  /** The cert-manager issuer of the TLS certificate; kind defaults to ClusterIssuer. */
  certificateIssuer: { name: string; kind?: 'ClusterIssuer' | 'Issuer' };
  /** IngressClass; default `nginx` (the platform's ingress-nginx). */
  ingressClassName?: string;
  /** Namespace; default `platform-portal`. */
  namespace?: string;
  /** Owner group; default `group:default/platform-engineers`. */
  owner?: string;
  database: PortalDatabase;
  /** Sign-in through the platform's OIDC provider (Authentik). */
  oidc: { metadataUrl: string; clientId: string };
  github: PortalGitHub;
  secrets: PortalSecrets;
}

/** A request checked and completed with the defaults. */
export interface ResolvedPortalDeployment {
  hostname: string;
  image: string;
  replicas: number;
  resources: {
    requests: PortalResourceQuantities;
    limits: PortalResourceQuantities;
  };
  certificateIssuer: { name: string; kind: 'ClusterIssuer' | 'Issuer' };
  ingressClassName: string;
  namespace: string;
  owner: string;
  database:
    | Extract<PortalDatabase, { mode: 'cloudnative-pg' }>
    | (Omit<Extract<PortalDatabase, { mode: 'existing' }>, 'port'> & {
        port: number;
      });
  oidc: { metadataUrl: string; clientId: string };
  github: PortalGitHub;
  secrets: PortalSecrets;
}

export const PORTAL_DEFAULTS = {
  replicas: 2,
  namespace: 'platform-portal',
  ingressClassName: 'nginx',
  owner: 'group:default/platform-engineers',
  resources: {
    requests: { cpu: '250m', memory: '768Mi' },
    limits: { cpu: '2', memory: '1536Mi' },
  },
} as const;

export const MIN_PORTAL_REPLICAS = 2;
export const MAX_PORTAL_REPLICAS = 20;
const MIN_KEY_LENGTH = 32;

// Docker's reference grammar (distribution/reference), without the
// upper-case-free check of the domain: [domain[:port]/]path[:tag][@digest]
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d{1,5})?)';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/** An image reference that pins what runs: a tag other than `latest`, or a sha256 digest. */
export function imageReference(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (value.length > 512) return 'must be at most 512 characters';
  const match = IMAGE_REFERENCE.exec(value);
  if (!match) {
    return 'must be an image reference like ghcr.io/org/platform-portal:1.4.0 or ...@sha256:<64 hex digits>';
  }
  const [, tag, digest] = match;
  if (!tag && !digest) {
    return 'must name a tag or a digest (an image without one means :latest, which changes under a running Deployment)';
  }
  if (tag === 'latest' && !digest) {
    return 'must not use the tag latest: pin a version tag or a digest so every replica runs the same image';
  }
  return undefined;
}

/** A public DNS host name with at least two labels (no IP address, no wildcard). */
export function hostName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(value) || !value.includes('.')) {
    return 'must be a DNS name like portal.example.org (certificates are issued for names, not addresses)';
  }
  return subjectAltName(value);
}

const CPU = /^(\d+(\.\d{1,3})?|\d+m)$/;
const MEMORY = /^\d+(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_FACTORS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A CPU quantity in millicores, or undefined when it is not one. */
export function cpuMillicores(value: unknown): number | undefined {
  if (typeof value !== 'string' || !CPU.test(value)) return undefined;
  return value.endsWith('m')
    ? Number(value.slice(0, -1))
    : Math.round(Number(value) * 1000);
}

/** A memory quantity in bytes, or undefined when it is not one. */
export function memoryBytes(value: unknown): number | undefined {
  if (typeof value !== 'string' || !MEMORY.test(value)) return undefined;
  const [, digits, unit] = /^(\d+)(\D*)$/.exec(value)!;
  return Number(digits) * MEMORY_FACTORS[unit];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// the pattern of the template's host name field; hostName adds what a
// pattern cannot say (no address, labels of at most 63 characters)
const HOST_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const VOLUME_SIZE = /^\d+(Mi|Gi|Ti)$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const POSTGRES_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const GITHUB_CLIENT_ID = /^[A-Za-z0-9._-]{4,100}$/;

export const PORTAL_DATABASE_MODES = ['cloudnative-pg', 'existing'] as const;
export const PORTAL_GITHUB_MODES = ['app', 'token'] as const;
const ISSUER_KINDS = ['ClusterIssuer', 'Issuer'] as const;

/** Every secret the portal seals, by its key in `secrets`. */
export const PORTAL_SECRET_KEYS: ReadonlyArray<keyof PortalSecrets> = [
  'backendSecret',
  'authSessionSecret',
  'oidcClientSecret',
  'githubToken',
  'githubAppPrivateKey',
  'githubAppClientSecret',
  'githubAppWebhookSecret',
  'postgresPassword',
];

/**
 * The secrets each GitHub mode uses; a secret of the other mode must not be
 * set. The webhook secret is the only optional one.
 */
export const PORTAL_GITHUB_SECRETS: Record<
  PortalGitHub['mode'],
  ReadonlyArray<keyof PortalSecrets>
> = {
  app: [
    'githubAppPrivateKey',
    'githubAppClientSecret',
    'githubAppWebhookSecret',
  ],
  token: ['githubToken'],
};

/** A Kubernetes name that may contain dots (Secrets, StorageClasses, issuers). */
function dns1123Subdomain(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (value.length > 253) return 'must be at most 253 characters';
  return DNS_SUBDOMAIN.test(value)
    ? undefined
    : 'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
}

/** A PostgreSQL identifier the portal can use unquoted. */
function postgresIdentifier(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  return POSTGRES_IDENTIFIER.test(value)
    ? undefined
    : 'must be a PostgreSQL name: lowercase letters, digits and "_", starting with a letter or "_", at most 63 characters';
}

/**
 * A secret value. The rule never repeats the value: it ends up in scaffolder
 * logs and error pages.
 */
function secretValue(value: unknown, minLength = 1): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return 'is required and must be a string';
  }
  if (value.length < minLength) {
    return `must be at least ${minLength} characters (generate one with: openssl rand -base64 48)`;
  }
  if (value.length > 16384) return 'must be at most 16384 characters';
  if (/\0/.test(value)) return 'must not contain NUL characters';
  if (value !== value.trim()) {
    return 'must not start or end with whitespace (a pasted newline would become part of the secret)';
  }
  return undefined;
}

function pemPrivateKey(value: unknown): string | undefined {
  const problem = secretValue(value);
  if (problem) return problem;
  return /^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA )?PRIVATE KEY-----$/.test(
    value as string,
  )
    ? undefined
    : 'must be the GitHub App private key in PEM, from "-----BEGIN RSA PRIVATE KEY-----" to "-----END RSA PRIVATE KEY-----"';
}

function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (/[\s\0]/.test(value)) return 'must not contain whitespace';
  try {
    const url = new URL(value);
    // the scheme as written, not as URL lower-cases it: the form's pattern is ^https://
    return value.startsWith('https://') && !url.username && !url.password
      ? undefined
      : 'must be an https:// URL without credentials';
  } catch {
    return 'must be an absolute https:// URL';
  }
}

function replicasRule(value: unknown): string | undefined {
  const problem = integerInRange(
    value,
    MIN_PORTAL_REPLICAS,
    MAX_PORTAL_REPLICAS,
  );
  return (
    problem &&
    `${problem}; the portal runs at least ${MIN_PORTAL_REPLICAS} replicas so a node drain or a rollout never takes it down`
  );
}

function cpuQuantity(value: unknown): string | undefined {
  return (cpuMillicores(value) ?? 0) > 0
    ? undefined
    : 'must be a positive CPU quantity like 250m, 0.5 or 2';
}

function memoryQuantity(value: unknown): string | undefined {
  return (memoryBytes(value) ?? 0) >= 256 * 2 ** 20
    ? undefined
    : 'must be a memory quantity of at least 256Mi, like 768Mi or 2Gi';
}

function volumeSize(value: unknown): string | undefined {
  return typeof value === 'string' &&
    VOLUME_SIZE.test(value) &&
    memoryBytes(value)! >= 2 ** 30
    ? undefined
    : 'must be a volume size of at least 1Gi, like 20Gi';
}

function secretKeyName(value: unknown): string | undefined {
  return typeof value === 'string' && SECRET_KEY.test(value)
    ? undefined
    : 'must be a Secret key: letters, digits, "-", "_" and "."';
}

function oidcClientId(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? safeSingleLine(value, 200)
    : 'is required';
}

function githubAppId(value: unknown): string | undefined {
  return integerInRange(value, 1, Number.MAX_SAFE_INTEGER);
}

function githubClientId(value: unknown): string | undefined {
  return typeof value === 'string' && GITHUB_CLIENT_ID.test(value)
    ? undefined
    : 'must be the GitHub App client id, like Iv23liABCDEF123456';
}

/**
 * The catchall that refuses every key an object does not name, each by its
 * own path (zod's strict() reports the object instead). A bare z.never()
 * catchall is read as "strip", so it is wrapped; the JSON schema still
 * allows no other property.
 */
function noOtherKeys(z: Zod, message: string) {
  return z.never(always(message)).superRefine(() => undefined);
}

/** What a field's rule says of a value that is left out. */
function missingMessage(field: ZodTypeAny): string {
  const result = field.safeParse(undefined);
  return result.success ? 'is required' : result.error.issues[0].message;
}

/** Names each of `fields` the value lacks, with the field's own rule. */
function requireFields(
  ctx: RefinementCtx,
  value: Record<string, unknown>,
  fields: Record<string, ZodTypeAny>,
  path: string[] = [],
): void {
  for (const [name, field] of Object.entries(fields))
    if (value[name] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [...path, name],
        message: missingMessage(field),
      });
}

/**
 * The rules of each portal deployment request field, written once: the
 * scaffolder action's input schema (`gitops:portal:render`, everything but
 * the secrets) and the request schema the generator checks are both made of
 * these. Every failure reads as the field's rule.
 *
 * Bounds, enums and defaults are typed checks, so the JSON schema the
 * scaffolder derives carries them. A field the portal template's form feeds
 * carries a pattern only when the form has the same one (the scaffolder
 * module's templates test holds the two together); what a pattern there
 * cannot say is a refinement.
 */
export function portalDeploymentFields(z: Zod) {
  const subdomain = () =>
    z
      .string(worded(dns1123Subdomain))
      .min(1)
      .superRefine(refineWith(dns1123Subdomain));
  const quantities = (defaults: PortalResourceQuantities) =>
    z
      .object(
        {
          cpu: z
            .string(worded(cpuQuantity))
            .regex(CPU)
            .superRefine(refineWith(cpuQuantity))
            .default(defaults.cpu)
            .describe(`CPU, e.g. 250m or 2; default ${defaults.cpu}`),
          memory: z
            .string(worded(memoryQuantity))
            .regex(MEMORY)
            .superRefine(refineWith(memoryQuantity))
            .default(defaults.memory)
            .describe(
              `Memory, at least 256Mi, e.g. 768Mi or 2Gi; default ${defaults.memory}`,
            ),
        },
        always('must be an object with cpu and memory'),
      )
      .catchall(
        noOtherKeys(z, 'is not a resource the portal sets (cpu, memory)'),
      )
      .default({});

  // the fields of a database or GitHub mode: optional in their object (a
  // given one is always checked), required by the mode's refinement below
  const database = {
    instances: z
      .number(worded(v => integerInRange(v, 1, 9)))
      .int()
      .min(1)
      .max(9),
    storageClass: subdomain(),
    size: z
      .string(worded(volumeSize))
      .regex(VOLUME_SIZE)
      .superRefine(refineWith(volumeSize)),
    host: z
      .string(worded(subjectAltName))
      .min(1)
      .superRefine(refineWith(subjectAltName)),
    database: z
      .string(worded(postgresIdentifier))
      .min(1)
      .superRefine(refineWith(postgresIdentifier)),
    user: z
      .string(worded(postgresIdentifier))
      .min(1)
      .superRefine(refineWith(postgresIdentifier)),
  };
  const passwordSecret = {
    name: subdomain(),
    key: z.string(worded(secretKeyName)).regex(SECRET_KEY),
  };
  const github = {
    appId: z
      .number(worded(githubAppId))
      .int()
      .min(1)
      .superRefine(refineWith(githubAppId)),
    clientId: z
      .string(worded(githubClientId))
      .superRefine(refineWith(githubClientId)),
  };
  const { requests: requestsDefault, limits: limitsDefault } =
    PORTAL_DEFAULTS.resources;
  // a secret is optional here: which ones a request needs depends on its modes (portalSecretRules)
  const secret = (rule: (value: unknown) => string | undefined) =>
    z.string(worded(rule)).superRefine(refineWith(rule)).optional();

  return {
    hostname: z
      .string(worded(hostName))
      .min(1)
      .regex(HOST_NAME)
      .superRefine(refineWith(hostName))
      .describe(
        'Public DNS name of the portal, e.g. portal.platform.proficientnow.io; cert-manager issues its certificate',
      ),
    image: z
      .string(worded(imageReference))
      .min(1)
      .superRefine(refineWith(imageReference))
      .describe(
        'Backend image pinned by a version tag or a sha256 digest, never latest, e.g. ghcr.io/proficientnow/platform-portal:1.4.0',
      ),
    replicas: z
      .number(worded(replicasRule))
      .int()
      .min(MIN_PORTAL_REPLICAS)
      .max(MAX_PORTAL_REPLICAS)
      .default(PORTAL_DEFAULTS.replicas)
      .describe(
        `Backend replicas, ${MIN_PORTAL_REPLICAS} to ${MAX_PORTAL_REPLICAS}: at least two, so a node drain or a rollout never takes the portal down; default ${PORTAL_DEFAULTS.replicas}`,
      ),
    resources: z
      .object(
        {
          requests: quantities(requestsDefault).describe(
            'What the scheduler reserves per replica',
          ),
          limits: quantities(limitsDefault).describe(
            'The most a replica may use; at least the requests',
          ),
        },
        always('must be an object with requests and limits'),
      )
      .superRefine((resources, ctx) => {
        const { requests, limits } = resources;
        // only quantities that are valid themselves are compared
        const exceeds = (
          key: 'cpu' | 'memory',
          amount: (value: unknown) => number | undefined,
          rule: (value: unknown) => string | undefined,
        ) => {
          if (rule(requests[key]) || rule(limits[key])) return;
          if (amount(requests[key])! > amount(limits[key])!)
            ctx.addIssue({
              code: 'custom',
              path: ['requests', key],
              message: `must not exceed resources.limits.${key} (${limits[key]})`,
            });
        };
        exceeds('cpu', cpuMillicores, cpuQuantity);
        exceeds('memory', memoryBytes, memoryQuantity);
      })
      .default({})
      .describe(
        `CPU and memory per replica; default requests ${requestsDefault.cpu} and ${requestsDefault.memory}, limits ${limitsDefault.cpu} and ${limitsDefault.memory}`,
      ),
    certificateIssuer: z
      .object(
        {
          name: subdomain().describe(
            'Name of the cert-manager issuer, e.g. letsencrypt-production',
          ),
          kind: z
            .enum(
              ISSUER_KINDS,
              worded(v => oneOf(v, ISSUER_KINDS)),
            )
            .default('ClusterIssuer')
            .describe('ClusterIssuer (default) or Issuer'),
        },
        always(
          'is required: { name } of the cert-manager ClusterIssuer (or { name, kind: Issuer }) that issues the TLS certificate',
        ),
      )
      .describe('The cert-manager issuer of the TLS certificate'),
    ingressClassName: subdomain()
      .default(PORTAL_DEFAULTS.ingressClassName)
      .describe('IngressClass; default nginx (the platform ingress-nginx)'),
    namespace: z
      .string(worded(v => dns1123Label(v, 40)))
      .min(1)
      .max(40)
      .regex(DNS_LABEL)
      .default(PORTAL_DEFAULTS.namespace)
      .describe(
        'Namespace: a DNS-1123 label of at most 40 characters; default platform-portal',
      ),
    owner: z
      .string(worded(groupRef))
      .superRefine(refineWith(groupRef))
      .default(PORTAL_DEFAULTS.owner)
      .describe('Owner group; default group:default/platform-engineers'),
    database: z
      .object(
        {
          mode: z
            .enum(
              PORTAL_DATABASE_MODES,
              worded(v => oneOf(v, PORTAL_DATABASE_MODES)),
            )
            .describe(
              'cloudnative-pg (a CloudNativePG cluster next to the portal) or existing (a PostgreSQL that runs already)',
            ),
          instances: database.instances
            .optional()
            .describe(
              'cloudnative-pg, required: PostgreSQL instances, 1 to 9 (one primary, the rest streaming replicas)',
            ),
          storageClass: database.storageClass
            .optional()
            .describe(
              'cloudnative-pg, required: StorageClass of the volumes, e.g. ceph-rbd',
            ),
          size: database.size
            .optional()
            .describe(
              'cloudnative-pg, required: volume size per instance, at least 1Gi, e.g. 20Gi',
            ),
          host: database.host
            .optional()
            .describe('existing, required: host name or IPv4 address'),
          port: z
            .number(worded(v => integerInRange(v, 1, 65535)))
            .int()
            .min(1)
            .max(65535)
            .default(5432)
            .describe('existing: port; default 5432'),
          database: database.database
            .optional()
            .describe(
              'existing, required: the database the portal keeps one schema per plugin in (a PostgreSQL name)',
            ),
          user: database.user
            .optional()
            .describe('existing, required: the user (a PostgreSQL name)'),
          passwordSecret: z
            .object(
              {
                name: passwordSecret.name
                  .optional()
                  .describe('Name of the Secret'),
                key: passwordSecret.key
                  .optional()
                  .describe('Key of the password in the Secret'),
              },
              always(
                'must be { name, key } of a Secret in the portal namespace',
              ),
            )
            .optional()
            .describe(
              'existing: a Secret in the portal namespace that holds the password; without it the postgresPassword secret is sealed',
            ),
        },
        always(
          'is required: { mode: cloudnative-pg, instances, storageClass, size } or { mode: existing, host, port, database, user }',
        ),
      )
      .superRefine((value, ctx) => {
        // a form keeps the fields of the mode it no longer shows: only the chosen mode's are required
        if (value.mode === 'cloudnative-pg') {
          const { instances, storageClass, size } = database;
          requireFields(ctx, value, { instances, storageClass, size });
          return;
        }
        const { host, database: name, user } = database;
        requireFields(ctx, value, { host, database: name, user });
        if (value.passwordSecret)
          requireFields(ctx, value.passwordSecret, passwordSecret, [
            'passwordSecret',
          ]);
      })
      .describe("The portal's PostgreSQL"),
    oidc: z
      .object(
        {
          metadataUrl: z
            .string(worded(httpsUrl))
            .regex(/^https:\/\//)
            .superRefine(refineWith(httpsUrl))
            .describe(
              "OIDC discovery URL (https://) of the portal's provider in Authentik",
            ),
          clientId: z
            .string(worded(oidcClientId))
            .min(1)
            .superRefine(refineWith(oidcClientId))
            .describe('OIDC client id'),
        },
        always(
          "is required: { metadataUrl, clientId } of the portal's OIDC provider in Authentik",
        ),
      )
      .describe('Sign-in through Authentik (OIDC)'),
    github: z
      .object(
        {
          mode: z
            .enum(
              PORTAL_GITHUB_MODES,
              worded(v => oneOf(v, PORTAL_GITHUB_MODES)),
            )
            .describe(
              'app (a GitHub App, preferred) or token (a personal access token)',
            ),
          appId: github.appId
            .optional()
            .describe('app, required: the App id, a whole number'),
          clientId: github.clientId
            .optional()
            .describe(
              'app, required: the App client id, e.g. Iv23liABCDEF123456',
            ),
        },
        always(
          'is required: { mode: app, appId, clientId } or { mode: token }',
        ),
      )
      .superRefine((value, ctx) => {
        if (value.mode === 'app') requireFields(ctx, value, github);
      })
      .describe('How the portal talks to GitHub'),
    secrets: z
      .object(
        {
          backendSecret: secret(v => secretValue(v, MIN_KEY_LENGTH)),
          authSessionSecret: secret(v => secretValue(v, MIN_KEY_LENGTH)),
          oidcClientSecret: secret(secretValue),
          githubToken: secret(v => secretValue(v, 20)),
          githubAppPrivateKey: secret(pemPrivateKey),
          githubAppClientSecret: secret(secretValue),
          githubAppWebhookSecret: secret(secretValue),
          postgresPassword: secret(secretValue),
        },
        always(
          'is required: the secret values to seal (backendSecret, authSessionSecret, oidcClientSecret, ...)',
        ),
      )
      .catchall(
        noOtherKeys(
          z,
          `is not a secret the portal uses (${PORTAL_SECRET_KEYS.join(', ')})`,
        ),
      )
      .describe(
        'Secret values to seal; never written in clear, and errors name the field, never the value',
      ),
  };
}

/** What the secret rules read of a request: its modes and its secrets. */
interface PortalModes {
  database: { mode: PortalDatabase['mode']; passwordSecret?: unknown };
  github: { mode: PortalGitHub['mode'] };
  secrets: Partial<Record<keyof PortalSecrets, string>>;
}

/**
 * Which secrets a request needs, by its modes: the portal's own keys always;
 * the chosen GitHub mode's secrets, and none of the other's; the database
 * password only for an existing database whose password no Secret holds.
 */
function portalSecretRules(
  secretFields: ReturnType<typeof portalDeploymentFields>['secrets']['shape'],
) {
  return ({ database, github, secrets }: PortalModes, ctx: RefinementCtx) => {
    const issue = (key: keyof PortalSecrets, message: string) =>
      ctx.addIssue({ code: 'custom', path: ['secrets', key], message });
    const needs = (key: keyof PortalSecrets) => {
      // the field's own rule, for a value that is left out
      if (secrets[key] === undefined)
        issue(key, missingMessage(secretFields[key].unwrap()));
    };
    needs('backendSecret');
    needs('authSessionSecret');
    needs('oidcClientSecret');

    for (const mode of PORTAL_GITHUB_MODES)
      for (const key of PORTAL_GITHUB_SECRETS[mode])
        if (mode !== github.mode && secrets[key] !== undefined)
          issue(key, `must not be set with github.mode ${github.mode}`);
    if (github.mode === 'token') needs('githubToken');
    else {
      needs('githubAppPrivateKey');
      needs('githubAppClientSecret');
    }

    if (secrets.postgresPassword === undefined) {
      if (database.mode === 'existing' && database.passwordSecret === undefined)
        issue(
          'postgresPassword',
          'is required with database.mode existing unless database.passwordSecret names a Secret that holds it',
        );
    } else if (database.mode === 'cloudnative-pg')
      issue(
        'postgresPassword',
        'must not be set with database.mode cloudnative-pg: CloudNativePG generates the password and keeps it in its own Secret',
      );
    else if (database.passwordSecret !== undefined)
      issue(
        'postgresPassword',
        'must not be set together with database.passwordSecret: give the password one way',
      );
  };
}

/**
 * A portal request schema over the given settings (made of
 * portalDeploymentFields, with `database` and `github`): the settings with
 * the secrets, and the rules that tie the secrets to the chosen modes. The
 * request schema is the request's own settings with them; the scaffolder
 * action checks its input (the form's fields) with the task's secrets
 * through it, so one run names every problem by the form's field.
 */
export function withPortalSecrets<T extends ZodRawShape>(
  z: Zod,
  settings: ZodObject<T>,
) {
  const { secrets } = portalDeploymentFields(z);
  const rules = portalSecretRules(secrets.shape);
  return settings
    .extend({ secrets })
    .superRefine((request, ctx) =>
      rules(request as unknown as PortalModes, ctx),
    );
}

/**
 * The portal deployment request schema: the fields above as the generator
 * takes them, each database and GitHub mode requiring its own fields, and
 * the secrets each mode needs.
 */
export function portalDeploymentRequestSchema(z: Zod) {
  return withPortalSecrets(
    z,
    z.object(portalSettingsShape(z), always('must be an object')),
  );
}

/** The request's settings (everything but the secrets), field by field: also the action's input. */
export function portalSettingsShape(z: Zod) {
  const f = portalDeploymentFields(z);
  return {
    hostname: f.hostname,
    image: f.image,
    replicas: f.replicas,
    resources: f.resources,
    certificateIssuer: f.certificateIssuer,
    ingressClassName: f.ingressClassName,
    namespace: f.namespace,
    owner: f.owner,
    database: f.database,
    oidc: f.oidc,
    github: f.github,
  };
}

/**
 * Checks a portal deployment request field by field and fills in the
 * defaults. Throws a RequestValidationError naming every bad field and the
 * rule it breaks; nothing is rendered for a bad request.
 */
export function resolvePortalDeploymentRequest(
  request: PortalDeploymentRequest,
): ResolvedPortalDeployment {
  const checked = parseRequest(
    portalDeploymentRequestSchema(requestZod),
    request,
  );
  const { database: db, github } = checked;
  // the schema requires each mode's fields; only the chosen mode's are kept
  const database: ResolvedPortalDeployment['database'] =
    db.mode === 'cloudnative-pg'
      ? {
          mode: db.mode,
          instances: db.instances!,
          storageClass: db.storageClass!,
          size: db.size!,
        }
      : {
          mode: db.mode,
          host: db.host!,
          port: db.port,
          database: db.database!,
          user: db.user!,
          ...(db.passwordSecret
            ? {
                passwordSecret: {
                  name: db.passwordSecret.name!,
                  key: db.passwordSecret.key!,
                },
              }
            : {}),
        };
  return {
    hostname: checked.hostname,
    image: checked.image,
    replicas: checked.replicas,
    resources: {
      requests: { ...checked.resources.requests },
      limits: { ...checked.resources.limits },
    },
    certificateIssuer: { ...checked.certificateIssuer },
    ingressClassName: checked.ingressClassName,
    namespace: checked.namespace,
    owner: checked.owner,
    database,
    oidc: {
      metadataUrl: checked.oidc.metadataUrl,
      clientId: checked.oidc.clientId,
    },
    github:
      github.mode === 'token'
        ? { mode: 'token' }
        : { mode: 'app', appId: github.appId!, clientId: github.clientId! },
    secrets: checked.secrets as PortalSecrets,
  };
}
