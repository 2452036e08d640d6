import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ComponentFormFields,
  componentFormInput,
  componentRequestFromForm,
  parseRequest,
  renderComponentApplication,
  requestZod,
  resolveComponentRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  assertOwnerGroup,
  authorizeGitOpsChange,
} from '@proficientnow/backstage-plugin-gitops-node';
import { DryRunOutput, invalidRequest, renderedAnswer } from './dryRunOutput';
import { DryRunDeps } from './renderClusterDryRun';

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
  ) as Partial<ComponentFormFields>;
  let domain: string | undefined = fields.domain;
  try {
    domain = resolveComponentRequest(
      componentRequestFromForm(fields),
      config.addresses,
    ).domain;
  } catch {
    // checked again, with its errors, below; here only the domain matters
  }
  const { protected: protectedChange } = await authorizeGitOpsChange({
    permissions: deps.permissions,
    credentials,
    rules: config.protectedChanges,
    change: {
      domain,
      what: `the ${domain ?? 'unknown'} component ${fields.name ?? ''}`.trim(),
    },
    namePermission: true,
  });
  try {
    // the form's fields first, so a problem is named as the form names it
    const input = parseRequest(componentFormInput(requestZod), fields);
    await assertOwnerGroup(deps.catalog, credentials, input.owner);
    const { files, component } = renderComponentApplication(
      config.layout,
      componentRequestFromForm(input),
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
