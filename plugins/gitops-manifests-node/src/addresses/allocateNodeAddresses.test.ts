import { allocateNodeAddresses } from './allocateNodeAddresses';
import { checkVlanPlan, DEFAULT_NESTED_VLANS } from './vlanPlan';

const [vlan105] = checkVlanPlan(DEFAULT_NESTED_VLANS).parsed;

describe('allocateNodeAddresses', () => {
  it('takes the lowest free addresses after the gateway and reserved range', () => {
    expect(allocateNodeAddresses(vlan105, 3, [])).toEqual([
      '192.168.105.21',
      '192.168.105.22',
      '192.168.105.23',
    ]);
  });

  it('never reuses an address a cluster in the repository holds', () => {
    expect(
      allocateNodeAddresses(vlan105, 2, ['192.168.105.21', '192.168.105.23']),
    ).toEqual(['192.168.105.22', '192.168.105.24']);
  });

  it('never hands out the gateway, reserved, network or broadcast addresses', () => {
    const all = allocateNodeAddresses(vlan105, 229, []);
    expect(all).toHaveLength(229);
    expect(all[0]).toBe('192.168.105.21');
    expect(all[all.length - 1]).toBe('192.168.105.249');
    for (const forbidden of [
      '192.168.105.0',
      '192.168.105.1',
      '192.168.105.20',
      '192.168.105.250',
      '192.168.105.255',
    ]) {
      expect(all).not.toContain(forbidden);
    }
  });

  it('fails clearly when the subnet is full', () => {
    const taken = allocateNodeAddresses(vlan105, 227, []);
    expect(() => allocateNodeAddresses(vlan105, 3, taken)).toThrow(
      'VLAN 105 (192.168.105.0/24) is full: 3 node addresses needed, 2 free after the gateway, the reserved ranges and the clusters already in the repository',
    );
  });
});

describe('checkVlanPlan', () => {
  it('accepts the seed VLANs 105, 108 and 109', () => {
    const { parsed, problems } = checkVlanPlan(DEFAULT_NESTED_VLANS);
    expect(problems).toEqual([]);
    expect(parsed.map(v => v.id)).toEqual([105, 108, 109]);
  });

  it('names overlapping subnets, a gateway outside its subnet and a CIDR with host bits', () => {
    const { problems } = checkVlanPlan([
      { ...DEFAULT_NESTED_VLANS[0] },
      {
        ...DEFAULT_NESTED_VLANS[1],
        id: 108,
        cidr: '192.168.105.128/25',
        gateway: '192.168.105.129',
        reserved: [],
      },
      { ...DEFAULT_NESTED_VLANS[2], gateway: '10.0.0.1' },
      { ...DEFAULT_NESTED_VLANS[2], id: 110, cidr: '192.168.110.7/24' },
    ]);
    expect(problems).toEqual([
      { field: 'vlans[1].cidr', rule: 'overlaps VLAN 105 (192.168.105.0/24)' },
      {
        field: 'vlans[2].gateway',
        rule: 'must be an IPv4 address inside 192.168.109.0/24',
      },
      {
        field: 'vlans[3].cidr',
        rule: 'must be an IPv4 CIDR block like 192.168.105.0/24 (got "192.168.110.7/24")',
      },
    ]);
  });
});
