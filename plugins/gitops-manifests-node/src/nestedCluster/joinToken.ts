import { createHmac } from 'node:crypto';

/** What a derived token is made from besides the key; bump it to rotate every token. */
const JOIN_TOKEN_PURPOSE =
  'proficientnow nested-cluster microk8s join token v1';

/** MicroK8s wants a token of at least 32 characters (`microk8s add-node --token`). */
export const JOIN_TOKEN_PATTERN = /^[A-Za-z0-9]{32,}$/;

/**
 * The join token of a nested cluster, derived from the cluster's name and a
 * key from configuration (`gitops.nestedClusters.joinTokenKey`): every render
 * of the same cluster, today or in five years, gives the same token without
 * reading it back from Git, where it only exists sealed. So a node added by a
 * later pull request joins with the token the running control plane was
 * installed with. 32 hex characters (128 bits) of HMAC-SHA256.
 */
export function deriveJoinToken(key: string, cluster: string): string {
  if (key.length < 32) {
    throw new Error(
      `the join token key must be at least 32 characters (got ${key.length})`,
    );
  }
  return createHmac('sha256', key)
    .update(`${JOIN_TOKEN_PURPOSE}\0${cluster}`)
    .digest('hex')
    .slice(0, 32);
}

/** A random token, for a portal without a join token key (its clusters cannot be scaled later). */
export function randomJoinToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
