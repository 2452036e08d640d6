import { InputError } from '@backstage/errors';
import { formatIPv4, parseIPv4 } from './ipv4';
import { ParsedVlan } from './vlanPlan';

/** The request cannot be met: the VLAN has no room. The person must ask for fewer nodes or another VLAN. */
export class AddressPoolExhaustedError extends InputError {
  constructor(
    readonly vlan: ParsedVlan,
    readonly wanted: number,
    readonly free: number,
  ) {
    super(
      `VLAN ${vlan.id} (${vlan.cidr}) is full: ${wanted} node addresses needed, ${free} free after the gateway, the reserved ranges and the clusters already in the repository`,
    );
  }
}

/**
 * Picks `count` node addresses on a VLAN, lowest first, skipping the network
 * and broadcast addresses, the gateway, the reserved ranges and every address
 * already taken by a cluster in the repository. Deterministic: the same taken
 * set always gives the same addresses.
 */
export function allocateNodeAddresses(
  vlan: ParsedVlan,
  count: number,
  taken: Iterable<string>,
): string[] {
  const blocked = new Set<number>();
  for (const text of taken) {
    const ip = parseIPv4(text);
    if (ip !== undefined) blocked.add(ip);
  }
  const isReserved = (ip: number) =>
    ip === vlan.gatewayIp ||
    vlan.reservedRanges.some(([from, to]) => ip >= from && ip <= to);

  const first = vlan.block.network + 1;
  const last = vlan.block.network + vlan.block.size - 2;
  const picked: string[] = [];
  let free = 0;
  for (let ip = first; ip <= last; ip++) {
    if (blocked.has(ip) || isReserved(ip)) continue;
    free++;
    if (picked.length < count) picked.push(formatIPv4(ip));
  }
  if (picked.length < count) {
    throw new AddressPoolExhaustedError(vlan, count, free);
  }
  return picked;
}
