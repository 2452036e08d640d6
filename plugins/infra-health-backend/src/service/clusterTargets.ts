import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SourceInfo } from '@proficientnow/backstage-plugin-infra-health-common';
import { ConfiguredCluster, InfraHealthSettings } from './config';

export const ENVIRONMENT_LABEL = 'platform.proficientnow.io/environment';

/** A cluster to collect, with what is missing to collect it fully. */
export interface CollectionTarget extends ConfiguredCluster {
  /** Where it came from: `config`, or the catalog entity ref. */
  origin: string;
  sources: SourceInfo[];
}

function sourcesOf(
  cluster: ConfiguredCluster,
  hints: { kubernetes: string; prometheus: string },
): SourceInfo[] {
  return [
    cluster.kubernetes
      ? { source: 'kubernetes', configured: true }
      : { source: 'kubernetes', configured: false, hint: hints.kubernetes },
    cluster.prometheus
      ? { source: 'prometheus', configured: true }
      : { source: 'prometheus', configured: false, hint: hints.prometheus },
  ];
}

/**
 * The clusters to collect: every `infraHealth.clusters` entry, plus each
 * catalog Resource of type `kubernetes-cluster` that names its API server
 * (`kubernetes.io/api-server`), keyed by `backstage.io/kubernetes-id` or its
 * name. Configuration wins over the catalog for the same name. Tokens come
 * from configuration only: a catalog cluster without one is listed, with
 * how to add it, but never contacted.
 */
export class ClusterTargets {
  constructor(
    private readonly options: {
      settings: InfraHealthSettings;
      catalog?: CatalogService;
      auth?: AuthService;
      logger: LoggerService;
    },
  ) {}

  /** `complete` is false when the catalog could not be read: the list then holds only configured clusters. */
  async list(): Promise<{ targets: CollectionTarget[]; complete: boolean }> {
    const { settings } = this.options;
    const targets = new Map<string, CollectionTarget>();
    const entities = await this.catalogClusters();
    for (const entity of entities ?? []) {
      const target = this.fromEntity(entity);
      if (target) targets.set(target.name, target);
    }
    for (const cluster of settings.clusters) {
      targets.set(cluster.name, {
        ...cluster,
        origin: 'config',
        sources: sourcesOf(cluster, {
          kubernetes: `set infraHealth.clusters[name=${cluster.name}].url and .token to read nodes, the control plane, Argo CD, KubeVirt, Rook and Cilium`,
          prometheus: `set infraHealth.clusters[name=${cluster.name}].prometheus.url to read ceph-mgr and cilium-agent metrics`,
        }),
      });
    }
    return {
      targets: [...targets.values()].sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
      complete: entities !== undefined,
    };
  }

  private async catalogClusters(): Promise<Entity[] | undefined> {
    const { settings, catalog, auth, logger } = this.options;
    if (!settings.catalog.enabled || !catalog || !auth) return [];
    try {
      const { items } = await catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' } },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return items;
    } catch (error) {
      // the catalog being away must not stop the configured clusters
      logger.warn(
        `could not list kubernetes-cluster resources from the catalog: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }

  private fromEntity(entity: Entity): CollectionTarget | undefined {
    const annotations = entity.metadata.annotations ?? {};
    const url = annotations['kubernetes.io/api-server'];
    if (!url) return undefined;
    const name =
      annotations['backstage.io/kubernetes-id'] ?? entity.metadata.name;
    const environment = entity.metadata.labels?.[ENVIRONMENT_LABEL];
    const { settings } = this.options;
    const token = settings.catalog.tokens[name];
    const prometheus = settings.catalog.prometheus;
    const cluster: ConfiguredCluster = {
      name,
      environment,
      kubernetes: token
        ? {
            name,
            environment,
            url,
            token,
            caData:
              annotations['kubernetes.io/api-server-certificate-authority'],
            timeoutMs: settings.sourceTimeoutMs,
            customResources: settings.customResources,
          }
        : undefined,
      prometheus: prometheus
        ? {
            ...prometheus,
            selector: {
              ...(prometheus.clusterLabel
                ? { [prometheus.clusterLabel]: name }
                : {}),
            },
          }
        : undefined,
    };
    return {
      ...cluster,
      origin: `resource:${entity.metadata.namespace ?? 'default'}/${
        entity.metadata.name
      }`,
      sources: sourcesOf(cluster, {
        kubernetes: `add a token for this cluster as infraHealth.catalog.tokens.${name} (a read-only service account token)`,
        prometheus:
          'set infraHealth.catalog.prometheus.url (and clusterLabel if one Prometheus serves several clusters)',
      }),
    };
  }
}
