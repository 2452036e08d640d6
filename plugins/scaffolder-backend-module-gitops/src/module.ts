import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { gitopsPermissions } from '@proficientnow/backstage-plugin-gitops-common';
import { gitopsRepositoryServiceRef } from '@proficientnow/backstage-plugin-gitops-node';
import {
  createResizeClusterAction,
  createRetireClusterAction,
  createScaleClusterAction,
  createUpgradeClusterAction,
} from './actions/changeCluster';
import {
  createChangeComponentAction,
  createRemoveComponentAction,
} from './actions/changeComponent';
import { createOpenPullRequestAction } from './actions/openPullRequest';
import { createRevertChangeAction } from './actions/revertChange';
import { createRenderBootstrapAction } from './actions/renderBootstrap';
import { createRenderClusterAction } from './actions/renderCluster';
import { createRenderComponentAction } from './actions/renderComponent';
import { GitOpsActionDeps } from './actions/renderPipeline';
import { createRenderPortalAction } from './actions/renderPortal';

/** Registers the GitOps actions with the scaffolder. Wiring only. */
export const scaffolderModuleGitOps = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        gitops: gitopsRepositoryServiceRef,
      },
      async init({
        scaffolder,
        logger,
        permissions,
        permissionsRegistry,
        catalog,
        gitops,
      }) {
        permissionsRegistry.addPermissions(gitopsPermissions);
        if (!gitops.config.sealingCertificatePem) {
          logger.warn(
            'gitops.sealing.certificate is not configured: nested clusters and the portal deployment cannot be rendered until it is',
          );
        }
        if (!gitops.signer.signs) {
          logger.warn(
            'gitops.changes.signingKey is not configured: pull requests carry their identity unsigned, and pending changes show every requester as unverified',
          );
        }
        const deps: GitOpsActionDeps = { gitops, permissions, catalog };
        scaffolder.addActions(
          createRenderClusterAction(deps),
          createScaleClusterAction(deps),
          createResizeClusterAction(deps),
          createRetireClusterAction(deps),
          createUpgradeClusterAction(deps),
          createRenderComponentAction(deps),
          createChangeComponentAction(deps),
          createRemoveComponentAction(deps),
          createRenderBootstrapAction(deps),
          createRenderPortalAction(deps),
          createRevertChangeAction(deps),
          createOpenPullRequestAction(deps),
        );
      },
    });
  },
});
