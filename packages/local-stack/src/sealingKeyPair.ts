import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A sealed-secrets key pair for the local stack, made once with openssl (as
 * the controller makes its own) and kept under .local/, so clusters rendered
 * locally can be decrypted with the private key when someone wants to look.
 */
export function ensureSealingKeyPair(dir: string): {
  certificatePem: string;
  certificatePath: string;
  privateKeyPath: string;
} {
  mkdirSync(dir, { recursive: true });
  const certificatePath = path.join(dir, 'sealing-cert.pem');
  const privateKeyPath = path.join(dir, 'sealing-key.pem');
  if (!existsSync(certificatePath) || !existsSync(privateKeyPath)) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:4096',
        '-nodes',
        '-days',
        '3650',
        '-subj',
        '/CN=sealed-secret/O=sealed-secret',
        '-keyout',
        privateKeyPath,
        '-out',
        certificatePath,
      ],
      { stdio: 'ignore' },
    );
  }
  return {
    certificatePem: readFileSync(certificatePath, 'utf8'),
    certificatePath,
    privateKeyPath,
  };
}
