/**
 * The render actions' inputs: the form's fields, each with the rule its
 * request gives it (the same field builders the generators validate with),
 * so what a template may send is what the generator accepts.
 * templates.test.ts checks the bundled templates' forms against them.
 */
import {
  componentFields,
  NestedClusterPlatform,
  nestedClusterFields,
  Zod,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';

/**
 * The action's input: the form's fields (one per form field, flat), each with
 * the rule the nested-cluster request gives it, and the defaults the form
 * shows.
 */
export function clusterActionInput(z: Zod, platform: NestedClusterPlatform) {
  const f = nestedClusterFields(z, platform);
  return z.object({
    name: f.name,
    environment: f.environment,
    owner: f.owner,
    controlPlaneCount: f.controlPlaneCount,
    controlPlaneSize: f.sizeName().default('medium'),
    workerCount: f.workerCount,
    workerSize: f.sizeName().default('medium'),
    channel: f.channel,
    addons: f.addons,
    storageClass: f.storageClass,
    vlans: f.vlans,
    sshPublicKeys: f.sshPublicKeys,
    extraSANs: f.extraSANs,
    hostSpread: f.hostSpread,
    targetPath: z
      .string()
      .optional()
      .describe('Workspace folder the repository files are written to'),
  });
}

/**
 * The action's input: a catalogue component by name, or a custom Helm chart
 * (repository, chart, version), each field with the rule the component
 * request gives it.
 */
export function componentActionInput(z: Zod) {
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
    targetPath: z
      .string()
      .optional()
      .describe('Workspace folder the repository files are written to'),
  });
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
