import { isIP } from 'net';

/**
 * Addresses of the platform that catalogue values refer to instead of
 * writing them down: `{ $platformAddress: apiServerVip }` in a Helm value
 * becomes the address when the Application is rendered. They differ per
 * platform, so they come from configuration (`gitops.platform.addresses`).
 */
export interface PlatformAddresses {
  /**
   * Virtual IP (or DNS name) of the HA cluster's Kubernetes API server, held
   * by Keepalived on the control-plane nodes. Cilium reaches the API server
   * through it (`k8sServiceHost`) because no kube-proxy is left to do so.
   */
  apiServerVip: string;
}

/** The name of one platform address. */
export type PlatformAddressName = keyof PlatformAddresses;

/** The addresses the seeds give, used where configuration sets none. */
export const DEFAULT_PLATFORM_ADDRESSES: Readonly<PlatformAddresses> =
  Object.freeze({
    // RFC 002 §4.4 (Control Plane High Availability): the Keepalived VIP on VLAN 102
    apiServerVip: '192.168.102.10',
  });

/** The key of a reference to a platform address in a catalogue or request value. */
export const PLATFORM_ADDRESS_KEY = '$platformAddress';

/** A value that stands for a platform address: `{ $platformAddress: <name> }`. */
export type PlatformAddressRef = {
  [PLATFORM_ADDRESS_KEY]: PlatformAddressName;
};

const ADDRESS_NAMES = Object.keys(
  DEFAULT_PLATFORM_ADDRESSES,
) as PlatformAddressName[];

const DNS_NAME =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/**
 * The defaults with the given addresses over them. Throws when a name is
 * unknown (a typo in configuration would otherwise be ignored) or an address
 * is not an IPv4 or IPv6 address or a DNS name.
 */
export function resolvePlatformAddresses(
  addresses?: Partial<PlatformAddresses>,
): PlatformAddresses {
  if (addresses === undefined) return DEFAULT_PLATFORM_ADDRESSES;
  const problems: string[] = [];
  if (addresses === null || typeof addresses !== 'object') {
    problems.push('must be a map of address names to addresses');
  } else {
    for (const [name, address] of Object.entries(addresses)) {
      if (!(ADDRESS_NAMES as string[]).includes(name)) {
        problems.push(
          `${name}: is not a platform address (known: ${ADDRESS_NAMES.join(
            ', ',
          )})`,
        );
      } else if (
        address !== undefined &&
        (typeof address !== 'string' ||
          (isIP(address) === 0 && !DNS_NAME.test(address)))
      ) {
        problems.push(
          `${name}: must be an IPv4 or IPv6 address or a DNS name (got ${JSON.stringify(
            address,
          )})`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `invalid platform addresses:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
  }
  const resolved: PlatformAddresses = { ...DEFAULT_PLATFORM_ADDRESSES };
  for (const name of ADDRESS_NAMES) {
    const address = addresses[name];
    if (address !== undefined) resolved[name] = address;
  }
  return resolved;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `value` with every `{ $platformAddress: <name> }` replaced by the
 * address. `field` names the value (e.g. `sources[0].values`) of `component`;
 * each bad reference is reported with the path of the value inside it.
 */
export function substitutePlatformAddresses(
  value: unknown,
  addresses: PlatformAddresses,
  where: { component: string; field: string },
  report: (field: string, rule: string) => void,
): unknown {
  const { component, field } = where;
  const inner = (item: unknown, path: string) =>
    substitutePlatformAddresses(
      item,
      addresses,
      { component, field: path },
      report,
    );
  if (Array.isArray(value)) {
    return value.map((item, i) => inner(item, `${field}[${i}]`));
  }
  if (!isPlainObject(value)) return value;
  if (Object.prototype.hasOwnProperty.call(value, PLATFORM_ADDRESS_KEY)) {
    const name = value[PLATFORM_ADDRESS_KEY];
    if (Object.keys(value).length !== 1 || typeof name !== 'string') {
      report(
        field,
        `component ${component} has a malformed platform address reference: it must be exactly { ${PLATFORM_ADDRESS_KEY}: <name> } (known names: ${ADDRESS_NAMES.join(
          ', ',
        )})`,
      );
      return value;
    }
    if (!(ADDRESS_NAMES as string[]).includes(name)) {
      report(
        field,
        `component ${component} refers to the unknown platform address ${JSON.stringify(
          name,
        )} (known: ${ADDRESS_NAMES.join(', ')})`,
      );
      return value;
    }
    return addresses[name as PlatformAddressName];
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      inner(item, `${field}.${key}`),
    ]),
  );
}
