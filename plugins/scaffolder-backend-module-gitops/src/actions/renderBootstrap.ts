import {
  parseRequest,
  renderBootstrapTree,
  requestZod,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { bootstrapPullRequestBody } from '../pullRequestBody';
import { createRenderAction, GitOpsActionDeps } from './renderPipeline';
import { bootstrapActionInput } from './actionInputs';
import { examples } from './renderBootstrap.examples';

export const RENDER_BOOTSTRAP_ACTION_ID = 'gitops:bootstrap:render';

/** Renders the whole app-of-apps tree of the seeds into the workspace. */
export function createRenderBootstrapAction(deps: GitOpsActionDeps) {
  return createRenderAction({
    id: RENDER_BOOTSTRAP_ACTION_ID,
    description:
      'Renders the whole Argo CD app-of-apps tree (root, argocd-self, platform-root, domain roots and projects, component Applications, nested-cluster networks) and validates it.',
    examples,
    input: bootstrapActionInput,
    deps,
    plan: ctx => {
      const { config } = deps.gitops;
      const owner = ctx.input.owner ?? 'group:default/platform-engineers';
      return {
        request: ctx.input,
        targetPath: ctx.input.targetPath,
        requestedOwner: ctx.input.owner,
        authorize: { domain: 'infrastructure', what: 'the bootstrap tree' },
        render: async () => {
          parseRequest(bootstrapActionInput(requestZod), ctx.input);
          const files = renderBootstrapTree(
            config.layout,
            {
              components: ctx.input.components?.map(name => ({ name, owner })),
              argocd: ctx.input.argocdChartVersion
                ? { chartVersion: ctx.input.argocdChartVersion }
                : undefined,
            },
            config.addresses,
          );
          return {
            rendered: { files },
            identity: {
              kind: 'bootstrap',
              action: 'create',
              target: 'system:default/gitops',
            },
            owner,
            extraLabels: ['bootstrap'],
            title: 'Bootstrap the GitOps repository: Argo CD app-of-apps',
            body: context =>
              bootstrapPullRequestBody({
                ...context,
                componentCount: context.paths.filter(p =>
                  p.startsWith(`${config.layout.appsPath}/`),
                ).length,
              }),
          };
        },
      };
    },
  });
}
