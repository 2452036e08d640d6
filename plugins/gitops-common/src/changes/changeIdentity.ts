/**
 * The change-identity codec: what a portal pull request is (kind, action,
 * target entity, environment, requester, request digest), written in a form
 * machines read back and people never have to. One writer and one parser for
 * each place the identity is kept:
 *
 * - the branch name (`gitops/cluster-dev-payments-dev`), so the same request
 *   always updates the same branch;
 * - a hidden marker line in the pull request body, which the pending-changes
 *   service reads; editing the prose around it changes nothing, and a
 *   signature (made by the node side, see gitops-node) shows whether the
 *   marker itself was edited;
 * - a trailer of the commit message, which survives a squash merge.
 *
 * Nothing here parses prose, and nothing runs outside plain JavaScript, so
 * the frontend can use it too.
 */

/** What a change is made to. */
export const CHANGE_KINDS = ['cluster', 'component', 'bootstrap'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** What a change does to its target; `create` is the first pull request of a target. */
export const CHANGE_ACTIONS = [
  'create',
  'scale',
  'resize',
  'upgrade',
  'retire',
  'change',
  'remove',
  'revert',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export interface ChangeIdentity {
  kind: ChangeKind;
  action: ChangeAction;
  /** The catalog entity the change is made to, e.g. `resource:default/payments-dev`. */
  target: string;
  /** Environment of a cluster change (dev, qa, staging, prod) or `platform`. */
  environment?: string;
  /** Domain root of a component change (infrastructure, applications, ...). */
  domain?: string;
  /** The signed-in user who asked, e.g. `user:default/lena.dev`; never taken from a form. */
  requester?: string;
  /** SHA-256 (hex) of the canonical request; the same request always has the same digest. */
  requestDigest: string;
}

/** The codec's version, in every marker and trailer. */
export const CHANGE_IDENTITY_VERSION = 'v1';
/** Every portal branch starts with this. */
export const CHANGE_BRANCH_PREFIX = 'gitops/';
/** The commit trailer key. */
export const CHANGE_TRAILER_KEY = 'Platform-Portal-Change';
const MARKER_TAG = 'platform-portal-change';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const ENTITY_REF =
  /^(component|resource|system|group|user|domain):[a-z0-9]([-a-z0-9_.]*[a-z0-9])?\/[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;
const DIGEST = /^[0-9a-f]{64}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

/** Thrown by the writers for an identity that breaks a rule, naming the field. */
export class ChangeIdentityError extends Error {
  constructor(readonly field: string, readonly rule: string) {
    super(`change identity: ${field} ${rule}`);
    this.name = 'ChangeIdentityError';
  }
}

/** The problems of an identity, as `field rule` pairs; empty when it is sound. */
export function changeIdentityProblems(
  value: unknown,
): Array<{ field: string; rule: string }> {
  const problems: Array<{ field: string; rule: string }> = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return [{ field: 'identity', rule: 'must be an object' }];
  }
  const identity = value as Record<string, unknown>;
  const allowed = new Set([
    'kind',
    'action',
    'target',
    'environment',
    'domain',
    'requester',
    'requestDigest',
  ]);
  for (const key of Object.keys(identity)) {
    if (!allowed.has(key)) problems.push({ field: key, rule: 'is not known' });
  }
  if (!CHANGE_KINDS.includes(identity.kind as ChangeKind))
    problems.push({
      field: 'kind',
      rule: `must be one of ${CHANGE_KINDS.join(', ')}`,
    });
  if (!CHANGE_ACTIONS.includes(identity.action as ChangeAction))
    problems.push({
      field: 'action',
      rule: `must be one of ${CHANGE_ACTIONS.join(', ')}`,
    });
  if (typeof identity.target !== 'string' || !ENTITY_REF.test(identity.target))
    problems.push({
      field: 'target',
      rule: 'must be a full entity reference like resource:default/payments-dev',
    });
  for (const field of ['environment', 'domain'] as const) {
    const item = identity[field];
    if (
      item !== undefined &&
      (typeof item !== 'string' || item.length > 63 || !NAME.test(item))
    )
      problems.push({ field, rule: 'must be a lowercase name' });
  }
  if (
    identity.requester !== undefined &&
    (typeof identity.requester !== 'string' ||
      !ENTITY_REF.test(identity.requester) ||
      !identity.requester.toLowerCase().startsWith('user:'))
  )
    problems.push({
      field: 'requester',
      rule: 'must be a user entity reference like user:default/lena.dev',
    });
  if (
    typeof identity.requestDigest !== 'string' ||
    !DIGEST.test(identity.requestDigest)
  )
    problems.push({
      field: 'requestDigest',
      rule: 'must be a SHA-256 digest (64 lowercase hex digits)',
    });
  if (
    identity.kind === 'cluster' &&
    (typeof identity.environment !== 'string' || !identity.environment)
  )
    problems.push({
      field: 'environment',
      rule: 'is required for a cluster change',
    });
  if (
    identity.kind === 'component' &&
    (typeof identity.domain !== 'string' || !identity.domain)
  )
    problems.push({
      field: 'domain',
      rule: 'is required for a component change',
    });
  return problems;
}

function assertSound(identity: ChangeIdentity): void {
  const [problem] = changeIdentityProblems(identity);
  if (problem) throw new ChangeIdentityError(problem.field, problem.rule);
}

/** The entity name of a reference: `resource:default/payments-dev` is `payments-dev`. */
export function entityNameOf(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1).toLowerCase();
}

/**
 * The branch of a change. The same target and action always get the same
 * branch, so running a request again updates its pull request:
 * `gitops/cluster-<environment>-<name>`, `gitops/component-<domain>-<name>`,
 * `gitops/bootstrap`, and `--<action>` after it for anything but create.
 */
export function changeBranchName(identity: ChangeIdentity): string {
  assertSound(identity);
  const name = entityNameOf(identity.target);
  let base: string;
  if (identity.kind === 'bootstrap') base = 'bootstrap';
  else if (identity.kind === 'cluster')
    base = `cluster-${identity.environment}-${name}`;
  else base = `component-${identity.domain}-${name}`;
  const suffix = identity.action === 'create' ? '' : `--${identity.action}`;
  return `${CHANGE_BRANCH_PREFIX}${base}${suffix}`;
}

/** What a branch name says, read back by the one parser of `changeBranchName`. */
export interface ChangeBranch {
  kind: ChangeKind;
  action: ChangeAction;
  /** The entity name (without kind and namespace). */
  name?: string;
  environment?: string;
  domain?: string;
}

/**
 * Reads a branch written by `changeBranchName`; undefined for any other
 * branch. Environments and domains are single words, so the first `-` after
 * the kind ends them.
 */
export function parseChangeBranchName(
  branch: string,
): ChangeBranch | undefined {
  if (!branch.startsWith(CHANGE_BRANCH_PREFIX)) return undefined;
  let rest = branch.slice(CHANGE_BRANCH_PREFIX.length);
  let action: ChangeAction = 'create';
  const actionMatch = /--([a-z]+)$/.exec(rest);
  if (actionMatch) {
    if (!CHANGE_ACTIONS.includes(actionMatch[1] as ChangeAction))
      return undefined;
    action = actionMatch[1] as ChangeAction;
    if (action === 'create') return undefined;
    rest = rest.slice(0, -actionMatch[0].length);
  }
  if (rest === 'bootstrap') return { kind: 'bootstrap', action };
  const match =
    /^(cluster|component)-([a-z0-9]+)-([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(
      rest,
    );
  if (!match) return undefined;
  const [, kind, scope, name] = match;
  return kind === 'cluster'
    ? { kind: 'cluster', action, name, environment: scope }
    : { kind: 'component', action, name, domain: scope };
}

/** The identity as JSON with its keys in one order, so the same identity always encodes the same. */
function canonicalIdentity(identity: ChangeIdentity): string {
  const ordered: Record<string, string> = {};
  for (const key of [
    'kind',
    'action',
    'target',
    'environment',
    'domain',
    'requester',
    'requestDigest',
  ] as const) {
    const item = identity[key];
    if (item !== undefined) ordered[key] = item;
  }
  return JSON.stringify(ordered);
}

const BASE64URL =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n =
      (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [18, 12, 6, 0].map(shift => BASE64URL[(n >> shift) & 63]);
    out += chars
      .slice(0, Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6)))
      .join('');
  }
  return out;
}

