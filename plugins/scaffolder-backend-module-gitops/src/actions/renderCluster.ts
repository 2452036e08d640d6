import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ALLOCATION_INDEX_FILE,
  assertRenderedValid,
  NestedClusterRequest,
  parseAllocationIndex,
  renderNestedCluster,
  resolveNestedClusterRequest,
  serializeAllocationIndex,
  takenAddresses,
  withAllocation,
} from '@internal/plugin-gitops-manifests-node';
import { authorizeGitOpsChange } from '../access';
import { clusterPullRequestBody } from '../pullRequestBody';
import { resolveApprovers } from '../reviewers';
import { writeRenderedFiles } from '../workspace';
import { asInputError, GitOpsActionDeps, linesOf } from './deps';
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
        files: z => z.array(z.string()).describe('Repository paths written'),
        branchName: z =>
          z
            .string()
            .describe(
              'Branch for this request; the same request always gets the same branch',
            ),
        title: z => z.string().describe('Pull request title'),
        pullRequestBody: z =>
          z
            .string()
            .describe(
              'Pull request body: what changes, what was validated, who must approve',
            ),
        labels: z => z.array(z.string()),
        teamReviewers: z => z.array(z.string()),
        codeowners: z =>
          z.array(z.object({ path: z.string(), owners: z.array(z.string()) })),
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
        targetPath: ctx.input.targetPath || 'gitops',
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
      const credentials = await ctx.getInitiatorCredentials();
      const { protected: protectedChange } = await authorizeGitOpsChange({
        permissions: deps.permissions,
        credentials,
        rules: deps.config.protectedChanges,
        change: {
          environment: request.environment,
          what: `a ${request.environment} cluster`,
        },
      });
      try {
        resolveNestedClusterRequest(request, deps.config.platform);
      } catch (error) {
        asInputError(error);
      }
      if (!deps.config.sealingCertificatePem) {
        throw new Error(
          'gitops.sealing.certificate is not configured: the join token cannot be sealed, so no cluster can be rendered',
        );
      }

      const { repository, layout } = deps.config;
      const indexPath = `${layout.clustersPath}/${ALLOCATION_INDEX_FILE}`;
      let indexText: string | undefined;
      try {
        const publisher = await deps.github.publisher(repository);
        indexText = await publisher.readFile(
          repository.owner,
          repository.repo,
          repository.baseBranch,
          indexPath,
        );
      } catch (error) {
        if (!ctx.isDryRun) throw error;
        ctx.logger.warn(
          `dry run: could not read ${indexPath} from ${repository.url} (${
            (error as Error).message
          }); addresses are allocated as if the repository had no clusters`,
        );
      }
      const index = parseAllocationIndex(indexText);

      let result;
      try {
        result = await renderNestedCluster(request, {
          layout,
          sealingCertificatePem: deps.config.sealingCertificatePem,
          platform: deps.config.platform,
          image: deps.config.image,
          takenAddresses: takenAddresses(index, request.name),
        });
      } catch (error) {
        asInputError(error);
      }
      const report = assertRenderedValid(result);
      const updatedIndex = withAllocation(index, {
        cluster: result.cluster.name,
        environment: result.cluster.environment,
        addresses: Object.fromEntries(
          result.cluster.vlans.map(vlan => [
            vlan.name,
            result.nodes.map(n => n.addresses[vlan.name]),
          ]),
        ),
      });
      const paths = await writeRenderedFiles(
        ctx.workspacePath,
        input.targetPath,
        result.files,
        new Map([[indexPath, serializeAllocationIndex(updatedIndex)]]),
      );
      ctx.logger.info(
        `rendered ${result.nodes.length} nodes of ${result.cluster.name} into ${paths.length} files; ${report.checked.manifests} objects valid`,
      );

      const approvers = await resolveApprovers({
        catalog: deps.catalog,
        credentials,
        owner: request.owner,
        platformTeam: deps.config.platformTeam,
        protectedChange,
        environment: request.environment,
      });
      ctx.output('files', paths);
      ctx.output(
        'branchName',
        `gitops/cluster-${result.cluster.environment}-${result.cluster.name}`,
      );
      ctx.output(
        'title',
        `Nested cluster ${result.cluster.name} (${result.cluster.environment}): ${result.cluster.controlPlane.count} control plane + ${result.cluster.workers.count} workers`,
      );
      ctx.output(
        'pullRequestBody',
        clusterPullRequestBody({
          result,
          report,
          approvers,
          protectedChange,
          paths,
          requestedBy: ctx.user?.ref,
        }),
      );
      ctx.output('labels', approvers.labels);
      ctx.output('teamReviewers', approvers.teamReviewers);
      ctx.output(
        'codeowners',
        approvers.handles.length
          ? [{ path: `/${result.folder}/`, owners: approvers.handles }]
          : [],
      );
      ctx.output('entityRef', `resource:default/${result.cluster.name}`);
      ctx.output('apiServer', result.apiServer);
    },
  });
}
