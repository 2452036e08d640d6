import { KubeObject } from '../model';
import { publicKeyInfoFromPem } from './certificate';

/**
 * How far a sealed value may travel (bitnami sealed-secrets): `strict` binds
 * it to one name and namespace, `namespace-wide` to a namespace,
 * `cluster-wide` to nothing. The scope is the RSA-OAEP label, so a value
 * copied elsewhere fails to decrypt.
 */
export type SealingScope = 'strict' | 'namespace-wide' | 'cluster-wide';

export interface SealSecretOptions {
  name: string;
  namespace: string;
  /** Plaintext values by key. */
  data: Record<string, string>;
  /** The controller's certificate (or public key) in PEM. */
  certificatePem: string;
  scope?: SealingScope;
  type?: string;
  labels?: Record<string, string>;
}

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto;
  if (!crypto?.subtle) {
    throw new Error('WebCrypto (globalThis.crypto.subtle) is not available');
  }
  return crypto.subtle;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function sealingLabel(
  scope: SealingScope,
  namespace: string,
  name: string,
): string {
  if (scope === 'strict') return `${namespace}/${name}`;
  if (scope === 'namespace-wide') return namespace;
  return '';
}

export async function importSealingKey(
  certificatePem: string,
): Promise<CryptoKey> {
  try {
    return await subtle().importKey(
      'spki',
      publicKeyInfoFromPem(certificatePem),
      { name: 'RSA-OAEP', hash: 'SHA-256' },
      false,
      ['encrypt'],
    );
  } catch (error) {
    throw new Error(
      `the sealing certificate is not a usable RSA certificate or public key: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * Encrypts one value the way the sealed-secrets controller expects: a fresh
 * 32-byte session key, AES-256-GCM with an all-zero nonce over the plaintext,
 * the session key under RSA-OAEP (SHA-256) with the scope as label, then
 * base64(uint16 BE length of the RSA part || RSA part || AES part with tag).
 */
export async function sealValue(
  key: CryptoKey,
  label: string,
  plaintext: string,
): Promise<string> {
  const crypto = subtle();
  const sessionKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const aesKey = await crypto.importKey('raw', sessionKey, 'AES-GCM', false, [
    'encrypt',
  ]);
  const aesPart = new Uint8Array(
    await crypto.encrypt(
      { name: 'AES-GCM', iv: new Uint8Array(12) },
      aesKey,
      encoder.encode(plaintext),
    ),
  );
  const rsaPart = new Uint8Array(
    await crypto.encrypt(
      { name: 'RSA-OAEP', label: encoder.encode(label) },
      key,
      sessionKey,
    ),
  );
  const out = new Uint8Array(2 + rsaPart.length + aesPart.length);
  out[0] = rsaPart.length >> 8;
  out[1] = rsaPart.length & 0xff;
  out.set(rsaPart, 2);
  out.set(aesPart, 2 + rsaPart.length);
  return base64(out);
}

/** Builds a SealedSecret (bitnami.com/v1alpha1) whose template recreates the Secret. */
export async function sealSecret(
  options: SealSecretOptions,
): Promise<KubeObject> {
  const scope = options.scope ?? 'strict';
  const key = await importSealingKey(options.certificatePem);
  const label = sealingLabel(scope, options.namespace, options.name);
  const encryptedData: Record<string, string> = {};
  for (const dataKey of Object.keys(options.data).sort()) {
    encryptedData[dataKey] = await sealValue(key, label, options.data[dataKey]);
  }
  const annotations: Record<string, string> = {};
  if (scope === 'namespace-wide')
    annotations['sealedsecrets.bitnami.com/namespace-wide'] = 'true';
  if (scope === 'cluster-wide')
    annotations['sealedsecrets.bitnami.com/cluster-wide'] = 'true';
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      ...(options.labels ? { labels: options.labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      encryptedData,
      template: {
        metadata: {
          name: options.name,
          namespace: options.namespace,
          ...(options.labels ? { labels: options.labels } : {}),
        },
        type: options.type ?? 'Opaque',
      },
    },
  };
}
