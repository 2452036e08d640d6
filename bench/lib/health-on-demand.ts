/**
 * The health benchmark's baseline: the same fleet view computed on demand
 * per request, the way Backstage's kubernetes plugin serves an entity, by a
 * bench-only module of the infra-health plugin.
 */
import {
  coreServices,
  createBackendModule,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  ClusterTargets,
  fleetView,
  HealthStore,
  InfraHealthSettings,
  readInfraHealthSettings,
  StoredSnapshot,
} from '@proficientnow/backstage-plugin-infra-health-backend';
// not exported by the package: the guard the plugin's own routes use
import { authorizeHealthRead } from '@proficientnow/backstage-plugin-infra-health-backend';
import Router from 'express-promise-router';
import { fixedCollector } from './health-collection';
import { silentLogger } from './loggers';

/** What the per-request baseline keeps: this request's snapshots, nothing across requests. */
export class RequestScopedStore {
  private readonly byCluster = new Map<string, StoredSnapshot>();
  async save(snapshot: StoredSnapshot) {
    this.byCluster.set(snapshot.cluster, snapshot);
  }
  /** Never an earlier one: a request does not know when a cluster was last seen. */
  async snapshot(cluster: string) {
    return this.byCluster.get(cluster);
  }
  async retainClusters() {
    return 0;
  }
  async pruneHistory() {
    return 0;
  }
  snapshots(): StoredSnapshot[] {
    return [...this.byCluster.values()].sort((a, b) =>
      a.cluster.localeCompare(b.cluster),
    );
  }
}

/** What the module hands the benchmark once the backend has started it. */
export interface BenchHandles {
  store: HealthStore;
  settings: InfraHealthSettings;
  scheduler: SchedulerService;
}

/**
 * A module of the infra-health plugin, so it shares the plugin's database
 * (the same store the plugin's collector writes) and its HTTP auth: hands
 * the store to the benchmark and serves the on-demand baseline at
 * GET /api/infra-health/on-demand/fleet.
 */
export function onDemandModule(
  logger: LoggerService,
  onReady: (handles: BenchHandles) => void,
) {
  return createBackendModule({
    pluginId: 'infra-health',
    moduleId: 'bench',
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          database: coreServices.database,
          scheduler: coreServices.scheduler,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
        },
        async init({
          config,
          database,
          scheduler,
          httpRouter,
          httpAuth,
          permissions,
        }) {
          const settings = readInfraHealthSettings(config);
          const staleness = { staleAfterMs: settings.staleAfterMs };
          const targets = new ClusterTargets({
            settings,
            logger: silentLogger,
          });
          const router = Router();
          router.get('/on-demand/fleet', async (req, res) => {
            // the same guard as the plugin's /fleet
            await authorizeHealthRead(
              req,
              { httpAuth, permissions },
              'platform health',
            );
            // every cluster at once, like the kubernetes plugin's fan-out; nothing kept
            const store = new RequestScopedStore();
            const listed = await targets.list();
            await fixedCollector({
              store: store as unknown as HealthStore,
              settings,
              targets: listed,
              logger,
              concurrency: listed.targets.length,
            }).collectOnce();
            res.json(fleetView(store.snapshots(), new Date(), staleness));
          });
          httpRouter.use(router);
          onReady({
            store: await HealthStore.create(database),
            settings,
            scheduler,
          });
        },
      });
    },
  });
}
