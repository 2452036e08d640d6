import {
  addressesInRepository,
  assertNewClusterName,
  nestedClusterRequestFromForm,
  newClusterAllocationFiles,
  parseRequest,
  requestZod,
  renderNestedCluster,
  resolveNestedClusterRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { changeBranchName } from '@proficientnow/backstage-plugin-gitops-common';
import { RepositorySnapshot } from '@proficientnow/backstage-plugin-gitops-node';
import {
  addressesClaimedByOpenChanges,
  openPortalChanges,
} from '../openChanges';
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
        requestedOwner: ctx.input.owner,
        authorize: { environment, what: `a ${environment} cluster` },
        render: async () => {
          // the scaffolder checks the input against the JSON schema but fills no defaults: parse it here
          const input = parseRequest(
            clusterActionInput(requestZod, platform),
            withoutEmptyFields(ctx.input) ?? {},
          );
          const request = nestedClusterRequestFromForm(input);
          resolveNestedClusterRequest(request, config.platform);
          if (!config.sealingCertificatePem) {
            throw new Error(
              'gitops.sealing.certificate is not configured: the join token cannot be sealed, so no cluster can be rendered',
            );
          }
          const snapshot = await readSnapshot(ctx, deps);
          assertNewClusterName(config.layout, request.name, snapshot?.paths());
          // addresses held on the base branch, and claimed by open pull requests other than this request's own
          const taken = snapshot
            ? addressesInRepository(
                config.layout.clustersPath,
                snapshot.paths(),
                p => snapshot.text(p),
              )
            : new Set<string>();
          const ownBranch = changeBranchName({
            kind: 'cluster',
            action: 'create',
            target: `resource:default/${request.name}`,
            environment: request.environment,
            requestDigest: '0'.repeat(64),
          });
          for (const address of await addressesClaimedByOpenChanges(
            deps,
            await openPortalChanges(deps, ctx),
            ownBranch,
          ))
            taken.add(address);
          const result = await renderNestedCluster(request, {
            layout: config.layout,
            sealingCertificatePem: config.sealingCertificatePem,
            platform: config.platform,
            image: config.image,
            takenAddresses: taken,
            joinTokenKey: config.joinTokenKey,
          });
          const { cluster } = result;
          return {
            rendered: result,
            extraFiles: newClusterAllocationFiles(config.layout, result),
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
 * The repository's base branch, from the shared snapshot. A dry run that
 * cannot reach GitHub allocates as if the repository had no clusters, and
 * says so.
 */
async function readSnapshot(
  ctx: { isDryRun?: boolean; logger: { warn(message: string): void } },
  deps: GitOpsActionDeps,
): Promise<RepositorySnapshot | undefined> {
  try {
    return await deps.gitops.reader().snapshot();
  } catch (error) {
    if (!ctx.isDryRun) throw error;
    ctx.logger.warn(
      `dry run: could not read ${deps.gitops.config.repository.url} (${
        (error as Error).message
      }); addresses are allocated as if the repository had no clusters`,
    );
    return undefined;
  }
}
