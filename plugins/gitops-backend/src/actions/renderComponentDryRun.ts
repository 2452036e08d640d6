import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ComponentRequest,
  ComponentSource,
  componentFields,
  parseRequest,
  renderComponentApplication,
  requestZod,
  resolveComponentRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { authorizeNewChange } from './authorizeNewChange';
import {
  DryRunOutput,
  invalidRequest,
  renderedAnswer,
  Zod,
} from './dryRunOutput';
import { assertOwnerGroupExists } from './ownerGroup';
import { DryRunDeps } from './renderClusterDryRun';

/**
 * The component request as gitops:component:render takes it: a catalogue
 * component by name, or a custom Helm chart (repository, chart, version),
 * each field with the rule the component request gives it.
 */
export function componentRequestInput(z: Zod) {
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

type ComponentInput = ReturnType<typeof componentRequestInput>['_output'];

/** The flat fields as the generator's request (a custom chart becomes its one Helm source). */
function componentRequestOf(input: Partial<ComponentInput>): ComponentRequest {
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

/**
 * What gitops:component:render would put into the pull request for this
 * request (its Argo CD Application in the domain root), rendered and
 * validated by the same generator and with the same permission rule (an
 * infrastructure component is protected); nothing is written or opened.
 */
export async function renderComponentDryRun(
  deps: DryRunDeps,
  raw: unknown,
  credentials: BackstageCredentials,
): Promise<DryRunOutput> {
  const { config } = deps.gitops;
  const fields = (
    typeof raw === 'object' && raw !== null
      ? Object.fromEntries(
          Object.entries(raw).filter(([, v]) => v !== '' && v !== null),
        )
      : {}
  ) as Partial<ComponentInput>;
  let domain: string | undefined = fields.domain;
  try {
    domain = resolveComponentRequest(
      componentRequestOf(fields),
      config.addresses,
    ).domain;
  } catch {
    // checked again, with its errors, below; here only the domain matters
  }
  const { protected: protectedChange } = await authorizeNewChange({
    permissions: deps.permissions,
    credentials,
    rules: config.protectedChanges,
    change: {
      domain,
      what: `the ${domain ?? 'unknown'} component ${fields.name ?? ''}`.trim(),
    },
  });
  try {
    // the form's fields first, so a problem is named as the form names it
    const input = parseRequest(componentRequestInput(requestZod), fields);
    await assertOwnerGroupExists(deps.catalog, credentials, input.owner);
    const { files, component } = renderComponentApplication(
      config.layout,
      componentRequestOf(input),
      config.addresses,
    );
    return renderedAnswer({
      rendered: { files },
      protectedChange,
      summary: `Platform component ${component.name} (${component.domain}/${component.group})`,
      entityRef: `component:default/${component.name}`,
    });
  } catch (error) {
    return invalidRequest(error, protectedChange);
  }
}
