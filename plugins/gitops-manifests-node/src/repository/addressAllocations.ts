import { parse } from 'yaml';
import { parseIPv4 } from '../addresses/ipv4';
import { toYaml } from '../serialize/yaml';
import { parseAllocationIndex, takenAddresses } from './allocationIndex';
import { collectAllocatedAddresses } from './collectAllocatedAddresses';

/** Folder of the per-address allocation files, relative to the layout's clustersPath. */
export const ALLOCATIONS_FOLDER = 'allocations';

/**
 * One file per allocated address: `<clustersPath>/allocations/<vlan>/<ip>.yaml`.
 * Two pull requests that take the same address both add the same path with
 * different content, which Git reports as a conflict whichever merges first;
 * two that take different addresses touch different files and merge
 * cleanly. (One shared index file conflicts only when the two edits are
 * near each other, so it let duplicates through.)
 */
export interface AddressAllocation {
  address: string;
  vlan: string;
  cluster: string;
  environment: string;
  node: string;
}

export function allocationFilePath(
  clustersPath: string,
  vlan: string,
  address: string,
): string {
  return `${clustersPath}/${ALLOCATIONS_FOLDER}/${vlan}/${address}.yaml`;
}

/** The file's content: the allocation, and who wrote it. */
export function allocationFileContent(allocation: AddressAllocation): string {
  return `# Allocated by the platform portal; removed when the node is removed.\n${toYaml(
    allocation,
  )}`;
}

const ALLOCATION_PATH = /^(.*)\/allocations\/([a-z0-9-]+)\/([0-9.]+)\.yaml$/;

/** The address and VLAN an allocation file's path names, if it is one under `clustersPath`. */
export function parseAllocationPath(
  clustersPath: string,
  path: string,
): { vlan: string; address: string } | undefined {
  const match = ALLOCATION_PATH.exec(path);
  if (!match || match[1] !== clustersPath) return undefined;
  if (parseIPv4(match[3]) === undefined) return undefined;
  return { vlan: match[2], address: match[3] };
}

/** The allocation a file records, or undefined for a file that does not parse as one. */
export function readAllocationFile(
  content: string | undefined,
): AddressAllocation | undefined {
  if (!content) return undefined;
  try {
    const value = parse(content, { maxAliasCount: 0 }) as AddressAllocation;
    return value && typeof value.cluster === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every address the repository holds, by any means: the per-address files
 * (by their path: the path is the claim), the older single index
 * (`allocations.yaml`), and the address annotations of the VMs under
 * `clustersPath`. A file that does not parse still holds its address.
 */
export function addressesInRepository(
  clustersPath: string,
  paths: Iterable<string>,
  text: (path: string) => string | undefined,
): Set<string> {
  const taken = new Set<string>();
  const vmFiles: Array<{ path: string; content: string }> = [];
  for (const path of paths) {
    const allocation = parseAllocationPath(clustersPath, path);
    if (allocation) {
      taken.add(allocation.address);
      continue;
    }
    if (path === `${clustersPath}/allocations.yaml`) {
      for (const a of takenAddresses(parseAllocationIndex(text(path))))
        taken.add(a);
      continue;
    }
    if (path.startsWith(`${clustersPath}/`) && /\.ya?ml$/.test(path)) {
      const content = text(path);
      if (content !== undefined) vmFiles.push({ path, content });
    }
  }
  for (const a of collectAllocatedAddresses(vmFiles)) taken.add(a);
  return taken;
}
