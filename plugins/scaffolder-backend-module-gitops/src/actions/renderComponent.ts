import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ComponentRequest,
  ComponentSource,
  renderComponentApplication,
  resolveComponentRequest,
} from '@internal/plugin-gitops-manifests-node';
import { componentPullRequestBody } from '../pullRequestBody';
import {
  GitOpsActionDeps,
  renderOutputSchema,
  runRenderPipeline,
} from './renderPipeline';
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
      output: {
        ...renderOutputSchema,
        entityRef: z => z.string().describe('Catalog entity of the component'),
        domain: z => z.string(),
      },
    },
    async handler(ctx) {
      // a template passes an empty string for a field the form left out
      const input = Object.fromEntries(
        Object.entries(ctx.input).map(([key, value]) => [
          key,
          value === '' ? undefined : value,
        ]),
      ) as typeof ctx.input;
      const custom =
        input.chart !== undefined || input.chartRepoURL !== undefined;
      const sources: ComponentSource[] | undefined = custom
        ? [
            {
              type: 'helm',
              repoURL: input.chartRepoURL ?? '',
              chart: input.chart ?? '',
              version: input.chartVersion ?? '',
              ...(input.values
                ? { values: input.values as Record<string, unknown> }
                : {}),
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
      const { config } = deps.gitops;
      let domain: string | undefined = input.domain;
      try {
        domain = resolveComponentRequest(request, config.addresses).domain;
      } catch {
        // the request is checked again, with its errors, when it is rendered; here only the domain matters
      }
      await runRenderPipeline(ctx, deps, {
        request,
        targetPath: input.targetPath,
        authorize: {
          domain,
          what: `the ${domain ?? 'unknown'} component ${input.name}`,
        },
        render: async () => {
          const { files, component } = renderComponentApplication(
            config.layout,
            request,
            config.addresses,
          );
          return {
            rendered: { files },
            identity: {
              kind: 'component',
              action: 'create',
              target: `component:default/${component.name}`,
              domain: component.domain,
            },
            owner: request.owner,
            extraLabels: [`domain:${component.domain}`],
            title: `Platform component ${component.name} (${component.domain}/${component.group})`,
            body: context =>
              componentPullRequestBody({ ...context, component }),
            outputs: {
              entityRef: `component:default/${component.name}`,
              domain: component.domain,
            },
          };
        },
      });
    },
  });
}
