import { NestedClusterRequest } from '../nestedCluster/request';

/** An OpenSSH ed25519 public key line with a well-formed body (the key bytes are arbitrary). */
export function sshEd25519Key(seed = 7, comment = 'ops@proficientnow'): string {
  const type = Buffer.from('ssh-ed25519');
  const key = Buffer.alloc(32, seed);
  const blob = Buffer.concat([
    Buffer.from([0, 0, 0, type.length]),
    type,
    Buffer.from([0, 0, 0, key.length]),
    key,
  ]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

export function validClusterRequest(
  overrides: Partial<NestedClusterRequest> = {},
): NestedClusterRequest {
  return {
    name: 'payments-dev',
    environment: 'dev',
    owner: 'group:default/app-developers',
    controlPlane: { count: 1, size: 'medium' },
    workers: { count: 2, size: 'medium' },
    channel: '1.32/stable',
    sshPublicKeys: [sshEd25519Key()],
    ...overrides,
  };
}
