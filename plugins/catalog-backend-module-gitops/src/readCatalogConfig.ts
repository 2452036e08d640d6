import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ArgoCluster } from './ingest/applicationSets';
import { EntityRule } from './ingest/metadata';

/** gitops.catalog.rules, checked: each rule names a path or a path prefix. */
export function readRules(config: Config | undefined): EntityRule[] {
  return (config?.getOptionalConfigArray('rules') ?? []).map((rule, i) => {
    const path = rule.getOptionalString('path');
    const pathPrefix = rule.getOptionalString('pathPrefix');
    if (path === undefined && pathPrefix === undefined) {
      throw new InputError(
        `gitops.catalog.rules[${i}] must have a path (a glob) or a pathPrefix`,
      );
    }
    const kind = rule.getOptionalString('kind');
    if (kind !== undefined && kind !== 'Component' && kind !== 'Resource') {
      throw new InputError(
        `gitops.catalog.rules[${i}].kind must be Component or Resource (got '${kind}')`,
      );
    }
    return {
      path,
      pathPrefix,
      kind: kind as EntityRule['kind'],
      type: rule.getOptionalString('type'),
      system: rule.getOptionalString('system'),
      domain: rule.getOptionalString('domain'),
      owner: rule.getOptionalString('owner'),
    };
  });
}

/** gitops.catalog.argocdClusters, for ApplicationSet cluster generators. */
export function readArgoClusters(config: Config | undefined): ArgoCluster[] {
  return (config?.getOptionalConfigArray('argocdClusters') ?? []).map(
    cluster => {
      const labels = cluster.getOptionalConfig('labels');
      return {
        name: cluster.getString('name'),
        server: cluster.getString('server'),
        labels: labels
          ? Object.fromEntries(
              labels.keys().map(key => [key, labels.getString(key)]),
            )
          : undefined,
      };
    },
  );
}