function base64UrlDecode(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    buffer = (buffer << 6) | BASE64URL.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      new Uint8Array(bytes),
    );
  } catch {
    return undefined;
  }
}

/**
 * The payload a signature covers: the encoded identity exactly as it stands
 * in the marker and the trailer. Signers sign `v1.<payload>`.
 */
export function encodeChangePayload(identity: ChangeIdentity): string {
  assertSound(identity);
  return base64UrlEncode(canonicalIdentity(identity));
}

/** What signers sign for a payload, so a v1 signature never verifies another version. */
export function changeSigningInput(payload: string): string {
  return `${CHANGE_IDENTITY_VERSION}.${payload}`;
}

function encodedLine(identity: ChangeIdentity, signature?: string): string {
  if (signature !== undefined && !SIGNATURE.test(signature))
    throw new ChangeIdentityError(
      'signature',
      'must be 64 lowercase hex digits',
    );
  return `${CHANGE_IDENTITY_VERSION} ${encodeChangePayload(identity)} ${
    signature ?? '-'
  }`;
}

/** The hidden marker line for a pull request body (an HTML comment: GitHub does not show it). */
export function changeMarker(
  identity: ChangeIdentity,
  signature?: string,
): string {
  return `<!-- ${MARKER_TAG} ${encodedLine(identity, signature)} -->`;
}

