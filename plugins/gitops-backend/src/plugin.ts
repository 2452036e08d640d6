import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { gitopsChangeReadPermission } from '@internal/plugin-gitops-common';
import { gitopsRepositoryServiceRef } from '@internal/plugin-gitops-node';
import { createPendingChangesRouter, PendingChangesService } from './changes';
import { createTargetsRouter } from './targets/createTargetsRouter';

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
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        gitops,
      }) {
        permissionsRegistry.addPermissions([gitopsChangeReadPermission]);
        httpRouter.use(
          createPendingChangesRouter({
            service: PendingChangesService.fromConfig(config, {
              logger,
              gitops,
            }),
            httpAuth,
            permissions,
          }),
        );
        httpRouter.use(createTargetsRouter({ gitops, httpAuth, permissions }));
      },
    });
  },
});
