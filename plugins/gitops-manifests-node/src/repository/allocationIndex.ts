import { parse } from 'yaml';
import { toYaml } from '../serialize/yaml';

/** Path of the address index, relative to the layout's clustersPath. */
export const ALLOCATION_INDEX_FILE = 'allocations.yaml';

export interface ClusterAllocation {
  cluster: string;
  environment: string;
  /** Addresses by VLAN name. */
  addresses: Record<string, string[]>;
}

/**
 * The repository's index of node addresses, one entry per nested cluster.
 * Every cluster pull request rewrites it, so two requests that race for the
 * same addresses conflict on this file in GitHub instead of both merging.
 */
export interface AllocationIndex {
  clusters: ClusterAllocation[];
}

export function parseAllocationIndex(
  text: string | undefined,
): AllocationIndex {
  if (!text) return { clusters: [] };
  const data = parse(text) as Partial<AllocationIndex> | null;
  const clusters = Array.isArray(data?.clusters) ? data!.clusters : [];
  return {
    clusters: clusters.filter(
      (c): c is ClusterAllocation =>
        !!c &&
        typeof c.cluster === 'string' &&
        typeof c.addresses === 'object' &&
        c.addresses !== null,
    ),
  };
}

/** Addresses held by every cluster except `exceptCluster` (a re-render keeps its own). */
export function takenAddresses(
  index: AllocationIndex,
  exceptCluster?: string,
): Set<string> {
  const taken = new Set<string>();
  for (const entry of index.clusters) {
    if (entry.cluster === exceptCluster) continue;
    for (const list of Object.values(entry.addresses)) {
      for (const address of list) taken.add(address);
    }
  }
  return taken;
}

/** The index with `allocation` added or replaced, sorted by cluster name. */
export function withAllocation(
  index: AllocationIndex,
  allocation: ClusterAllocation,
): AllocationIndex {
  const clusters = index.clusters.filter(c => c.cluster !== allocation.cluster);
  clusters.push(allocation);
  clusters.sort((a, b) => a.cluster.localeCompare(b.cluster));
  return { clusters };
}

export function serializeAllocationIndex(index: AllocationIndex): string {
  return `# Node addresses of the nested clusters, written by the platform portal.\n# Every cluster pull request updates this file; do not edit by hand.\n${toYaml(
    index,
  )}`;
}
