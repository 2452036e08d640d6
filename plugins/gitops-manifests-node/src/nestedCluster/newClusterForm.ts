import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { RequestValidationError } from '../requests/RequestValidationError';
import { Zod } from '../requests/requestSchema';
import { candidateClusterFolders } from './clusterRecord';
import {
  NestedClusterRenderResult,
  nodeAllocationFiles,
} from './renderNestedCluster';
import {
  NestedClusterPlatform,
  nestedClusterFields,
  NestedClusterRequest,
} from './request';

/**
 * A new cluster's request as the form sends it: one field per form field,
 * flat, each with the rule the nested-cluster request gives it and the
 * defaults the form shows. The scaffolder's gitops:cluster:render takes it
 * (with its workspace folder) and so does the MCP dry run.
 */
export function nestedClusterFormInput(
  z: Zod,
  platform: NestedClusterPlatform,
) {
  const f = nestedClusterFields(z, platform);
  return z.object({
    name: f.name,
    environment: f.environment,
    owner: f.owner,
    controlPlaneCount: f.controlPlaneCount,
    controlPlaneSize: f.sizeName().default('medium'),
    workerCount: f.workerCount,
    workerSize: f.sizeName().default('medium'),
    channel: f.channel,
    addons: f.addons,
    storageClass: f.storageClass,
    vlans: f.vlans,
    sshPublicKeys: f.sshPublicKeys,
    extraSANs: f.extraSANs,
    hostSpread: f.hostSpread,
  });
}

/** The form's fields once checked by nestedClusterFormInput. */
export type NestedClusterFormFields = ReturnType<
  typeof nestedClusterFormInput
>['_output'];

/** The form's flat fields as the generator's request. */
export function nestedClusterRequestFromForm(
  input: NestedClusterFormFields,
): NestedClusterRequest {
  return {
    name: input.name,
    environment: input.environment,
    owner: input.owner,
    controlPlane: {
      count: input.controlPlaneCount,
      size: input.controlPlaneSize,
    },
    workers: { count: input.workerCount, size: input.workerSize },
    channel: input.channel,
    addons: input.addons,
    storageClass: input.storageClass,
    vlans: input.vlans,
    sshPublicKeys: input.sshPublicKeys,
    extraSANs: input.extraSANs,
    hostSpread: input.hostSpread,
  };
}

/**
 * Refuses a new cluster whose name a cluster in the repository already has,
 * in any environment; `paths` are the repository's files (none when it could
 * not be read).
 */
export function assertNewClusterName(
  layout: GitOpsLayout,
  name: string,
  paths: readonly string[] | undefined,
): void {
  const existing = candidateClusterFolders(layout, name).find(folder =>
    paths?.some(p => p.startsWith(`${folder}/`)),
  );
  if (existing)
    throw new RequestValidationError([
      {
        field: 'name',
        rule: `a cluster named ${name} already exists (${existing}): change it with the Scale, Resize or Retire templates`,
      },
    ]);
}

/**
 * The allocation files of a rendered new cluster: one per node and VLAN, and
 * the API's virtual IP held like a node's address.
 */
export function newClusterAllocationFiles(
  layout: GitOpsLayout,
  result: Pick<NestedClusterRenderResult, 'cluster' | 'nodes' | 'apiVip'>,
): Map<string, string> {
  const { cluster } = result;
  return nodeAllocationFiles(layout, cluster, [
    ...result.nodes,
    ...(result.apiVip
      ? [
          {
            name: `${cluster.name}-api`,
            addresses: { [cluster.nodeVlan.name]: result.apiVip },
          },
        ]
      : []),
  ]);
}
