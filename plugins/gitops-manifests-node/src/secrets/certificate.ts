/**
 * Just enough DER reading to take the public key out of the sealed-secrets
 * controller's certificate (`kubeseal --fetch-cert`), so sealing runs with
 * WebCrypto alone, in the backend or in a browser.
 */

interface DerNode {
  tag: number;
  /** offset of the whole element (tag byte) */
  start: number;
  /** offset of the contents */
  contentStart: number;
  /** offset just past the element */
  end: number;
}

function readNode(der: Uint8Array, offset: number): DerNode {
  if (offset + 2 > der.length) throw new Error('truncated DER');
  const tag = der[offset];
  let length = der[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < octets; i++)
      length = length * 256 + der[offset + 2 + i];
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('truncated DER');
  return { tag, start: offset, contentStart, end };
}

function children(der: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let at = node.contentStart; at < node.end; ) {
    const child = readNode(der, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

function pemToDer(pem: string): { label: string; der: Uint8Array } {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!match) throw new Error('not a PEM block');
  const binary = atob(match[2].replace(/\s+/g, ''));
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return { label: match[1], der };
}

/**
 * Returns the SubjectPublicKeyInfo (DER) from a PEM certificate or a PEM
 * public key. Throws with a readable reason for anything else.
 */
export function publicKeyInfoFromPem(pem: string): Uint8Array {
  const { label, der } = pemToDer(pem);
  if (label === 'PUBLIC KEY') return der;
  if (label !== 'CERTIFICATE') {
    throw new Error(
      `expected a CERTIFICATE or PUBLIC KEY PEM block, got ${label}`,
    );
  }
  const certificate = readNode(der, 0);
  const [tbs] = children(der, certificate);
  const fields = children(der, tbs);
  // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, subjectPublicKeyInfo
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const spki = fields[offset + 5];
  if (!spki || spki.tag !== 0x30)
    throw new Error('certificate has no subjectPublicKeyInfo');
  return der.slice(spki.start, spki.end);
}