/** The commit trailer line (`Platform-Portal-Change: v1 <payload> <signature>`). */
export function changeTrailer(
  identity: ChangeIdentity,
  signature?: string,
): string {
  return `${CHANGE_TRAILER_KEY}: ${encodedLine(identity, signature)}`;
}

/** What reading a marker or trailer found. */
export type ChangeIdentityReading =
  | { found: false }
  | { found: true; error: string }
  | {
      found: true;
      identity: ChangeIdentity;
      /** The encoded identity, for signature checks. */
      payload: string;
      /** Absent when the writer had no signing key. */
      signature?: string;
    };

function readEncoded(
  version: string,
  payload: string,
  signature: string,
): ChangeIdentityReading {
  if (version !== CHANGE_IDENTITY_VERSION)
    return { found: true, error: `unknown identity version ${version}` };
  const json = base64UrlDecode(payload);
  if (json === undefined)
    return { found: true, error: 'the identity is not valid base64url UTF-8' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { found: true, error: 'the identity is not JSON' };
  }
  const problems = changeIdentityProblems(value);
  if (problems.length > 0)
    return {
      found: true,
      error: `the identity is not sound: ${problems
        .map(p => `${p.field} ${p.rule}`)
        .join('; ')}`,
    };
  const identity = value as ChangeIdentity;
  // only the canonical encoding counts: the same identity has exactly one payload
  if (base64UrlEncode(canonicalIdentity(identity)) !== payload)
    return { found: true, error: 'the identity is not canonically encoded' };
  if (signature !== '-' && !SIGNATURE.test(signature))
    return { found: true, error: 'the signature is malformed' };
  return {
    found: true,
    identity,
    payload,
    ...(signature === '-' ? {} : { signature }),
  };
}

function readAll(
  text: string | null | undefined,
  pattern: RegExp,
): ChangeIdentityReading {
  const matches = [...(text ?? '').matchAll(pattern)];
  if (matches.length === 0) return { found: false };
  if (matches.length > 1)
    return {
      found: true,
      error: `${matches.length} identities where there must be one`,
    };
  const [, version, payload, signature] = matches[0];
  return readEncoded(version, payload, signature);
}

/** Reads the one marker of a pull request body. Two markers, or a damaged one, are an error, never a guess. */
export function readChangeMarker(
  body: string | null | undefined,
): ChangeIdentityReading {
  return readAll(
    body,
    new RegExp(
      `<!-- ${MARKER_TAG} (v\\d+) ([A-Za-z0-9_-]+) ([0-9a-f]{64}|-) -->`,
      'g',
    ),
  );
}

/** Reads the one trailer of a commit message. */
export function readChangeTrailer(
  message: string | null | undefined,
): ChangeIdentityReading {
  return readAll(
    message,
    new RegExp(
      `^${CHANGE_TRAILER_KEY}: (v\\d+) ([A-Za-z0-9_-]+) ([0-9a-f]{64}|-)$`,
      'gm',
    ),
  );
}

/** Removes every marker from a body, so a body from a template can never carry an identity of its own. */
export function withoutChangeMarkers(body: string): string {
  return body.replace(new RegExp(`<!-- ${MARKER_TAG} [^>]*-->\\n?`, 'g'), '');
}

/** Orders strings by UTF-16 code units, the same in every locale. */
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** JSON with sorted keys at every depth: the one text a request digest is taken of. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map(item => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => compareCodeUnits(a, b));
  return `{${entries
    .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`)
    .join(',')}}`;
}
