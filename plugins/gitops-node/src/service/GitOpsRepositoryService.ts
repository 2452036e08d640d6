import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Octokit } from '@octokit/rest';
import { ChangeSigner } from '../changes/ChangeSigner';
import {
  GitOpsModuleConfig,
  readGitOpsConfig,
} from '../config/readGitOpsConfig';
import { GitHubClientOptions } from '../github/createGitHubClient';
import {
  gitHubAccessFromConfig,
  GitHubUseOptions,
} from '../github/GitHubAccess';
import { PullRequestPublisher } from '../github/PullRequestPublisher';
import {
  GitHubRepositoryReader,
  GitOpsRepositoryReader,
} from '../repository/GitOpsRepositoryReader';

/**
 * The GitOps repository as every plugin of the backend reaches it: its
 * configuration, one reader whose snapshot is shared (so the catalog, the
 * scaffolder and the changes service read a commit once between them), GitHub
 * clients and publishers with the portal's credentials, and the signer of
 * change identities.
 */
export interface GitOpsRepositoryService {
  readonly config: GitOpsModuleConfig;
  readonly signer: ChangeSigner;
  /** The repository on GitHub, read whole at a commit and cached by head. */
  reader(): GitOpsRepositoryReader;
  client(options?: GitHubUseOptions): Promise<Octokit>;
  publisher(options?: GitHubUseOptions): Promise<PullRequestPublisher>;
}

/**
 * Builds the service from the root config. Outside a backend (scripts,
 * tests) call it directly; inside one, depend on gitopsRepositoryServiceRef.
 */
export function createGitOpsRepositoryService(
  rootConfig: Config,
  clientOptions: Partial<GitHubClientOptions> = {},
): GitOpsRepositoryService {
  const config = readGitOpsConfig(rootConfig);
  const access = gitHubAccessFromConfig(rootConfig, clientOptions);
  const { repository } = config;
  const reader = new GitHubRepositoryReader({
    octokit: () => access.client(repository),
    owner: repository.owner,
    repo: repository.repo,
    branch: repository.baseBranch,
    webUrl: repository.url,
  });
  // never read or write the library's example repository for a team that named none
  const configured = () => {
    if (!config.repositoryConfigured) {
      throw new InputError(
        'gitops.repository.url is not configured: set it to your GitOps repository, e.g. https://github.com/<org>/<repo>',
      );
    }
  };
  return {
    config,
    signer: new ChangeSigner(config.changeSigningKey),
    reader: () => {
      configured();
      return reader;
    },
    client: async options => {
      configured();
      return access.client(repository, options);
    },
    publisher: async options => {
      configured();
      return access.publisher(repository, options);
    },
  };
}

/**
 * One GitOps repository service per backend process (root scope), so the
 * snapshot cache is shared by every plugin that reads the repository.
 */
export const gitopsRepositoryServiceRef =
  createServiceRef<GitOpsRepositoryService>({
    id: 'gitops.repository',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) => createGitOpsRepositoryService(config),
      }),
  });
