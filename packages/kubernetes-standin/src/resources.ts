/** A resource type the stand-in serves. */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Lower-case plural, as in the URL. */
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    kind: 'Node',
    namespaced: false,
  },
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
  },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    kind: 'Application',
    namespaced: true,
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    plural: 'virtualmachines',
    kind: 'VirtualMachine',
    namespaced: true,
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    plural: 'virtualmachineinstances',
    kind: 'VirtualMachineInstance',
    namespaced: true,
  },
  {
    group: 'ceph.rook.io',
    version: 'v1',
    plural: 'cephclusters',
    kind: 'CephCluster',
    namespaced: true,
  },
  {
    group: 'cilium.io',
    version: 'v2',
    plural: 'ciliumnodes',
    kind: 'CiliumNode',
    namespaced: false,
  },
  {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'certificates',
    kind: 'Certificate',
    namespaced: true,
  },
];

/** `v1` for core, `group/version` otherwise. */
export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `group/plural` (just `plural` for core): the key of `missingResources` and `forbidden`. */
export function resourceKey(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.group}/${type.plural}`;
}

/**
 * The types a stand-in serves: {@link RESOURCE_TYPES} and the custom ones a
 * test adds (a CAPI `Cluster`, a CloudNativePG `Cluster` ...). A custom type
 * must be a CRD's (a group with a dot) and may not repeat a served one.
 */
export function servedResourceTypes(
  custom: readonly ResourceType[] = [],
): readonly ResourceType[] {
  const types = [...RESOURCE_TYPES];
  for (const type of custom) {
    if (!type.group.includes('.')) {
      throw new Error(
        `resourceTypes: ${type.kind} must be a custom resource, in a group with a dot (e.g. example.com); got '${type.group}'`,
      );
    }
    const clash = types.find(
      t =>
        (t.group === type.group &&
          t.version === type.version &&
          t.plural === type.plural) ||
        (apiVersionOf(t) === apiVersionOf(type) && t.kind === type.kind),
    );
    if (clash) {
      throw new Error(
        `resourceTypes: ${resourceKey(type)} (${type.kind}) is served already`,
      );
    }
    types.push(type);
  }
  return types;
}

/** Built-in types: their list items come without apiVersion/kind, like a real API server. */
export function isBuiltIn(type: ResourceType): boolean {
  return type.group === '' || type.group === 'apps';
}

export function findByPath(
  group: string,
  version: string,
  plural: string,
  types: readonly ResourceType[] = RESOURCE_TYPES,
): ResourceType | undefined {
  return types.find(
    t => t.group === group && t.version === version && t.plural === plural,
  );
}

export function findByKind(
  apiVersion: string,
  kind: string,
  types: readonly ResourceType[] = RESOURCE_TYPES,
): ResourceType | undefined {
  return types.find(t => apiVersionOf(t) === apiVersion && t.kind === kind);
}

/** Accepts `group/plural`, `plural` (core) and `plural.group` spellings. */
export function normaliseResourceKey(key: string): string {
  if (key.includes('/')) return key;
  const dot = key.indexOf('.');
  return dot === -1 ? key : `${key.slice(dot + 1)}/${key.slice(0, dot)}`;
}
