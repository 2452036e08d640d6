import {
  KubernetesList,
  ObjectName,
  parseKubernetesList,
  parseKubernetesObject,
} from './kubernetesObjects';
import { Parsed } from './shape';

/** The `cilium` DaemonSet (apps/v1) as the agents rule reads it. */
export interface CiliumDaemonSet {
  status: {
    desiredNumberScheduled: number;
    numberReady: number;
    numberUnavailable?: number;
  };
}

/** The `cilium-operator` Deployment (apps/v1) as the operator rule reads it. */
export interface CiliumOperatorDeployment {
  spec: { replicas: number };
  status: { availableReplicas: number };
}

/** A cilium.io/v2 CiliumNode: only its name is read. */
export interface CiliumNode {
  metadata: ObjectName;
}

export type CiliumNodeList = KubernetesList<CiliumNode>;

/**
 * Parses `GET .../daemonsets/cilium`: a `DaemonSet` whose
 * `status.desiredNumberScheduled` and `status.numberReady` are counts
 * (whole numbers from 0 to 100000). Both are always written by the API
 * server (no `omitempty`), so a missing one is not read as 0;
 * `numberUnavailable`, left out when 0, is a count when there.
 */
export function parseCiliumDaemonSet(body: unknown): Parsed<CiliumDaemonSet> {
  return parseKubernetesObject(body, 'DaemonSet', daemonSet => {
    const status = daemonSet.object('status');
    const numberUnavailable = status.optionalCount('numberUnavailable');
    return {
      status: {
        desiredNumberScheduled: status.count('desiredNumberScheduled'),
        numberReady: status.count('numberReady'),
        ...(numberUnavailable !== undefined ? { numberUnavailable } : {}),
      },
    };
  });
}

/**
 * Parses `GET .../deployments/cilium-operator`: a `Deployment` whose
 * `spec.replicas` (defaulted to 1 by the API server) and
 * `status.availableReplicas` (left out when 0) are counts from 0 to 100000.
 */
export function parseCiliumOperatorDeployment(
  body: unknown,
): Parsed<CiliumOperatorDeployment> {
  return parseKubernetesObject(body, 'Deployment', deployment => ({
    spec: {
      replicas: deployment.object('spec').optionalCount('replicas') ?? 1,
    },
    status: {
      availableReplicas:
        deployment
          .optionalObject('status')
          ?.optionalCount('availableReplicas') ?? 0,
    },
  }));
}

/** Parses `GET /apis/cilium.io/v2/ciliumnodes`: a `CiliumNodeList` of named CiliumNodes. */
export function parseCiliumNodeList(body: unknown): Parsed<CiliumNodeList> {
  return parseKubernetesList(body, 'CiliumNode', (_node, metadata) => ({
    metadata,
  }));
}
