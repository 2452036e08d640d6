import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRenderedValid,
  ComponentRequest,
  ComponentSource,
  renderComponentApplication,
  resolveComponentRequest,
} from '@internal/plugin-gitops-manifests-node';
import { authorizeGitOpsChange } from '../access';
import { componentPullRequestBody } from '../pullRequestBody';
import { resolveApprovers } from '../reviewers';
import { writeRenderedFiles } from '../workspace';
import { asInputError, componentChangeOutput, GitOpsActionDeps } from './deps';
import { examples } from './renderComponent.examples';

export const RENDER_COMPONENT_ACTION_ID = 'gitops:component:render';

/**
 * Renders one platform component's Argo CD Application into its domain
 * root's folder: a catalogue component by name, or a custom Helm chart.
 */
export function createRenderComponentAction(deps: GitOpsActionDeps) {
  return createTemplateAction({
    id: RENDER_COMPONENT_ACTION_ID,
    description:
      "Renders a platform component's Argo CD Application into its domain root (a catalogue component by name, or a custom Helm chart) and validates it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Component name: a catalogue component (postgres, metallb, ...) or a new DNS-1123 name',
            ),
        owner: z =>
          z
            .string()
            .describe('Owner group, e.g. group:default/platform-engineers'),
        domain: z =>
          z
            .string()
            .optional()
            .describe(
              'infrastructure, applications, workloads or environments (custom components)',
            ),
        group: z =>
          z
            .string()
            .optional()
            .describe(
              'Group inside the domain, e.g. databases (custom components)',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              'Namespace to deploy into; default the catalogue namespace or the name',
            ),
        syncWave: z =>
          z
            .number()
            .optional()
            .describe('Argo CD sync wave; default from the catalogue'),
        chartRepoURL: z =>
          z.string().optional().describe('Custom Helm chart: repository URL'),
        chart: z =>
          z.string().optional().describe('Custom Helm chart: chart name'),
        chartVersion: z =>
          z
            .string()
            .optional()
            .describe('Exact chart version (overrides the catalogue version)'),
        values: z =>
          z
            .record(z.unknown())
            .optional()
            .describe('Helm values merged over the catalogue values'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Workspace folder the repository files are written to'),
      },
      output: componentChangeOutput,
    },
    async handler(ctx) {
      // a template passes an empty string for a field the form left out
      const input = Object.fromEntries(
        Object.entries(ctx.input).map(([key, value]) => [
          key,
          value === '' ? undefined : value,
        ]),
      ) as typeof ctx.input;
      const targetPath = input.targetPath ?? 'gitops';
      const custom =
        input.chart !== undefined || input.chartRepoURL !== undefined;
      const sources: ComponentSource[] | undefined = custom
        ? [
            {
              type: 'helm',
              repoURL: input.chartRepoURL ?? '',
              chart: input.chart ?? '',
              version: input.chartVersion ?? '',
            },
          ]
        : undefined;
      const request: ComponentRequest = {
        name: input.name,
        owner: input.owner,
        domain: input.domain as ComponentRequest['domain'],
        group: input.group,
        namespace: input.namespace,
        syncWave: input.syncWave,
        sources,
        chartVersion: custom ? undefined : input.chartVersion,
        values: custom
          ? undefined
          : (input.values as Record<string, unknown> | undefined),
      };
      if (custom && input.values && sources?.[0]?.type === 'helm')
        sources[0].values = input.values as Record<string, unknown>;

      let domain: string | undefined = input.domain;
      try {
        domain = resolveComponentRequest(request).domain;
      } catch {
        // the request is checked again, with its errors, below; here only the domain matters
      }
      const credentials = await ctx.getInitiatorCredentials();
      const { protected: protectedChange } = await authorizeGitOpsChange({
        permissions: deps.permissions,
        credentials,
        rules: deps.config.protectedChanges,
        change: {
          domain,
          what: `the ${domain ?? 'unknown'} component ${input.name}`,
        },
      });

      let rendered;
      try {
        rendered = renderComponentApplication(deps.config.layout, request);
      } catch (error) {
        asInputError(error);
      }
      const report = assertRenderedValid({ files: rendered.files });
      const paths = await writeRenderedFiles(
        ctx.workspacePath,
        targetPath,
        rendered.files,
      );
      const approvers = await resolveApprovers({
        catalog: deps.catalog,
        credentials,
        owner: request.owner,
        platformTeam: deps.config.platformTeam,
        protectedChange,
      });
      const { component } = rendered;
      ctx.output('files', paths);
      ctx.output(
        'branchName',
        `gitops/component-${component.domain}-${component.name}`,
      );
      ctx.output(
        'title',
        `Platform component ${component.name} (${component.domain}/${component.group})`,
      );
      ctx.output(
        'pullRequestBody',
        componentPullRequestBody({
          component,
          report,
          approvers,
          protectedChange,
          paths,
          requestedBy: ctx.user?.ref,
        }),
      );
      ctx.output('labels', [...approvers.labels, `domain:${component.domain}`]);
      ctx.output('teamReviewers', approvers.teamReviewers);
      ctx.output('entityRef', `component:default/${component.name}`);
      ctx.output('domain', component.domain);
    },
  });
}
