import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRenderedValid,
  renderBootstrapTree,
} from '@internal/plugin-gitops-manifests-node';
import { authorizeGitOpsChange } from '../access';
import { bootstrapPullRequestBody } from '../pullRequestBody';
import { resolveApprovers } from '../reviewers';
import { writeRenderedFiles } from '../workspace';
import { asInputError, GitOpsActionDeps } from './deps';
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
      output: {
        files: z => z.array(z.string()),
        branchName: z => z.string(),
        title: z => z.string(),
        pullRequestBody: z => z.string(),
        labels: z => z.array(z.string()),
        teamReviewers: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const { protected: protectedChange } = await authorizeGitOpsChange({
        permissions: deps.permissions,
        credentials,
        rules: deps.config.protectedChanges,
        change: { domain: 'infrastructure', what: 'the bootstrap tree' },
      });
      let files;
      try {
        files = renderBootstrapTree(deps.config.layout, {
          components: ctx.input.components?.map(name => ({
            name,
            owner: ctx.input.owner ?? 'group:default/platform-engineers',
          })),
          argocd: ctx.input.argocdChartVersion
            ? { chartVersion: ctx.input.argocdChartVersion }
            : undefined,
        });
      } catch (error) {
        asInputError(error);
      }
      const report = assertRenderedValid({ files });
      const paths = await writeRenderedFiles(
        ctx.workspacePath,
        ctx.input.targetPath || 'gitops',
        files,
      );
      const approvers = await resolveApprovers({
        catalog: deps.catalog,
        credentials,
        owner: ctx.input.owner ?? 'group:default/platform-engineers',
        platformTeam: deps.config.platformTeam,
        protectedChange,
      });
      const componentCount = paths.filter(p =>
        p.startsWith(`${deps.config.layout.appsPath}/`),
      ).length;
      ctx.output('files', paths);
      ctx.output('branchName', 'gitops/bootstrap');
      ctx.output(
        'title',
        'Bootstrap the GitOps repository: Argo CD app-of-apps',
      );
      ctx.output(
        'pullRequestBody',
        bootstrapPullRequestBody({
          report,
          paths,
          componentCount,
          requestedBy: ctx.user?.ref,
          approvers,
        }),
      );
      ctx.output('labels', ['gitops', 'bootstrap']);
      ctx.output('teamReviewers', approvers.teamReviewers);
    },
  });
}
