import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { INFRA_HEALTH_SIGNAL_CHANNEL } from '@proficientnow/backstage-plugin-infra-health-common';
import { gitHubAccessFromConfig } from '@proficientnow/backstage-plugin-gitops-node';
import { registerInfraHealthActions } from './actions/registerInfraHealthActions';
import { readAlertSettings } from './alerts/alertSettings';
import { ClusterAlerts } from './alerts/ClusterAlerts';
import { infraHealthPermissions } from '@proficientnow/backstage-plugin-infra-health-common';
import { HealthStore } from './database/HealthStore';
import { ClusterTargets } from './service/clusterTargets';
import { readInfraHealthSettings } from './service/config';
import { HealthCollector } from './service/HealthCollector';
import { createRouter } from './service/router';

/**
 * The health backend: collects every cluster on a global schedule (one
 * runner across replicas) into the plugin database and serves the API from
 * there, so every replica answers the same and no request waits on a
 * cluster.
 */
export const infraHealthPlugin = createBackendPlugin({
  pluginId: 'infra-health',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
        notifications,
        signals,
        actionsRegistry,
      }) {
        const settings = readInfraHealthSettings(config);
        permissionsRegistry.addPermissions(infraHealthPermissions);
        const store = await HealthStore.create(database);
        const staleness = { staleAfterMs: settings.staleAfterMs };
        const alertSettings = readAlertSettings(config);
        const { issues } = alertSettings;
        const github = issues ? gitHubAccessFromConfig(config) : undefined;
        const alerts = alertSettings.enabled
          ? new ClusterAlerts({
              store: store.conditions(),
              catalog,
              auth,
              notifications,
              logger,
              debounceMs: alertSettings.debounceMs,
              defaultOwner: alertSettings.defaultOwner,
              appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
              ...(issues
                ? {
                    issues: {
                      owner: issues.owner,
                      repo: issues.repo,
                      afterMs: issues.afterMs,
                      client: () =>
                        github!.client({ ...issues, baseBranch: 'main' }),
                    },
                  }
                : {}),
            })
          : undefined;
        const collector = new HealthCollector({
          alerts,
          store,
          targets: new ClusterTargets({ settings, catalog, auth, logger }),
          logger,
          concurrency: settings.concurrency,
          staleness,
          historyRetentionMs: settings.historyRetentionMs,
        });
        await scheduler.scheduleTask({
          id: 'infra-health-collection',
          scope: 'global',
          ...settings.schedule,
          fn: async () => {
            const report = await collector.collectOnce();
            // open fleet pages and cards reload now instead of at their next poll
            await signals
              .publish({
                recipients: { type: 'broadcast' },
                channel: INFRA_HEALTH_SIGNAL_CHANNEL,
                message: {
                  clusters: report.clusters.map(c => ({
                    cluster: c.cluster,
                    status: c.status,
                  })),
                },
              })
              .catch(error =>
                logger.debug(
                  `the fleet signal was not sent: ${(error as Error).message}`,
                ),
              );
          },
        });
        httpRouter.use(
          createRouter({ store, httpAuth, permissions, staleness }),
        );
        // the same reads as actions, for MCP clients (backend.actions.pluginSources)
        registerInfraHealthActions({
          actionsRegistry,
          store,
          permissions,
          staleness,
        });
      },
    });
  },
});
