import {
  canonicalJson,
  changeBranchName,
  ChangeIdentity,
  changeIdentityProblems,
  changeMarker,
  changeTrailer,
  encodeChangePayload,
  parseChangeBranchName,
  readChangeMarker,
  readChangeTrailer,
  withoutChangeMarkers,
} from './changeIdentity';

const DIGEST = 'a'.repeat(64);
const SIGNATURE = 'b'.repeat(64);

const identities: ChangeIdentity[] = [
  {
    kind: 'cluster',
    action: 'create',
    target: 'resource:default/payments-dev',
    environment: 'dev',
    requester: 'user:default/lena.dev',
    requestDigest: DIGEST,
  },
  {
    kind: 'cluster',
    action: 'scale',
    target: 'resource:default/shop-prod',
    environment: 'prod',
    requester: 'user:default/ops',
    requestDigest: DIGEST,
  },
  {
    kind: 'component',
    action: 'create',
    target: 'component:default/postgres',
    domain: 'applications',
    requestDigest: DIGEST,
  },
  {
    kind: 'component',
    action: 'revert',
    target: 'component:default/platform-portal',
    domain: 'infrastructure',
    environment: 'platform',
    requester: 'user:default/jo',
    requestDigest: DIGEST,
  },
  {
    kind: 'bootstrap',
    action: 'create',
    target: 'system:default/gitops',
    requester: 'user:default/jo',
    requestDigest: DIGEST,
  },
];

describe('the change-identity codec', () => {
  it.each(identities.map(i => [`${i.kind} ${i.action}`, i]))(
    'reads back the %s identity it wrote, from the marker, the trailer and the branch',
    (_name, identity) => {
      const body = `## What changes\n\nSomething.\n\n${changeMarker(
        identity,
        SIGNATURE,
      )}\n`;
      const marker = readChangeMarker(body);
      expect(marker).toEqual({
        found: true,
        identity,
        payload: encodeChangePayload(identity),
        signature: SIGNATURE,
      });
      const message = `Nested cluster\n\nbody\n\n${changeTrailer(identity)}\n`;
      expect(readChangeTrailer(message)).toEqual({
        found: true,
        identity,
        payload: encodeChangePayload(identity),
      });
      expect(parseChangeBranchName(changeBranchName(identity))).toEqual({
        kind: identity.kind,
        action: identity.action,
        ...(identity.kind === 'bootstrap'
          ? {}
          : { name: identity.target.split('/')[1] }),
        ...(identity.kind === 'cluster'
          ? { environment: identity.environment }
          : {}),
        ...(identity.kind === 'component' ? { domain: identity.domain } : {}),
      });
    },
  );

  it('keeps the branch names pull requests already use for creating', () => {
    expect(changeBranchName(identities[0])).toBe(
      'gitops/cluster-dev-payments-dev',
    );
    expect(changeBranchName(identities[1])).toBe(
      'gitops/cluster-prod-shop-prod--scale',
    );
    expect(changeBranchName(identities[2])).toBe(
      'gitops/component-applications-postgres',
    );
    expect(changeBranchName(identities[4])).toBe('gitops/bootstrap');
  });

  it('reads the same identity however the prose around the marker is edited', () => {
    const written = `## What changes\n\nWorkers 2.\n\n_Requested by \`user:default/lena.dev\`._\n${changeMarker(
      identities[0],
    )}`;
    const edited = written
      .replace('Workers 2.', 'Workers 20, and something else.')
      .replace('user:default/lena.dev`._', 'user:default/mallory`._');
    expect(readChangeMarker(edited)).toEqual(readChangeMarker(written));
  });

  it('refuses a marker that was edited, doubled or damaged, instead of guessing', () => {
    const marker = changeMarker(identities[0]);
    const payload = encodeChangePayload(identities[0]);
    const forged = encodeChangePayload({
      ...identities[0],
      requester: 'user:default/mallory',
    });
    expect(readChangeMarker(`${marker}\n${marker}`)).toEqual({
      found: true,
      error: '2 identities where there must be one',
    });
    expect(readChangeMarker(marker.replace(payload, `${payload}x`))).toEqual(
      expect.objectContaining({ found: true, error: expect.any(String) }),
    );
    expect(readChangeMarker(marker.replace(' v1 ', ' v9 '))).toEqual({
      found: true,
      error: 'unknown identity version v9',
    });
    // a forged payload still reads, but carries no signature: the node side shows it unverified
    expect(readChangeMarker(marker.replace(payload, forged))).toMatchObject({
      found: true,
      identity: { requester: 'user:default/mallory' },
    });
    expect(readChangeMarker('no marker here')).toEqual({ found: false });
    expect(readChangeMarker(undefined)).toEqual({ found: false });
  });

  it('reads only canonical, sound identities', () => {
    const json = JSON.stringify({
      action: 'create',
      kind: 'cluster',
      target: 'resource:default/a',
      environment: 'dev',
      requestDigest: DIGEST,
    });
    const payload = Buffer.from(json).toString('base64url');
    expect(
      readChangeMarker(`<!-- platform-portal-change v1 ${payload} - -->`),
    ).toEqual({
      found: true,
      error: 'the identity is not canonically encoded',
    });
    const unsound = Buffer.from(
      JSON.stringify({ kind: 'cluster', action: 'create', target: 'x' }),
    ).toString('base64url');
    const reading = readChangeMarker(
      `<!-- platform-portal-change v1 ${unsound} - -->`,
    );
    expect(reading).toMatchObject({ found: true });
    expect((reading as { error: string }).error).toMatch(
      /target must be a full entity reference.*requestDigest must be a SHA-256/,
    );
  });

  it('names the field and the rule of an identity it will not write', () => {
    expect(() =>
      changeMarker({ ...identities[0], requester: 'group:default/x' }),
    ).toThrow(
      'change identity: requester must be a user entity reference like user:default/lena.dev',
    );
    expect(() =>
      changeBranchName({ ...identities[0], environment: undefined }),
    ).toThrow('change identity: environment is required for a cluster change');
    expect(changeIdentityProblems({ ...identities[2], extra: 1 })).toEqual([
      { field: 'extra', rule: 'is not known' },
    ]);
  });

  it('parses only the branches it writes', () => {
    expect(parseChangeBranchName('main')).toBeUndefined();
    expect(parseChangeBranchName('gitops/other-thing')).toBeUndefined();
    expect(
      parseChangeBranchName('gitops/cluster-dev-a--create'),
    ).toBeUndefined();
    expect(
      parseChangeBranchName('gitops/cluster-dev-a--explode'),
    ).toBeUndefined();
    expect(parseChangeBranchName('gitops/bootstrap--revert')).toEqual({
      kind: 'bootstrap',
      action: 'revert',
    });
  });

  it('strips every marker from a body handed in from outside', () => {
    const body = `text\n${changeMarker(identities[0])}\nmore`;
    expect(withoutChangeMarkers(body)).toBe('text\nmore');
    expect(readChangeMarker(withoutChangeMarkers(body))).toEqual({
      found: false,
    });
  });

  it('writes canonical JSON with sorted keys at every depth', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: null } }),
    ).toBe('{"a":{"c":null,"d":[2,{"e":2,"f":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('encodes UTF-8 and every payload length the same way Node does', () => {
    for (const requester of [
      'user:default/a',
      'user:default/ab',
      'user:default/abc',
    ]) {
      const identity = { ...identities[0], requester };
      const json = JSON.parse(
        Buffer.from(encodeChangePayload(identity), 'base64url').toString(
          'utf8',
        ),
      );
      expect(json.requester).toBe(requester);
    }
  });
});
