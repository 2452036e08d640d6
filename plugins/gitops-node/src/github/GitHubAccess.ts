import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { durationToMilliseconds } from '@backstage/types';
import { Octokit } from '@octokit/rest';
import { GitOpsRepository } from '../config/readGitOpsConfig';
import {
  createGitHubClient,
  GitHubClientEvent,
  GitHubClientOptions,
  GitHubRetryPolicy,
} from './createGitHubClient';
import { PullRequestPublisher } from './PullRequestPublisher';

/** Per use: who is told about every failed attempt and every wait (a task log, say), and a tighter retry policy. */
export interface GitHubUseOptions {
  onEvent?: (event: GitHubClientEvent) => void;
  /** For reads a person waits on (a page): fail fast rather than wait minutes. */
  retry?: Partial<GitHubRetryPolicy>;
}

/** Hands out clients for the GitOps repository, with credentials from integrations.github. */
export interface GitHubAccess {
  client(
    repository: GitOpsRepository,
    options?: GitHubUseOptions,
  ): Promise<Octokit>;
  publisher(
    repository: GitOpsRepository,
    options?: GitHubUseOptions,
  ): Promise<PullRequestPublisher>;
}

/** The client settings `gitops.github` configures. */
export type GitHubClientSettings = Pick<
  GitHubClientOptions,
  'retry' | 'requestTimeoutMs' | 'writeIntervalMs'
>;

function durationMs(config: Config, key: string, min = 1): number | undefined {
  if (!config.has(key)) return undefined;
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms >= min && ms <= 3_600_000))
    throw new InputError(
      `${key} must be a duration between ${min} ms and 1 hour (got ${ms} ms)`,
    );
  return ms;
}

/** Reads `gitops.github`: request timeout, attempts and waits; every field has a default. */
export function readGitHubClientSettings(config: Config): GitHubClientSettings {
  const maxAttempts = config.getOptionalNumber('gitops.github.maxAttempts');
  if (
    maxAttempts !== undefined &&
    !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 10)
  )
    throw new InputError(
      `gitops.github.maxAttempts must be a whole number from 1 to 10 (got ${maxAttempts})`,
    );
  const retry: GitHubClientSettings['retry'] = {};
  if (maxAttempts !== undefined) retry.maxAttempts = maxAttempts;
  const maxWaitMs = durationMs(config, 'gitops.github.maxWait');
  if (maxWaitMs !== undefined) retry.maxWaitMs = maxWaitMs;
  const totalWaitMs = durationMs(config, 'gitops.github.totalWait');
  if (totalWaitMs !== undefined) retry.totalWaitMs = totalWaitMs;
  return {
    retry,
    requestTimeoutMs: durationMs(config, 'gitops.github.requestTimeout'),
    writeIntervalMs: durationMs(config, 'gitops.github.writeInterval', 0),
  };
}

/**
 * Credentials come from Backstage's integrations.github: a token, or a GitHub
 * App installation token, for the repository's host, asked for again on
 * every request so an installation token that expires is renewed. Nothing is
 * read from the request or the form.
 */
export function gitHubAccessFromConfig(
  config: Config,
  clientOptions: Partial<GitHubClientOptions> = {},
): GitHubAccess {
  const integrations = ScmIntegrations.fromConfig(config);
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const settings = readGitHubClientSettings(config);
  const client = async (
    repository: GitOpsRepository,
    options: GitHubUseOptions = {},
  ): Promise<Octokit> => {
    const integration = integrations.github.byHost(repository.host);
    if (!integration) {
      throw new InputError(
        `no GitHub integration for ${repository.host}: add it under integrations.github (gitops.repository.url is ${repository.url})`,
      );
    }
    const url = `https://${repository.host}/${repository.owner}/${repository.repo}`;
    const token = async () => {
      const { token: current } = await credentials.getCredentials({ url });
      if (!current) {
        throw new InputError(
          `integrations.github for ${repository.host} has no token or GitHub App installed on ${repository.owner}/${repository.repo}`,
        );
      }
      return current;
    };
    // a missing token is a configuration problem: say so before any request is made
    await token();
    return createGitHubClient({
      ...settings,
      ...clientOptions,
      retry: { ...settings.retry, ...clientOptions.retry, ...options.retry },
      baseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      token,
      onEvent: event => {
        clientOptions.onEvent?.(event);
        options.onEvent?.(event);
      },
    });
  };
  return {
    client,
    async publisher(repository, options) {
      return new PullRequestPublisher(await client(repository, options));
    },
  };
}
