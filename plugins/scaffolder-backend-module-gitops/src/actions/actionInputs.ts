/**
 * The render actions' inputs: the form's fields, each with the rule its
 * request gives it (the same field builders the generators validate with),
 * so what a template may send is what the generator accepts.
 * templates.test.ts checks the bundled templates' forms against them.
 */
import {
  componentFields,
  componentFormInput,
  NestedClusterPlatform,
  nestedClusterFormInput,
  Zod,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';

/**
 * The action's input: the form's fields (one per form field, flat), each with
 * the rule the nested-cluster request gives it, and the defaults the form
 * shows; and the workspace folder.
 */
export function clusterActionInput(z: Zod, platform: NestedClusterPlatform) {
  return nestedClusterFormInput(z, platform).extend({
    targetPath: targetPathInput(z),
  });
}

/**
 * The action's input: a catalogue component by name, or a custom Helm chart
 * (repository, chart, version), each field with the rule the component
 * request gives it; and the workspace folder.
 */
export function componentActionInput(z: Zod) {
  return componentFormInput(z).extend({ targetPath: targetPathInput(z) });
}

function targetPathInput(z: Zod) {
  return z
    .string()
    .optional()
    .describe('Workspace folder the repository files are written to');
}

/** The action's input, each field with the rule the component request gives it. */
export function bootstrapActionInput(z: Zod) {
  const f = componentFields(z);
  return z.object({
    components: z
      .array(f.name)
      .optional()
      .describe('Catalogue components to include; default all of them'),
    owner: f.owner
      .optional()
      .describe(
        "Owner group of the included components; default each component's default owner",
      ),
    argocdChartVersion: f.chartVersion
      .optional()
      .describe('argo-cd chart version argocd-self deploys'),
    targetPath: z.string().optional(),
  });
}
