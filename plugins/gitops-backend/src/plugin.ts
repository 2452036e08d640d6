import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { gitopsChangeReadPermission } from '@proficientnow/backstage-plugin-gitops-common';
import { gitopsRepositoryServiceRef } from '@proficientnow/backstage-plugin-gitops-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { registerGitOpsActions } from './actions/registerGitOpsActions';
import { createPendingChangesRouter, PendingChangesService } from './changes';
import { createTargetsRouter } from './targets/createTargetsRouter';
import { HealthPluginApplicationsReader } from './tracking/ApplicationsReader';
import { ChangeStore } from './tracking/ChangeStore';
import { ChangeTracker } from './tracking/ChangeTracker';
import { createTrackedChangesRouter } from './tracking/createTrackedChangesRouter';
import { readTrackingSettings } from './tracking/trackingConfig';

/**
 * The GitOps backend: what the portal knows about the changes it proposed
 * to the GitOps repository and about the nested clusters the repository
 * records, read from GitHub here so no browser holds a token. Wiring only.
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        gitops: gitopsRepositoryServiceRef,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        gitops,
        database,
        scheduler,
        discovery,
        auth,
        catalog,
        notifications,
        signals,
        actionsRegistry,
      }) {
        permissionsRegistry.addPermissions([gitopsChangeReadPermission]);
        const pendingChanges = PendingChangesService.fromConfig(config, {
          logger,
          gitops,
        });
        httpRouter.use(
          createPendingChangesRouter({
            service: pendingChanges,
            httpAuth,
            permissions,
          }),
        );
        httpRouter.use(createTargetsRouter({ gitops, httpAuth, permissions }));

        // each change followed from its pull request to a healthy rollout
        const settings = readTrackingSettings(config);
        const store = await ChangeStore.create(database);
        const tracker = new ChangeTracker({
          store,
          gitops,
          applications: new HealthPluginApplicationsReader({ discovery, auth }),
          clusters: settings.clusters,
          catalog,
          auth,
          notifications,
          signals,
          logger,
          stuckAfterMs: settings.stuckAfterMs,
          // links in notifications and statuses; relative when the app's address is not configured
          appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
        });
        httpRouter.use(
          createTrackedChangesRouter({
            store,
            trackedAt: () => tracker.trackedAt(),
            httpAuth,
            permissions,
          }),
        );
        // the changes and dry runs of the render actions, for MCP clients (backend.actions.pluginSources)
        registerGitOpsActions({
          actionsRegistry,
          permissions,
          pendingChanges,
          store,
          trackedAt: () => tracker.trackedAt(),
          gitops,
          catalog,
        });
        if (settings.enabled && gitops.config.repositoryConfigured) {
          await scheduler.scheduleTask({
            id: 'gitops-change-tracking',
            ...settings.schedule,
            // one replica follows the changes; every replica serves them from the database
            scope: 'global',
            fn: async () => {
              try {
                await tracker.run();
              } catch (error) {
                logger.warn(
                  `change tracking: this run stopped: ${
                    (error as Error).message
                  }`,
                );
              }
            },
          });
        }
      },
    });
  },
});
