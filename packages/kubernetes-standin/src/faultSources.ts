import { FaultSource } from './faults';

/** Resources of a source, by `group/plural` (`plural` for core); any version, any namespace, lists and gets. */
const SOURCE_OF_RESOURCE: Record<string, FaultSource> = {
  nodes: 'nodes',
  'argoproj.io/applications': 'argocd',
  'kubevirt.io/virtualmachines': 'kubevirt',
  'kubevirt.io/virtualmachineinstances': 'kubevirt',
  'ceph.rook.io/cephclusters': 'ceph',
  'cilium.io/ciliumnodes': 'cilium',
};

/** Single objects of a source among resources of general use: Cilium's agent DaemonSet and operator Deployment. */
const SOURCE_OF_OBJECT: Record<string, FaultSource> = {
  'apps/daemonsets/cilium': 'cilium',
  'apps/deployments/cilium-operator': 'cilium',
};

/**
 * The source a request path (below `/clusters/<name>`, without the query)
 * belongs to, or undefined for paths only an `all` fault touches (e.g.
 * `/version`, pods, namespaces). `readyz` covers the API server's health
 * endpoints: `/readyz`, `/livez`, `/healthz` and their single checks.
 */
export function faultSourceOf(path: string): FaultSource | undefined {
  if (/^\/(readyz|livez|healthz)(\/|$)/.test(path)) return 'readyz';
  const segments = path.split('/').filter(s => s !== '');
  let group: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  // namespaces/<ns>/<plural>[/<name>]; `namespaces` and `namespaces/<ns>` are the Namespace resource itself
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  const [plural, name] = rest;
  const resource = group === '' ? plural : `${group}/${plural}`;
  const byResource = SOURCE_OF_RESOURCE[resource];
  if (byResource) return byResource;
  if (name === undefined) return undefined;
  try {
    return SOURCE_OF_OBJECT[`${resource}/${decodeURIComponent(name)}`];
  } catch {
    return undefined; // a malformed escape names no object of a source
  }
}
