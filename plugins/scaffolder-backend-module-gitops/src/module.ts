import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { gitopsPermissions } from '@internal/plugin-gitops-common';
import {
  gitHubAccessFromConfig,
  readGitOpsConfig,
} from '@internal/plugin-gitops-node';
import { GitOpsActionDeps } from './actions/deps';
import { createOpenPullRequestAction } from './actions/openPullRequest';
import { createRenderBootstrapAction } from './actions/renderBootstrap';
import { createRenderClusterAction } from './actions/renderCluster';
import { createRenderComponentAction } from './actions/renderComponent';
import { createRenderPortalAction } from './actions/renderPortal';

/** Registers the GitOps actions with the scaffolder. Wiring only. */
export const scaffolderModuleGitOps = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        scaffolder,
        config,
        logger,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        permissionsRegistry.addPermissions(gitopsPermissions);
        const moduleConfig = readGitOpsConfig(config);
        if (!moduleConfig.sealingCertificatePem) {
          logger.warn(
            'gitops.sealing.certificate is not configured: nested clusters and the portal deployment cannot be rendered until it is',
          );
        }
        const deps: GitOpsActionDeps = {
          config: moduleConfig,
          github: gitHubAccessFromConfig(config, {
            onRetry: info =>
              logger.warn(
                `GitHub ${info.method} ${info.url} answered ${
                  info.status ?? 'no response'
                }; retry ${info.attempt} in ${Math.round(info.waitMs / 1000)}s`,
              ),
          }),
          permissions,
          catalog,
        };
        scaffolder.addActions(
          createRenderClusterAction(deps),
          createRenderComponentAction(deps),
          createRenderBootstrapAction(deps),
          createRenderPortalAction(deps),
          createOpenPullRequestAction(deps),
        );
      },
    });
  },
});
