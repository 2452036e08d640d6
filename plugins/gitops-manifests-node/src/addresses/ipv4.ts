/** IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks. */

export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || String(Number(part)) !== part)
      return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(value / 2 ** shift) % 256)
    .join('.');
}

export interface Cidr {
  network: number;
  prefix: number;
  /** number of addresses in the block */
  size: number;
  text: string;
}

export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText] = text.split('/');
  const ip = parseIPv4(address ?? '');
  const prefix = Number(prefixText);
  if (ip === undefined || !/^\d{1,2}$/.test(prefixText ?? '') || prefix > 32) {
    return undefined;
  }
  const size = 2 ** (32 - prefix);
  const network = ip - (ip % size);
  if (network !== ip) return undefined; // host bits set: 192.168.105.7/24 is not a block
  return { network, prefix, size, text };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.network && ip < cidr.network + cidr.size;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

/** Parses `a.b.c.d` or `a.b.c.d-a.b.c.e` (inclusive) into [first, last]. */
export function parseRange(text: string): [number, number] | undefined {
  const [fromText, toText] = text.split('-');
  const from = parseIPv4(fromText ?? '');
  const to = toText === undefined ? from : parseIPv4(toText);
  if (from === undefined || to === undefined || to < from) return undefined;
  return [from, to];
}
