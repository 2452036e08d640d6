import {
  dns1123Label,
  groupRef,
  integerInRange,
  oneOf,
  safeSingleLine,
  subjectAltName,
} from '../requests/fieldRules';
import { IssueCollector } from '../requests/RequestValidationError';

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

/** A Kubernetes name that may contain dots (Secrets, StorageClasses, issuers). */
function dns1123Subdomain(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (value.length > 253) return 'must be at most 253 characters';
  return value
    .split('.')
    .every(label => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label))
    ? undefined
    : 'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
}

/** A PostgreSQL identifier the portal can use unquoted. */
function postgresIdentifier(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  return /^[a-z_][a-z0-9_]{0,62}$/.test(value)
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
    return url.protocol === 'https:' && !url.username && !url.password
      ? undefined
      : 'must be an https:// URL without credentials';
  } catch {
    return 'must be an absolute https:// URL';
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkResources(
  value: unknown,
  issues: IssueCollector,
): ResolvedPortalDeployment['resources'] {
  const defaults = PORTAL_DEFAULTS.resources;
  const resolved = {
    requests: { ...defaults.requests },
    limits: { ...defaults.limits },
  };
  if (value === undefined) return resolved;
  if (!isObject(value)) {
    issues.add('resources', 'must be an object with requests and limits');
    return resolved;
  }
  for (const kind of ['requests', 'limits'] as const) {
    const given = value[kind];
    if (given === undefined) continue;
    if (!isObject(given)) {
      issues.add(`resources.${kind}`, 'must be an object with cpu and memory');
      continue;
    }
    for (const key of Object.keys(given)) {
      if (key !== 'cpu' && key !== 'memory') {
        issues.add(
          `resources.${kind}.${key}`,
          'is not a resource the portal sets (cpu, memory)',
        );
      }
    }
    if (given.cpu !== undefined) {
      if (
        cpuMillicores(given.cpu) === undefined ||
        cpuMillicores(given.cpu) === 0
      ) {
        issues.add(
          `resources.${kind}.cpu`,
          'must be a positive CPU quantity like 250m, 0.5 or 2',
        );
      } else resolved[kind].cpu = given.cpu;
    }
    if (given.memory !== undefined) {
      const bytes = memoryBytes(given.memory);
      if (bytes === undefined || bytes < 256 * 2 ** 20) {
        issues.add(
          `resources.${kind}.memory`,
          'must be a memory quantity of at least 256Mi, like 768Mi or 2Gi',
        );
      } else resolved[kind].memory = given.memory;
    }
  }
  if (
    cpuMillicores(resolved.requests.cpu)! > cpuMillicores(resolved.limits.cpu)!
  ) {
    issues.add(
      'resources.requests.cpu',
      `must not exceed resources.limits.cpu (${resolved.limits.cpu})`,
    );
  }
  if (
    memoryBytes(resolved.requests.memory)! >
    memoryBytes(resolved.limits.memory)!
  ) {
    issues.add(
      'resources.requests.memory',
      `must not exceed resources.limits.memory (${resolved.limits.memory})`,
    );
  }
  return resolved;
}

function checkDatabase(
  value: unknown,
  secrets: Record<string, unknown>,
  issues: IssueCollector,
): ResolvedPortalDeployment['database'] | undefined {
  if (!isObject(value)) {
    issues.add(
      'database',
      'is required: { mode: cloudnative-pg, instances, storageClass, size } or { mode: existing, host, port, database, user }',
    );
    return undefined;
  }
  if (
    !issues.check(
      'database.mode',
      oneOf(value.mode, ['cloudnative-pg', 'existing']),
    )
  ) {
    return undefined;
  }
  if (value.mode === 'cloudnative-pg') {
    issues.check('database.instances', integerInRange(value.instances, 1, 9));
    issues.check('database.storageClass', dns1123Subdomain(value.storageClass));
    const bytes = memoryBytes(value.size);
    if (
      bytes === undefined ||
      !/(Mi|Gi|Ti)$/.test(String(value.size)) ||
      bytes < 2 ** 30
    ) {
      issues.add(
        'database.size',
        'must be a volume size of at least 1Gi, like 20Gi',
      );
    }
    if (secrets.postgresPassword !== undefined) {
      issues.add(
        'secrets.postgresPassword',
        'must not be set with database.mode cloudnative-pg: CloudNativePG generates the password and keeps it in its own Secret',
      );
    }
    return {
      mode: 'cloudnative-pg',
      instances: value.instances,
      storageClass: value.storageClass,
      size: value.size,
    };
  }
  const host = value.host;
  issues.check('database.host', subjectAltName(host));
  const port = value.port ?? 5432;
  issues.check('database.port', integerInRange(port, 1, 65535));
  issues.check('database.database', postgresIdentifier(value.database));
  issues.check('database.user', postgresIdentifier(value.user));
  if (value.passwordSecret !== undefined) {
    if (!isObject(value.passwordSecret)) {
      issues.add(
        'database.passwordSecret',
        'must be { name, key } of a Secret in the portal namespace',
      );
    } else {
      issues.check(
        'database.passwordSecret.name',
        dns1123Subdomain(value.passwordSecret.name),
      );
      const key = value.passwordSecret.key;
      issues.check(
        'database.passwordSecret.key',
        typeof key === 'string' && /^[-._a-zA-Z0-9]{1,253}$/.test(key)
          ? undefined
          : 'must be a Secret key: letters, digits, "-", "_" and "."',
      );
    }
    if (secrets.postgresPassword !== undefined) {
      issues.add(
        'secrets.postgresPassword',
        'must not be set together with database.passwordSecret: give the password one way',
      );
    }
  } else {
    issues.check(
      'secrets.postgresPassword',
      secrets.postgresPassword === undefined
        ? 'is required with database.mode existing unless database.passwordSecret names a Secret that holds it'
        : secretValue(secrets.postgresPassword),
    );
  }
  return {
    mode: 'existing',
    host,
    port,
    database: value.database,
    user: value.user,
    ...(value.passwordSecret !== undefined
      ? { passwordSecret: value.passwordSecret }
      : {}),
  };
}

function checkGitHub(
  value: unknown,
  secrets: Record<string, unknown>,
  issues: IssueCollector,
): PortalGitHub | undefined {
  if (!isObject(value)) {
    issues.add(
      'github',
      'is required: { mode: app, appId, clientId } or { mode: token }',
    );
    return undefined;
  }
  if (!issues.check('github.mode', oneOf(value.mode, ['app', 'token']))) {
    return undefined;
  }
  const appSecrets = [
    'githubAppPrivateKey',
    'githubAppClientSecret',
    'githubAppWebhookSecret',
  ];
  if (value.mode === 'token') {
    issues.check('secrets.githubToken', secretValue(secrets.githubToken, 20));
    for (const key of appSecrets) {
      if (secrets[key] !== undefined) {
        issues.add(`secrets.${key}`, 'must not be set with github.mode token');
      }
    }
    return { mode: 'token' };
  }
  issues.check(
    'github.appId',
    integerInRange(value.appId, 1, Number.MAX_SAFE_INTEGER),
  );
  issues.check(
    'github.clientId',
    typeof value.clientId === 'string' &&
      /^[A-Za-z0-9._-]{4,100}$/.test(value.clientId)
      ? undefined
      : 'must be the GitHub App client id, like Iv23liABCDEF123456',
  );
  issues.check(
    'secrets.githubAppPrivateKey',
    pemPrivateKey(secrets.githubAppPrivateKey),
  );
  issues.check(
    'secrets.githubAppClientSecret',
    secretValue(secrets.githubAppClientSecret),
  );
  if (secrets.githubAppWebhookSecret !== undefined) {
    issues.check(
      'secrets.githubAppWebhookSecret',
      secretValue(secrets.githubAppWebhookSecret),
    );
  }
  if (secrets.githubToken !== undefined) {
    issues.add('secrets.githubToken', 'must not be set with github.mode app');
  }
  return { mode: 'app', appId: value.appId, clientId: value.clientId };
}

const SECRET_KEYS: ReadonlyArray<keyof PortalSecrets> = [
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
 * Checks a portal deployment request field by field and fills in the
 * defaults. Throws a RequestValidationError naming every bad field and the
 * rule it breaks; nothing is rendered for a bad request.
 */
export function resolvePortalDeploymentRequest(
  request: PortalDeploymentRequest,
): ResolvedPortalDeployment {
  const issues = new IssueCollector();
  if (!isObject(request)) {
    issues.add('request', 'must be an object');
    issues.throwIfAny();
  }
  const r = request as unknown as Record<string, any>;
  issues.check('hostname', hostName(r.hostname));
  issues.check('image', imageReference(r.image));
  const replicas = r.replicas ?? PORTAL_DEFAULTS.replicas;
  const replicasProblem = integerInRange(
    replicas,
    MIN_PORTAL_REPLICAS,
    MAX_PORTAL_REPLICAS,
  );
  issues.check(
    'replicas',
    replicasProblem &&
      `${replicasProblem}; the portal runs at least ${MIN_PORTAL_REPLICAS} replicas so a node drain or a rollout never takes it down`,
  );
  const resources = checkResources(r.resources, issues);

  let certificateIssuer: ResolvedPortalDeployment['certificateIssuer'] = {
    name: '',
    kind: 'ClusterIssuer',
  };
  if (!isObject(r.certificateIssuer)) {
    issues.add(
      'certificateIssuer',
      'is required: { name } of the cert-manager ClusterIssuer (or { name, kind: Issuer }) that issues the TLS certificate',
    );
  } else {
    issues.check(
      'certificateIssuer.name',
      dns1123Subdomain(r.certificateIssuer.name),
    );
    const kind = r.certificateIssuer.kind ?? 'ClusterIssuer';
    issues.check(
      'certificateIssuer.kind',
      oneOf(kind, ['ClusterIssuer', 'Issuer']),
    );
    certificateIssuer = { name: r.certificateIssuer.name, kind };
  }
  const ingressClassName =
    r.ingressClassName ?? PORTAL_DEFAULTS.ingressClassName;
  issues.check('ingressClassName', dns1123Subdomain(ingressClassName));
  const namespace = r.namespace ?? PORTAL_DEFAULTS.namespace;
  issues.check('namespace', dns1123Label(namespace, 40));
  const owner = r.owner ?? PORTAL_DEFAULTS.owner;
  issues.check('owner', groupRef(owner));

  if (!isObject(r.oidc)) {
    issues.add(
      'oidc',
      "is required: { metadataUrl, clientId } of the portal's OIDC provider in Authentik",
    );
  } else {
    issues.check('oidc.metadataUrl', httpsUrl(r.oidc.metadataUrl));
    issues.check(
      'oidc.clientId',
      typeof r.oidc.clientId === 'string' && r.oidc.clientId !== ''
        ? safeSingleLine(r.oidc.clientId, 200)
        : 'is required',
    );
  }

  const secrets: Record<string, unknown> = isObject(r.secrets) ? r.secrets : {};
  if (!isObject(r.secrets)) {
    issues.add(
      'secrets',
      'is required: the secret values to seal (backendSecret, authSessionSecret, oidcClientSecret, ...)',
    );
  } else {
    for (const key of Object.keys(secrets)) {
      if (!SECRET_KEYS.includes(key as keyof PortalSecrets)) {
        issues.add(
          `secrets.${key}`,
          `is not a secret the portal uses (${SECRET_KEYS.join(', ')})`,
        );
      }
    }
    issues.check(
      'secrets.backendSecret',
      secretValue(secrets.backendSecret, MIN_KEY_LENGTH),
    );
    issues.check(
      'secrets.authSessionSecret',
      secretValue(secrets.authSessionSecret, MIN_KEY_LENGTH),
    );
    issues.check(
      'secrets.oidcClientSecret',
      secretValue(secrets.oidcClientSecret),
    );
  }
  const github = checkGitHub(r.github, secrets, issues);
  const database = checkDatabase(r.database, secrets, issues);
  issues.throwIfAny();

  return {
    hostname: r.hostname,
    image: r.image,
    replicas,
    resources,
    certificateIssuer,
    ingressClassName,
    namespace,
    owner,
    database: database!,
    oidc: { metadataUrl: r.oidc.metadataUrl, clientId: r.oidc.clientId },
    github: github!,
    secrets: secrets as unknown as PortalSecrets,
  };
}
