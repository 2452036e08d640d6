import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ZodTypeAny } from 'zod/v3';
import { answeringInvalidRequests, requestOf } from './uncheckedInput';
import { dryRunOutputSchema, Zod } from './dryRunOutput';
import { registerChangesActions } from './changesActions';
import {
  componentFormInput,
  nestedClusterFormInput,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { DryRunDeps, renderClusterDryRun } from './renderClusterDryRun';
import { renderComponentDryRun } from './renderComponentDryRun';

export const RENDER_CLUSTER_DRY_RUN_ACTION = 'render-cluster-dry-run';
export const RENDER_COMPONENT_DRY_RUN_ACTION = 'render-component-dry-run';

/**
 * The GitOps backend's actions (and so MCP tools): the changes it serves,
 * and dry runs of the scaffolder's render actions, which answer what a
 * request would produce without writing, committing or opening anything.
 */
export function registerGitOpsActions(
  options: Parameters<typeof registerChangesActions>[0] & DryRunDeps,
): void {
  const { actionsRegistry, gitops } = options;
  registerChangesActions(options);

  const dryRun = (action: {
    name: string;
    title: string;
    description: string;
    input: (z: Zod) => ZodTypeAny;
    render: (
      deps: DryRunDeps,
      request: unknown,
      credentials: BackstageCredentials,
    ) => Promise<object>;
  }) =>
    actionsRegistry.register({
      name: action.name,
      title: action.title,
      description: action.description,
      // renders in memory and reads the repository only
      attributes: { readOnly: true, idempotent: true, destructive: false },
      schema: {
        // typed as an object schema for the registry; a request that breaks it reaches the action (requestOf)
        input: z => answeringInvalidRequests(action.input(z)) as any,
        output: dryRunOutputSchema,
      },
      action: async ({ input, credentials }) => ({
        output: (await action.render(
          options,
          requestOf(input),
          credentials,
        )) as any,
      }),
    });

  dryRun({
    name: RENDER_CLUSTER_DRY_RUN_ACTION,
    title: 'Nested cluster request (dry run)',
    description:
      'What requesting a nested MicroK8s cluster would produce, without opening anything: the same request as the New nested cluster template (name, environment, owner group, control-plane and worker counts and sizes, SSH keys ...), checked by the same rules and rendered by the same generator as gitops:cluster:render. Answers valid (or each bad field and its rule) and the files of the pull request (paths and YAML). A prod cluster needs gitops.change.protected.create, any other gitops.change.create.',
    input: z => nestedClusterFormInput(z, gitops.config.platform),
    render: renderClusterDryRun,
  });
  dryRun({
    name: RENDER_COMPONENT_DRY_RUN_ACTION,
    title: 'Platform component request (dry run)',
    description:
      'What requesting a platform component would produce, without opening anything: a catalogue component by name or a custom Helm chart, checked and rendered (its Argo CD Application in the domain root) as gitops:component:render does. Answers valid (or each bad field and its rule) and the files (paths and YAML). An infrastructure component needs gitops.change.protected.create, any other gitops.change.create.',
    input: componentFormInput,
    render: renderComponentDryRun,
  });
}
