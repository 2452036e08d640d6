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
  DirectoryRepositoryReader,
  gitopsRepositoryServiceRef,
} from '@proficientnow/backstage-plugin-gitops-node';
import path from 'node:path';
import { GitOpsEntityProvider } from './GitOpsEntityProvider';
import { HealthPluginLiveSource } from './liveSource';
import { refreshOnPush } from './pushRefresh';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ReaderRepositorySource } from './repositorySources';
import { DEFAULT_MAX_FILE_BYTES } from './repositoryToEntities';
import { readArgoClusters, readRules } from './readCatalogConfig';

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
        discovery: coreServices.discovery,
        gitops: gitopsRepositoryServiceRef,
        events: eventsServiceRef,
      },
      async init({
        catalogProcessing,
        config,
        logger,
        scheduler,
        catalog,
        auth,
        discovery,
        gitops,
        events,
      }) {
        const catalogConfig = config.getOptionalConfig('gitops.catalog');
        if (catalogConfig?.getOptionalBoolean('enabled') === false) {
          logger.info(
            'gitops.catalog.enabled is false: the GitOps repository is not read into the catalog',
          );
          return;
        }
        const maxFileBytes =
          catalogConfig?.getOptionalNumber('maxFileBytes') ??
          DEFAULT_MAX_FILE_BYTES;
        const localPath = catalogConfig?.getOptionalString('localPath');
        if (!localPath && !gitops.config.repositoryConfigured) {
          // never read a repository the team did not name (the library's example default)
          logger.warn(
            'gitops.repository.url is not configured: the GitOps repository is not read into the catalog; set it to your GitOps repository, e.g. https://github.com/<org>/<repo> (or gitops.catalog.localPath for a local folder)',
          );
          return;
        }
        const liveCluster = catalogConfig?.getOptionalString('live.cluster');
        // the whole repository at its head, in one archive download shared with the other GitOps plugins
        const source = new ReaderRepositorySource({
          reader: localPath
            ? new DirectoryRepositoryReader(path.resolve(localPath))
            : gitops.reader(),
          maxFileBytes,
          repoURL: gitops.config.layout.repoURL,
        });
        const provider = new GitOpsEntityProvider({
          source,
          logger,
          maxFileBytes,
          discovery: {
            include: catalogConfig?.getOptionalStringArray('include') ?? [],
            exclude: catalogConfig?.getOptionalStringArray('exclude') ?? [],
          },
          defaultOwner: catalogConfig?.getOptionalString('defaultOwner'),
          rules: readRules(catalogConfig),
          clusters: readArgoClusters(catalogConfig),
          // the Applications Argo CD holds, through the health plugin that reaches its cluster
          live: liveCluster
            ? new HealthPluginLiveSource({
                cluster: liveCluster,
                discovery,
                auth,
                logger,
              })
            : undefined,
          knownEntities: async () => {
            const { items } = await catalog.getEntities(
              {
                fields: ['kind', 'metadata.name', 'metadata.namespace'],
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return new Set(
              items.map(item =>
                `${item.kind}:${item.metadata.namespace ?? 'default'}/${
                  item.metadata.name
                }`.toLowerCase(),
              ),
            );
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
        const taskId = 'gitops-entity-provider:refresh';
        await scheduler.scheduleTask({
          id: taskId,
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
        // merge to catalog in seconds: GitHub's push webhook (through the
        // events plugin and its GitHub module) triggers the same task
        if (!localPath) {
          await refreshOnPush({
            events,
            scheduler,
            logger,
            taskId,
            repository: {
              owner: gitops.config.repository.owner,
              repo: gitops.config.repository.repo,
              baseBranch: gitops.config.repository.baseBranch,
            },
          });
        }
      },
    });
  },
});
