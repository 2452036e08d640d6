import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  constants,
  createDecipheriv,
  createPrivateKey,
  privateDecrypt,
} from 'node:crypto';

/** A throw-away sealed-secrets controller key pair, made by openssl as the controller would. */
export function makeSealingKeys(): {
  certificatePem: string;
  privateKeyPem: string;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sealing-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=sealed-secret/O=sealed-secret',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      certificatePem: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      privateKeyPem: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Decrypts one sealed value exactly as the sealed-secrets controller does. */
export function unsealValue(
  privateKeyPem: string,
  label: string,
  value: string,
): string {
  const raw = Buffer.from(value, 'base64');
  const rsaLength = raw.readUInt16BE(0);
  const rsaPart = raw.subarray(2, 2 + rsaLength);
  const aesPart = raw.subarray(2 + rsaLength);
  const sessionKey = privateDecrypt(
    {
      key: createPrivateKey(privateKeyPem),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(label),
    },
    rsaPart,
  );
  const decipher = createDecipheriv(
    'aes-256-gcm',
    sessionKey,
    Buffer.alloc(12),
  );
  decipher.setAuthTag(aesPart.subarray(aesPart.length - 16));
  return Buffer.concat([
    decipher.update(aesPart.subarray(0, aesPart.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}
