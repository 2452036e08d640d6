/**
 * The health benchmark's reference row: the real
 * @backstage/plugin-kubernetes-backend answering one entity over the same
 * clusters. Its config for the fleet, the entity, and its answer counted.
 */

/** The component whose Kubernetes tab the kubernetes plugin row serves: Cilium, on every cluster. */
export const CILIUM_ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cilium',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'cilium',
      'backstage.io/kubernetes-label-selector': 'k8s-app=cilium',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/platform-engineers',
  },
};

/** The plugin's `kubernetes` config: every cluster from config, with its service-account token. */
export function kubernetesPluginConfig(
  clusters: Array<{ name: string; url: string; token: string }>,
) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(c => ({
          name: c.name,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
          // the stand-in serves no metrics.k8s.io
          skipMetricsLookup: true,
        })),
      },
    ],
  };
}

/** The Backstage kubernetes plugin's answer, counted: what it found and what it reported missing. */
export function summariseKubernetesAnswer(answer: any) {
  const items: any[] = answer?.items ?? [];
  const count = (type: string) =>
    items
      .flatMap(i => i.resources)
      .filter(r => r.type === type)
      .reduce((n, r) => n + r.resources.length, 0);
  const errors = items.flatMap(i => i.errors);
  const errorsByType: Record<string, number> = {};
  for (const e of errors)
    errorsByType[e.errorType] = (errorsByType[e.errorType] ?? 0) + 1;
  return {
    clusters: items.length,
    pods: count('pods'),
    daemonsets: count('daemonsets'),
    errorsByType,
    notServedByTheStandin: [
      ...new Set(
        errors
          .filter(e => e.errorType === 'NOT_FOUND')
          .map(e => String(e.resourcePath).split('/').pop()),
      ),
    ].sort(),
  };
}
