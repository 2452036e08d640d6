/**
 * Rules for single request fields. Each returns undefined when the value is
 * fine, or the rule it breaks, phrased for the person who typed it.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function dns1123Label(
  value: unknown,
  maxLength = 63,
): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return 'is required and must be a string';
  }
  if (value.length > maxLength) {
    return `must be at most ${maxLength} characters (got ${value.length})`;
  }
  if (!DNS_LABEL.test(value)) {
    return 'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

export function integerInRange(
  value: unknown,
  min: number,
  max: number,
): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `must be a whole number between ${min} and ${max}`;
  }
  if (value < min || value > max) {
    return `must be between ${min} and ${max} (got ${value})`;
  }
  return undefined;
}

export function oneOf<T>(
  value: unknown,
  allowed: readonly T[],
): string | undefined {
  return allowed.includes(value as T)
    ? undefined
    : `must be one of ${allowed
        .map(a => String(a))
        .join(', ')} (got ${JSON.stringify(value)})`;
}

/**
 * A single-line value with no characters that could change the meaning of a
 * path, a YAML document or a shell line if a later tool misused it. The YAML
 * itself is always written by the yaml library; this guards the other places
 * a value ends up (file names, labels, commit messages).
 */
export function safeSingleLine(
  value: unknown,
  maxLength = 200,
): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > maxLength)
    return `must be at most ${maxLength} characters`;
  if (/[\r\n\t\0]/.test(value))
    return 'must be a single line (no newlines, tabs or NUL)';
  if (/[/\\]/.test(value)) return 'must not contain path separators (/ or \\)';
  return undefined;
}

const ENTITY_REF =
  /^(?:group:)?(?:[a-z0-9]([-a-z0-9_.]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;

/** A catalog group reference: `platform-engineers`, `group:platform-engineers` or `group:default/platform-engineers`. */
export function groupRef(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (value.length > 253 || !ENTITY_REF.test(value)) {
    return 'must be a group entity reference like group:default/platform-engineers';
  }
  if (value.includes(':') && !value.startsWith('group:')) {
    return 'must reference a group (kind "group")';
  }
  return undefined;
}

/** Splits `group:default/name` into its name (the part Kubernetes labels and CODEOWNERS use). */
export function groupName(ref: string): string {
  return ref.replace(/^group:/, '').replace(/^[^/]+\//, '');
}

const SSH_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
];

function base64Decode(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    return undefined;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * An OpenSSH public key line: `<type> <base64 blob> [comment]`. The blob must
 * decode and name the same key type inside (the wire format starts with a
 * length-prefixed type string), which catches truncated or pasted-wrong keys.
 */
export function sshPublicKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (/[\r\n\0]/.test(value)) return 'must be a single line';
  const parts = value.trim().split(/\s+/);
  if (parts.length < 2) return 'must look like "ssh-ed25519 AAAA... comment"';
  const [type, blob] = parts;
  if (!SSH_KEY_TYPES.includes(type)) {
    return `has an unsupported key type "${type}" (allowed: ${SSH_KEY_TYPES.join(
      ', ',
    )})`;
  }
  const bytes = base64Decode(blob);
  if (!bytes || bytes.length < 4 + type.length) {
    return 'has a key body that is not valid base64';
  }
  const declared =
    (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
  const inner = new TextDecoder().decode(bytes.slice(4, 4 + declared));
  if (declared !== type.length || inner !== type) {
    return `has a key body that does not hold a ${type} key`;
  }
  if (parts.slice(2).join(' ').length > 200)
    return 'has a comment longer than 200 characters';
  return undefined;
}

/** A DNS name (RFC 1123 subdomain) or an IPv4 literal, for certificate SANs. */
export function subjectAltName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0)
    return 'must be a DNS name or an IPv4 address';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(value)) {
    return value
      .split('.')
      .every(o => Number(o) <= 255 && String(Number(o)) === o)
      ? undefined
      : 'is not a valid IPv4 address';
  }
  if (value.length > 253) return 'must be at most 253 characters';
  const labels = value.split('.');
  return labels.every(l => l.length <= 63 && DNS_LABEL.test(l))
    ? undefined
    : 'must be a DNS name (lowercase labels of letters, digits and "-") or an IPv4 address';
}

/** A MicroK8s snap channel, e.g. `1.32/stable`, `1.33`, `latest/edge`. */
export function snapChannel(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string like 1.32/stable';
  return /^(\d+\.\d+|latest)(-strict)?(\/(stable|candidate|beta|edge))?$/.test(
    value,
  )
    ? undefined
    : 'must be a MicroK8s channel like 1.32/stable, 1.33 or latest/edge';
}
