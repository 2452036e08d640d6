import {
  createPublicKey,
  KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

/** A GitHub App the stand-in knows, installed on some accounts. */
export interface StandinApp {
  appId: number;
  /** The app's slug; its installation tokens act as `<slug>[bot]`. */
  slug: string;
  /** The app's private key (PEM) or just its public key: the stand-in verifies app JWTs with the public half. */
  keyPem: string;
  /** Installations by id, on an account (an organisation or user login). */
  installations: Array<{ id: number; account: string }>;
  /** How long an installation token lives, in seconds (GitHub: one hour). */
  tokenLifetimeSeconds?: number;
}

/** Prefix of the login a verified app JWT authenticates as (only app endpoints accept it). */
export const APP_LOGIN_PREFIX = 'app:';

const APP_OPERATIONS = new Set([
  'apps/list-installations',
  'apps/create-installation-access-token',
  'apps/get-installation',
  'apps/get-authenticated',
]);

/** Whether an operation is authenticated as the app (a JWT), not with a token. */
export function isAppOperation(operationId: string): boolean {
  return APP_OPERATIONS.has(operationId);
}

function base64urlJson(part: string): any {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/**
 * The GitHub App side of the stand-in, as GitHub does it: an app
 * authenticates with a JWT it signs (RS256, `iss` = app id, at most ten
 * minutes between `iat` and `exp`), verified with the app's public key; it
 * exchanges that for an installation token, which acts as `<slug>[bot]`
 * until it expires and is then refused like any bad credential.
 */
export class AppRegistry {
  private readonly keys = new Map<number, KeyObject>();
  private readonly tokens = new Map<
    string,
    { login: string; expiresAt: number; installationId: number }
  >();
  /** Installation tokens issued, per installation id. */
  readonly issued = new Map<number, number>();
  /** Every installation token issued, expired ones too (tests search for leaks). */
  readonly issuedTokens: string[] = [];

  constructor(readonly apps: StandinApp[] = []) {
    for (const app of apps)
      this.keys.set(app.appId, createPublicKey(app.keyPem));
  }

  /** The app a bearer JWT authenticates, or why it does not. */
  verifyJwt(
    token: string,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): { app: StandinApp } | { error: string } {
    const parts = token.split('.');
    if (parts.length !== 3)
      return { error: 'A JSON web token could not be decoded' };
    let header: any;
    let payload: any;
    try {
      header = base64urlJson(parts[0]);
      payload = base64urlJson(parts[1]);
    } catch {
      return { error: 'A JSON web token could not be decoded' };
    }
    if (header?.alg !== 'RS256')
      return { error: "'Issuer' claim ('iss') must be an Integer" };
    const app = this.apps.find(a => String(a.appId) === String(payload?.iss));
    if (!app) return { error: 'Integration not found' };
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.keys.get(app.appId)!,
      Buffer.from(parts[2], 'base64url'),
    );
    if (!signed)
      return {
        error:
          'A JSON web token could not be decoded: the signature does not match the app\u2019s key',
      };
    if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds)
      return {
        error:
          "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      };
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + 60)
      return {
        error:
          "'Issued at' claim ('iat') must be an Integer representing a time in the past",
      };
    if (payload.exp - payload.iat > 600)
      return {
        error:
          "'Expiration time' claim ('exp') is too far in the future (at most ten minutes)",
      };
    return { app };
  }

  /** A new installation token, or undefined when the app is not installed there. */
  issue(
    app: StandinApp,
    installationId: number,
  ): { token: string; expiresAt: Date } | undefined {
    if (!app.installations.some(i => i.id === installationId)) return undefined;
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    const expiresAt = new Date(
      Date.now() + (app.tokenLifetimeSeconds ?? 3600) * 1000,
    );
    this.tokens.set(token, {
      login: `${app.slug}[bot]`,
      expiresAt: expiresAt.getTime(),
      installationId,
    });
    this.issued.set(installationId, (this.issued.get(installationId) ?? 0) + 1);
    this.issuedTokens.push(token);
    return { token, expiresAt };
  }

  /** Who a valid installation token acts as; undefined for an unknown or expired one. */
  loginOf(token: string): string | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return entry.login;
  }

  appOf(login: string): StandinApp | undefined {
    if (!login.startsWith(APP_LOGIN_PREFIX)) return undefined;
    const id = Number(login.slice(APP_LOGIN_PREFIX.length));
    return this.apps.find(a => a.appId === id);
  }
}

/**
 * An app's JWT as GitHub wants it (RS256, issued by the app id, valid for
 * five minutes), for tests that talk to the App endpoints themselves.
 */
export function signAppJwt(appId: number, privateKeyPem: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({
    iat: now - 30,
    exp: now + 300,
    iss: appId,
  })}`;
  return `${unsigned}.${sign(
    'RSA-SHA256',
    Buffer.from(unsigned),
    privateKeyPem,
  ).toString('base64url')}`;
}
