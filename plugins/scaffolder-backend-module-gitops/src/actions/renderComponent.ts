import {
  componentRequestFromForm,
  renderComponentApplication,
  parseRequest,
  requestZod,
  resolveComponentRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { componentPullRequestBody } from '../pullRequestBody';
import { createRenderAction, GitOpsActionDeps } from './renderPipeline';
import { componentActionInput } from './actionInputs';
import { examples } from './renderComponent.examples';

export const RENDER_COMPONENT_ACTION_ID = 'gitops:component:render';

/**
 * Renders one platform component's Argo CD Application into its domain
 * root's folder: a catalogue component by name, or a custom Helm chart.
 */
export function createRenderComponentAction(deps: GitOpsActionDeps) {
  return createRenderAction({
    id: RENDER_COMPONENT_ACTION_ID,
    description:
      "Renders a platform component's Argo CD Application into its domain root (a catalogue component by name, or a custom Helm chart) and validates it.",
    examples,
    input: componentActionInput,
    extraOutputs: z => ({
      entityRef: z.string().describe('Catalog entity of the component'),
      domain: z.string(),
    }),
    deps,
    plan: ctx => {
      // a template passes an empty string for a field the form left out
      const input = Object.fromEntries(
        Object.entries(ctx.input).map(([key, value]) => [
          key,
          value === '' ? undefined : value,
        ]),
      ) as typeof ctx.input;
      const request = componentRequestFromForm(input);
      const { config } = deps.gitops;
      let domain: string | undefined = input.domain;
      try {
        domain = resolveComponentRequest(request, config.addresses).domain;
      } catch {
        // the request is checked again, with its errors, when it is rendered; here only the domain matters
      }
      return {
        request,
        targetPath: input.targetPath,
        requestedOwner: input.owner,
        authorize: {
          domain,
          what: `the ${domain ?? 'unknown'} component ${input.name}`,
        },
        render: async () => {
          // the form's fields first, so a problem is named as the form names it
          parseRequest(componentActionInput(requestZod), input);
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
      };
    },
  });
}
