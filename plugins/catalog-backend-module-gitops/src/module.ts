import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  gitHubAccessFromConfig,
  readGitOpsConfig,
} from '@internal/plugin-gitops-node';
import path from 'node:path';
import { GitOpsEntityProvider } from './GitOpsEntityProvider';
import {
  GitHubRepositorySource,
  LocalRepositorySource,
  RepositorySource,
} from './repositorySources';
import { DEFAULT_MAX_FILE_BYTES, EntityRule } from './repositoryToEntities';

/** Registers the GitOps entity provider with the catalog and schedules it. Wiring only. */
export const catalogModuleGitOpsEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'gitops-entity-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({
        catalogProcessing,
        config,
        logger,
        scheduler,
        catalog,
        auth,
      }) {
        const catalogConfig = config.getOptionalConfig('gitops.catalog');
        if (catalogConfig?.getOptionalBoolean('enabled') === false) {
          logger.info(
            'gitops.catalog.enabled is false: the GitOps repository is not read into the catalog',
          );
          return;
        }
        const gitops = readGitOpsConfig(config);
        const maxFileBytes =
          catalogConfig?.getOptionalNumber('maxFileBytes') ??
          DEFAULT_MAX_FILE_BYTES;
        const localPath = catalogConfig?.getOptionalString('localPath');
        let source: RepositorySource;
        if (localPath) {
          source = new LocalRepositorySource({
            dir: path.resolve(localPath),
            appsPath: gitops.layout.appsPath,
            clustersPath: gitops.layout.clustersPath,
            maxFileBytes,
          });
        } else {
          const access = gitHubAccessFromConfig(config);
          source = new GitHubRepositorySource({
            publisher: () => access.publisher(gitops.repository),
            owner: gitops.repository.owner,
            repo: gitops.repository.repo,
            branch: gitops.repository.baseBranch,
            webUrl: gitops.repository.url,
            appsPath: gitops.layout.appsPath,
            clustersPath: gitops.layout.clustersPath,
            maxFileBytes,
          });
        }
        const provider = new GitOpsEntityProvider({
          source,
          layout: gitops.layout,
          logger,
          maxFileBytes,
          rules: catalogConfig?.getOptional('rules') as
            | EntityRule[]
            | undefined,
          knownGroups: async () => {
            const { items } = await catalog.getEntities(
              { filter: { kind: 'group' }, fields: ['metadata.name'] },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return new Set(items.map(item => item.metadata.name.toLowerCase()));
          },
        });
        catalogProcessing.addEntityProvider(provider);
        const schedule = catalogConfig?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              catalogConfig.getConfig('schedule'),
            )
          : {
              frequency: { minutes: 5 },
              timeout: { minutes: 3 },
              initialDelay: { seconds: 5 },
            };
        await scheduler.scheduleTask({
          id: 'gitops-entity-provider:refresh',
          scope: 'global',
          ...schedule,
          fn: async () => {
            try {
              await provider.refresh();
            } catch (error) {
              logger.error(
                `reading the GitOps repository ${source.describe()} failed: ${error}`,
              );
            }
          },
        });
      },
    });
  },
});
