import {
  ALLOCATION_INDEX_FILE,
  NestedClusterRequest,
  parseRequest,
  requestZod,
  parseAllocationIndex,
  renderNestedCluster,
  resolveNestedClusterRequest,
  serializeAllocationIndex,
  takenAddresses,
  withAllocation,
} from '@internal/plugin-gitops-manifests-node';
import { clusterPullRequestBody } from '../pullRequestBody';
import { withoutEmptyFields } from './inputs';
import { createRenderAction, GitOpsActionDeps } from './renderPipeline';
import { clusterActionInput } from './actionInputs';
import { examples } from './renderCluster.examples';

export const RENDER_CLUSTER_ACTION_ID = 'gitops:cluster:render';

/**
 * Renders a nested MicroK8s cluster on KubeVirt into the workspace, ready for
 * gitops:pull-request:open. Checks who asks and what they ask first; a denied
 * or invalid request renders nothing and sends nothing.
 */

export function createRenderClusterAction(deps: GitOpsActionDeps) {
  const { platform } = deps.gitops.config;
  return createRenderAction({
    id: RENDER_CLUSTER_ACTION_ID,
    description:
      'Renders a nested MicroK8s cluster (KubeVirt VMs, DataVolumes, sealed cloud-init, Argo CD Application) into the workspace and validates every file against the upstream schemas.',
    examples,
    input: z => clusterActionInput(z, platform),
    extraOutputs: z => ({
      entityRef: z
        .string()
        .describe('Catalog entity the cluster will appear as once merged'),
      apiServer: z.string(),
    }),
    deps,
    plan: ctx => {
      const { config } = deps.gitops;
      const environment = String(ctx.input.environment);
      return {
        request: ctx.input,
        targetPath: ctx.input.targetPath,
        authorize: { environment, what: `a ${environment} cluster` },
        render: async () => {
          // the scaffolder checks the input against the JSON schema but fills no defaults: parse it here
          const input = parseRequest(
            clusterActionInput(requestZod, platform),
            withoutEmptyFields(ctx.input) ?? {},
          );
          const request: NestedClusterRequest = {
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
          resolveNestedClusterRequest(request, config.platform);
          if (!config.sealingCertificatePem) {
            throw new Error(
              'gitops.sealing.certificate is not configured: the join token cannot be sealed, so no cluster can be rendered',
            );
          }
          const indexPath = `${config.layout.clustersPath}/${ALLOCATION_INDEX_FILE}`;
          const index = parseAllocationIndex(
            await readAllocationIndex(ctx, deps, indexPath),
          );
          const result = await renderNestedCluster(request, {
            layout: config.layout,
            sealingCertificatePem: config.sealingCertificatePem,
            platform: config.platform,
            image: config.image,
            takenAddresses: takenAddresses(index, request.name),
          });
          const { cluster } = result;
          const updatedIndex = withAllocation(index, {
            cluster: cluster.name,
            environment: cluster.environment,
            addresses: Object.fromEntries(
              cluster.vlans.map(vlan => [
                vlan.name,
                result.nodes.map(n => n.addresses[vlan.name]),
              ]),
            ),
          });
          return {
            rendered: result,
            extraFiles: new Map([
              [indexPath, serializeAllocationIndex(updatedIndex)],
            ]),
            identity: {
              kind: 'cluster',
              action: 'create',
              target: `resource:default/${cluster.name}`,
              environment: cluster.environment,
            },
            owner: request.owner,
            environment: request.environment,
            title: `Nested cluster ${cluster.name} (${cluster.environment}): ${cluster.controlPlane.count} control plane + ${cluster.workers.count} workers`,
            body: context => clusterPullRequestBody({ ...context, result }),
            codeownerPaths: [`/${result.folder}/`],
            outputs: {
              entityRef: `resource:default/${cluster.name}`,
              apiServer: result.apiServer,
            },
            logLine: (paths, report) =>
              `rendered ${result.nodes.length} nodes of ${cluster.name} into ${paths.length} files; ${report.checked.manifests} objects valid`,
          };
        },
      };
    },
  });
}

/**
 * The allocation index of the repository's base branch, from the shared
 * snapshot of the repository. A dry run that cannot reach GitHub allocates
 * as if the repository had no clusters, and says so.
 */
async function readAllocationIndex(
  ctx: { isDryRun?: boolean; logger: { warn(message: string): void } },
  deps: GitOpsActionDeps,
  indexPath: string,
): Promise<string | undefined> {
  try {
    return (await deps.gitops.reader().snapshot()).text(indexPath);
  } catch (error) {
    if (!ctx.isDryRun) throw error;
    ctx.logger.warn(
      `dry run: could not read ${indexPath} from ${
        deps.gitops.config.repository.url
      } (${
        (error as Error).message
      }); addresses are allocated as if the repository had no clusters`,
    );
    return undefined;
  }
}
