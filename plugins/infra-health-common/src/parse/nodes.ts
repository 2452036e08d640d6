import {
  KubernetesList,
  ObjectName,
  parseKubernetesList,
} from './kubernetesObjects';
import { KubernetesCondition, Parsed, readConditions } from './shape';

/** A core/v1 Node as the node rules read it. */
export interface KubernetesNode {
  metadata: ObjectName;
  status: {
    /** Absent conditions read as none (the node then is not Ready). */
    conditions: KubernetesCondition[];
    nodeInfo?: { kubeletVersion?: string };
  };
}

export type KubernetesNodeList = KubernetesList<KubernetesNode>;

/**
 * Parses `GET /api/v1/nodes`: a `NodeList` whose Nodes have a name, and
 * conditions that are a list of objects with a string `type` (each once)
 * and a `status` of True, False or Unknown; `nodeInfo.kubeletVersion`, when
 * there, a string.
 */
export function parseNodeList(body: unknown): Parsed<KubernetesNodeList> {
  return parseKubernetesList(body, 'Node', (node, metadata) => {
    const status = node.optionalObject('status');
    const nodeInfo = status?.optionalObject('nodeInfo');
    return {
      metadata,
      status: {
        conditions: status ? readConditions(status) : [],
        ...(nodeInfo
          ? {
              nodeInfo: {
                kubeletVersion: nodeInfo.optionalString('kubeletVersion'),
              },
            }
          : {}),
      },
    };
  });
}
