import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ALLOCATION_INDEX_FILE,
  NestedClusterRequest,
  parseAllocationIndex,
  renderNestedCluster,
  resolveNestedClusterRequest,
  serializeAllocationIndex,
  takenAddresses,
  withAllocation,
} from '@internal/plugin-gitops-manifests-node';
import { clusterPullRequestBody } from '../pullRequestBody';
import { linesOf } from './inputs';
import {
  GitOpsActionDeps,
  renderOutputSchema,
  runRenderPipeline,
} from './renderPipeline';
import { examples } from './renderCluster.examples';

export const RENDER_CLUSTER_ACTION_ID = 'gitops:cluster:render';

/**
 * Renders a nested MicroK8s cluster on KubeVirt into the workspace, ready for
 * gitops:pull-request:open. Checks who asks and what they ask first; a denied
 * or invalid request renders nothing and sends nothing.
 */
export function createRenderClusterAction(deps: GitOpsActionDeps) {
  return createTemplateAction({
    id: RENDER_CLUSTER_ACTION_ID,
    description:
      'Renders a nested MicroK8s cluster (KubeVirt VMs, DataVolumes, sealed cloud-init, Argo CD Application) into the workspace and validates every file against the upstream schemas.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Cluster name: a DNS-1123 label of at most 40 characters; also its namespace',
            ),
        environment: z => z.string().describe('dev, qa, staging or prod'),
        owner: z =>
          z.string().describe('Owner group, e.g. group:default/app-developers'),
        controlPlaneCount: z =>
          z
            .number()
            .describe(
              'Control-plane nodes: 1, or 3 for high availability (prod needs 3)',
            ),
        controlPlaneSize: z =>
          z.string().optional().describe('small, medium, large or xlarge'),
        workerCount: z => z.number().describe('Worker nodes'),
        workerSize: z =>
          z.string().optional().describe('small, medium, large or xlarge'),
        channel: z => z.string().optional().describe('MicroK8s snap channel'),
        addons: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'MicroK8s addons; default dns, rbac, ingress, cert-manager, metrics-server, argocd',
            ),
        storageClass: z =>
          z
            .string()
            .optional()
            .describe('StorageClass of the node disks; default ceph-rbd'),
        vlans: z =>
          z
            .array(z.number())
            .optional()
            .describe(
              'VLANs the nodes attach to; 105 (nodes) is always included, 108 apps, 109 data',
            ),
        sshPublicKeys: z =>
          z
            .union([z.string(), z.array(z.string())])
            .describe('OpenSSH public keys, one per line'),
        extraSANs: z =>
          z
            .union([z.string(), z.array(z.string())])
            .optional()
            .describe('Extra API server certificate names, one per line'),
        hostSpread: z =>
          z
            .enum(['required', 'preferred'])
            .optional()
            .describe(
              'Keep control-plane VMs on different hosts: required (default) or preferred',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Workspace folder the repository files are written to'),
      },
      output: {
        ...renderOutputSchema,
        entityRef: z =>
          z
            .string()
            .describe('Catalog entity the cluster will appear as once merged'),
        apiServer: z => z.string(),
      },
    },
    async handler(ctx) {
      // the scaffolder checks inputs against the schema but does not fill defaults
      const input = {
        ...ctx.input,
        controlPlaneSize: ctx.input.controlPlaneSize || 'medium',
        workerSize: ctx.input.workerSize || 'medium',
        channel: ctx.input.channel || '1.32/stable',
      };
      const request: NestedClusterRequest = {
        name: input.name,
        environment: input.environment as NestedClusterRequest['environment'],
        owner: input.owner,
        controlPlane: {
          count: input.controlPlaneCount as 1 | 3,
          size: input.controlPlaneSize as any,
        },
        workers: { count: input.workerCount, size: input.workerSize as any },
        channel: input.channel,
        addons: input.addons,
        storageClass: input.storageClass,
        vlans: input.vlans,
        sshPublicKeys: linesOf(input.sshPublicKeys) ?? [],
        extraSANs: linesOf(input.extraSANs),
        hostSpread: input.hostSpread,
      };
      const { config } = deps.gitops;
      await runRenderPipeline(ctx, deps, {
        request,
        targetPath: input.targetPath,
        authorize: {
          environment: request.environment,
          what: `a ${request.environment} cluster`,
        },
        render: async () => {
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
      });
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
