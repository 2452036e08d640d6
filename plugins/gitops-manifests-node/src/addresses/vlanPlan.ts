import {
  Cidr,
  cidrContains,
  cidrsOverlap,
  parseCidr,
  parseIPv4,
  parseRange,
} from './ipv4';

/** One VLAN nested clusters attach to, from the seeds' VLAN plan (RFC 002, section 2.1). */
export interface VlanNetwork {
  id: number;
  /** Short name used for the network attachment, e.g. `vlan105`. */
  name: string;
  purpose: string;
  cidr: string;
  gateway: string;
  /** Addresses never handed to nodes (infrastructure, OPNsense, DHCP pools), as `a.b.c.d` or `a.b.c.d-a.b.c.e`. */
  reserved: string[];
  /** DNS servers for nodes on this network. */
  dnsServers: string[];
}

/**
 * The seeds' VLANs for nested clusters: 105 carries the nested clusters' node
 * traffic, 108 their applications, 109 their data. .1 is the gateway in the
 * seed's table; .2-.20 and .250-.254 stay free for routers, firewalls and
 * VIPs (OPNsense uses .254 on the other VLANs).
 */
export const DEFAULT_NESTED_VLANS: VlanNetwork[] = [
  {
    id: 105,
    name: 'vlan105',
    purpose: 'Nested Clusters',
    cidr: '192.168.105.0/24',
    gateway: '192.168.105.1',
    reserved: [
      '192.168.105.1-192.168.105.20',
      '192.168.105.250-192.168.105.255',
    ],
    dnsServers: ['192.168.105.1'],
  },
  {
    id: 108,
    name: 'vlan108',
    purpose: 'Nested Cluster Apps',
    cidr: '192.168.108.0/24',
    gateway: '192.168.108.1',
    reserved: [
      '192.168.108.1-192.168.108.20',
      '192.168.108.250-192.168.108.255',
    ],
    dnsServers: ['192.168.108.1'],
  },
  {
    id: 109,
    name: 'vlan109',
    purpose: 'Nested Cluster Data',
    cidr: '192.168.109.0/24',
    gateway: '192.168.109.1',
    reserved: [
      '192.168.109.1-192.168.109.20',
      '192.168.109.250-192.168.109.255',
    ],
    dnsServers: ['192.168.109.1'],
  },
];

/** The VLAN that carries node traffic (the MicroK8s join address lives here). */
export const NODE_VLAN_ID = 105;

export interface ParsedVlan extends VlanNetwork {
  block: Cidr;
  gatewayIp: number;
  reservedRanges: Array<[number, number]>;
}

/**
 * Checks a VLAN plan from configuration: every CIDR a block, the gateway
 * inside it, reserved ranges inside it, no two VLANs overlapping. Returns the
 * problems by field, so configuration errors name the key.
 */
export function checkVlanPlan(
  vlans: VlanNetwork[],
  field = 'vlans',
): { parsed: ParsedVlan[]; problems: Array<{ field: string; rule: string }> } {
  const problems: Array<{ field: string; rule: string }> = [];
  const parsed: ParsedVlan[] = [];
  vlans.forEach((vlan, index) => {
    const at = `${field}[${index}]`;
    const block = parseCidr(vlan.cidr);
    if (!block) {
      problems.push({
        field: `${at}.cidr`,
        rule: `must be an IPv4 CIDR block like 192.168.105.0/24 (got ${JSON.stringify(
          vlan.cidr,
        )})`,
      });
      return;
    }
    const gatewayIp = parseIPv4(vlan.gateway);
    if (gatewayIp === undefined || !cidrContains(block, gatewayIp)) {
      problems.push({
        field: `${at}.gateway`,
        rule: `must be an IPv4 address inside ${vlan.cidr}`,
      });
      return;
    }
    const reservedRanges: Array<[number, number]> = [];
    vlan.reserved.forEach((text, r) => {
      const range = parseRange(text);
      if (
        !range ||
        !cidrContains(block, range[0]) ||
        !cidrContains(block, range[1])
      ) {
        problems.push({
          field: `${at}.reserved[${r}]`,
          rule: `must be an address or range inside ${vlan.cidr}`,
        });
      } else {
        reservedRanges.push(range);
      }
    });
    for (const other of parsed) {
      if (cidrsOverlap(other.block, block)) {
        problems.push({
          field: `${at}.cidr`,
          rule: `overlaps VLAN ${other.id} (${other.cidr})`,
        });
      }
      if (other.id === vlan.id) {
        problems.push({
          field: `${at}.id`,
          rule: `VLAN ${vlan.id} is listed twice`,
        });
      }
    }
    parsed.push({ ...vlan, block, gatewayIp, reservedRanges });
  });
  return { parsed, problems };
}
