import { PortalDeploymentRequest } from '../portal/request';
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

/**
 * A valid request to deploy the portal itself, with throw-away secret values
 * that tests can search the rendered files for.
 */
export function validPortalRequest(
  overrides: Partial<PortalDeploymentRequest> = {},
): PortalDeploymentRequest {
  return {
    hostname: 'portal.platform.proficientnow.example',
    image: 'ghcr.io/proficientnow/platform-portal:1.4.0',
    certificateIssuer: { name: 'letsencrypt-production' },
    database: {
      mode: 'cloudnative-pg',
      instances: 3,
      storageClass: 'ceph-rbd',
      size: '20Gi',
    },
    oidc: {
      metadataUrl:
        'https://auth.proficientnow.example/application/o/portal/.well-known/openid-configuration',
      clientId: 'platform-portal',
    },
    github: { mode: 'app', appId: 123456, clientId: 'Iv23liPortalTest0001' },
    secrets: {
      backendSecret: 'backend-key-0123456789abcdefghijklmnopqrstuv',
      authSessionSecret: 'session-key-0123456789abcdefghijklmnopqrstu',
      oidcClientSecret: 'oidc-client-secret-portal-test',
      githubAppPrivateKey:
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAportaltestkeybody\n-----END RSA PRIVATE KEY-----',
      githubAppClientSecret: 'github-app-client-secret-test',
      githubAppWebhookSecret: 'github-webhook-secret-test',
    },
    ...overrides,
  };
}
