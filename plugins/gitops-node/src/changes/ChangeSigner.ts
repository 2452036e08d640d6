import {
  ChangeIdentity,
  ChangeIdentityReading,
  changeMarker,
  changeSigningInput,
  changeTrailer,
  encodeChangePayload,
} from '@proficientnow/backstage-plugin-gitops-common';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A change identity as the portal reads it back, with whether its marker is the one the portal wrote. */
export interface VerifiedChangeIdentity {
  identity: ChangeIdentity;
  /**
   * True when the marker carries the signature of this portal's key: nobody
   * edited it since the portal wrote it. False when it is unsigned (no key
   * was configured) or the signature does not match.
   */
  verified: boolean;
  /** Why it is not verified. */
  reason?: string;
}

/**
 * Signs change identities with the portal's key (`gitops.changes.signingKey`)
 * and checks the signatures it reads back. HMAC-SHA256 over the encoded
 * identity; without a key, identities are written unsigned and read back as
 * unverified.
 */
export class ChangeSigner {
  private readonly key?: Buffer;

  constructor(key: string | undefined) {
    this.key = key
      ? createHash('sha256').update(key, 'utf8').digest()
      : undefined;
  }

  get signs(): boolean {
    return this.key !== undefined;
  }

  /** The signature of an identity, or undefined without a key. */
  sign(identity: ChangeIdentity): string | undefined {
    return this.signPayload(encodeChangePayload(identity));
  }

  private signPayload(payload: string): string | undefined {
    if (!this.key) return undefined;
    return createHmac('sha256', this.key)
      .update(changeSigningInput(payload))
      .digest('hex');
  }

  /** The hidden pull request body marker of an identity, signed. */
  marker(identity: ChangeIdentity): string {
    return changeMarker(identity, this.sign(identity));
  }

  /** The commit trailer of an identity, signed. */
  trailer(identity: ChangeIdentity): string {
    return changeTrailer(identity, this.sign(identity));
  }

  /** Checks what a codec reader found; undefined when there was no identity or it could not be read. */
  verify(reading: ChangeIdentityReading): VerifiedChangeIdentity | undefined {
    if (!reading.found || !('identity' in reading)) return undefined;
    const { identity, payload, signature } = reading;
    if (!signature)
      return {
        identity,
        verified: false,
        reason: 'the identity is not signed',
      };
    const expected = this.signPayload(payload);
    if (!expected)
      return {
        identity,
        verified: false,
        reason:
          'gitops.changes.signingKey is not configured, so signatures cannot be checked',
      };
    const matches = timingSafeEqual(
      Buffer.from(expected, 'hex'),
      Buffer.from(signature, 'hex'),
    );
    return matches
      ? { identity, verified: true }
      : {
          identity,
          verified: false,
          reason:
            'the signature does not match: the identity was edited, or signed with another key',
        };
  }
}

/** SHA-256 (hex) of a request, over its canonical JSON: the request digest of a change identity. */
export function requestDigest(canonicalRequest: string): string {
  return createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
}
