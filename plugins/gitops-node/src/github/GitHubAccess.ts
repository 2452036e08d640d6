import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { GitOpsRepository } from '../config/readGitOpsConfig';
import { createGitHubClient, GitHubClientOptions } from './createGitHubClient';
import { PullRequestPublisher } from './PullRequestPublisher';

/** Hands out a publisher for the GitOps repository, with credentials from integrations.github. */
export interface GitHubAccess {
  publisher(repository: GitOpsRepository): Promise<PullRequestPublisher>;
}

/**
 * Credentials come from Backstage's integrations.github: a token, or a GitHub
 * App installation token, for the repository's host. Nothing is read from
 * the request or the form.
 */
export function gitHubAccessFromConfig(
  config: Config,
  clientOptions: Partial<GitHubClientOptions> = {},
): GitHubAccess {
  const integrations = ScmIntegrations.fromConfig(config);
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return {
    async publisher(repository) {
      const integration = integrations.github.byHost(repository.host);
      if (!integration) {
        throw new InputError(
          `no GitHub integration for ${repository.host}: add it under integrations.github (gitops.repository.url is ${repository.url})`,
        );
      }
      const { token } = await credentials.getCredentials({
        url: `https://${repository.host}/${repository.owner}/${repository.repo}`,
      });
      if (!token) {
        throw new InputError(
          `integrations.github for ${repository.host} has no token or GitHub App installed on ${repository.owner}/${repository.repo}`,
        );
      }
      const baseUrl = integration.config.apiBaseUrl ?? 'https://api.github.com';
      return new PullRequestPublisher(
        createGitHubClient({ ...clientOptions, baseUrl, token }),
      );
    },
  };
}
