import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { renderBootstrapTree } from '@internal/plugin-gitops-manifests-node';
import { bootstrapPullRequestBody } from '../pullRequestBody';
import {
  GitOpsActionDeps,
  renderOutputSchema,
  runRenderPipeline,
} from './renderPipeline';
import { examples } from './renderBootstrap.examples';

export const RENDER_BOOTSTRAP_ACTION_ID = 'gitops:bootstrap:render';

/** Renders the whole app-of-apps tree of the seeds into the workspace. */
export function createRenderBootstrapAction(deps: GitOpsActionDeps) {
  return createTemplateAction({
    id: RENDER_BOOTSTRAP_ACTION_ID,
    description:
      'Renders the whole Argo CD app-of-apps tree (root, argocd-self, platform-root, domain roots and projects, component Applications, nested-cluster networks) and validates it.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        components: z =>
          z
            .array(z.string())
            .optional()
            .describe('Catalogue components to include; default all of them'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              "Owner group of the included components; default each component's default owner",
            ),
        argocdChartVersion: z =>
          z
            .string()
            .optional()
            .describe('argo-cd chart version argocd-self deploys'),
        targetPath: z => z.string().optional(),
      },
      output: renderOutputSchema,
    },
    async handler(ctx) {
      const { config } = deps.gitops;
      const owner = ctx.input.owner ?? 'group:default/platform-engineers';
      await runRenderPipeline(ctx, deps, {
        request: ctx.input,
        targetPath: ctx.input.targetPath,
        authorize: { domain: 'infrastructure', what: 'the bootstrap tree' },
        render: async () => {
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
      });
    },
  });
}
