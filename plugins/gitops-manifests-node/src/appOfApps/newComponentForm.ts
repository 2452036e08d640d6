import { ComponentSource } from '../catalogue/types';
import { Zod } from '../requests/requestSchema';
import { componentFields, ComponentRequest } from './componentRequest';

/**
 * A new component's request as the form sends it: a catalogue component by
 * name, or a custom Helm chart (repository, chart, version), each field with
 * the rule the component request gives it. The scaffolder's
 * gitops:component:render takes it (with its workspace folder) and so does
 * the MCP dry run.
 */
export function componentFormInput(z: Zod) {
  const f = componentFields(z);
  return z.object({
    name: f.name,
    owner: f.owner,
    domain: f.domain.optional(),
    group: f.group.optional(),
    namespace: f.namespace.optional(),
    syncWave: f.syncWave.optional(),
    chartRepoURL: f.chartRepoURL.optional(),
    chart: f.chart.optional(),
    chartVersion: f.chartVersion.optional(),
    values: f.values.optional(),
  });
}

/** The form's fields once checked by componentFormInput. */
export type ComponentFormFields = ReturnType<
  typeof componentFormInput
>['_output'];

/**
 * The form's flat fields as the generator's request: a custom chart becomes
 * its one Helm source. Fields may still be missing (the request is checked
 * when it is rendered).
 */
export function componentRequestFromForm(
  input: Partial<ComponentFormFields>,
): ComponentRequest {
  const custom = input.chart !== undefined || input.chartRepoURL !== undefined;
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
  return {
    name: input.name as string,
    owner: input.owner as string,
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
}
