import {
  ChangeIdentity,
  encodeChangePayload,
  readChangeMarker,
  readChangeTrailer,
} from '@proficientnow/backstage-plugin-gitops-common';
import { ChangeSigner, requestDigest } from './ChangeSigner';

const KEY = 'k'.repeat(40);
const identity: ChangeIdentity = {
  kind: 'cluster',
  action: 'create',
  target: 'resource:default/payments-dev',
  environment: 'dev',
  requester: 'user:default/lena.dev',
  requestDigest: requestDigest('{"name":"payments-dev"}'),
};

describe('ChangeSigner', () => {
  it('verifies what it signed, in the marker and the trailer', () => {
    const signer = new ChangeSigner(KEY);
    expect(signer.verify(readChangeMarker(signer.marker(identity)))).toEqual({
      identity,
      verified: true,
    });
    expect(
      signer.verify(readChangeTrailer(`title\n\n${signer.trailer(identity)}`)),
    ).toEqual({ identity, verified: true });
  });

  it('reads an edited identity back as unverified, with the reason', () => {
    const signer = new ChangeSigner(KEY);
    const marker = signer.marker(identity);
    const forged = marker.replace(
      encodeChangePayload(identity),
      encodeChangePayload({ ...identity, requester: 'user:default/mallory' }),
    );
    expect(signer.verify(readChangeMarker(forged))).toEqual({
      identity: { ...identity, requester: 'user:default/mallory' },
      verified: false,
      reason:
        'the signature does not match: the identity was edited, or signed with another key',
    });
    expect(
      new ChangeSigner('another key of forty characters at least!').verify(
        readChangeMarker(marker),
      ),
    ).toMatchObject({ verified: false });
  });

  it('writes unsigned identities without a key, and never calls them verified', () => {
    const unsigned = new ChangeSigner(undefined);
    expect(unsigned.signs).toBe(false);
    expect(unsigned.marker(identity)).toMatch(/ - -->$/);
    expect(
      unsigned.verify(readChangeMarker(unsigned.marker(identity))),
    ).toEqual({
      identity,
      verified: false,
      reason: 'the identity is not signed',
    });
    const signedElsewhere = new ChangeSigner(KEY).marker(identity);
    expect(unsigned.verify(readChangeMarker(signedElsewhere))).toMatchObject({
      verified: false,
      reason: expect.stringContaining('gitops.changes.signingKey'),
    });
  });

  it('has nothing to verify where there is no identity or a damaged one', () => {
    const signer = new ChangeSigner(KEY);
    expect(signer.verify(readChangeMarker('prose only'))).toBeUndefined();
    expect(
      signer.verify(
        readChangeMarker(
          `${signer.marker(identity)}${signer.marker(identity)}`,
        ),
      ),
    ).toBeUndefined();
  });

  it('takes the request digest over the canonical request', () => {
    expect(requestDigest('{}')).toMatch(/^[0-9a-f]{64}$/);
    expect(requestDigest('{"a":1}')).not.toBe(requestDigest('{"a":2}'));
  });
});
