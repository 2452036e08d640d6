import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createHmac } from 'node:crypto';
import {
  DEFAULT_NESTED_PLATFORM,
  DEFAULT_NESTED_VLANS,
  DEFAULT_NODE_IMAGE,
  NestedClusterPlatform,
  NodeImage,
  PlatformAddresses,
  resolvePlatformAddresses,
  VlanNetwork,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  DEFAULT_PROTECTED_CHANGES,
  GitOpsLayout,
  ProtectedChangeRules,
  resolveGitOpsLayout,
} from '@proficientnow/backstage-plugin-gitops-common';

export interface GitOpsRepository {
  /** Web URL as configured, e.g. https://github.com/proficientnow/platform-gitops */
  url: string;
  host: string;
  owner: string;
  repo: string;
  baseBranch: string;
}

export interface GitOpsModuleConfig {
  repository: GitOpsRepository;
  /** False when gitops.repository.url is not set and the default URL stands in. */
  repositoryConfigured: boolean;
  /** Addresses of the platform that rendered values refer to (gitops.platform.addresses). */
  addresses: PlatformAddresses;
  /**
   * The key change identities are signed with: gitops.changes.signingKey, or
   * one derived from the first backend.auth.keys secret; unsigned without either.
   */
  changeSigningKey?: string;
  layout: GitOpsLayout;
  sealingCertificatePem?: string;
  /**
   * The key nested clusters' join tokens are derived from:
   * gitops.nestedClusters.joinTokenKey, or one derived from the first
   * backend.auth.keys secret; without either, clusters get random tokens
   * and cannot be scaled.
   */
  joinTokenKey?: string;
  platform: NestedClusterPlatform;
  image: NodeImage;
  protectedChanges: ProtectedChangeRules;
  platformTeam: string;
}

/** Parses https://host/owner/repo(.git) into its parts, naming the key on failure. */
export function parseRepositoryUrl(
  url: string,
  key = 'gitops.repository.url',
): Omit<GitOpsRepository, 'baseBranch'> {
  const match =
    /^https?:\/\/([^/\s]+)\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  if (!match) {
    throw new InputError(
      `${key} must be a repository URL like https://github.com/proficientnow/platform-gitops (got '${url}')`,
    );
  }
  return { url, host: match[1], owner: match[2], repo: match[3] };
}

/**
 * Reads the module's configuration. A missing or malformed value is reported
 * with its key; nothing here talks to GitHub.
 */
export function readGitOpsConfig(config: Config): GitOpsModuleConfig {
  const gitops = config.getOptionalConfig('gitops');
  const url =
    gitops?.getOptionalString('repository.url') ??
    'https://github.com/proficientnow/platform-gitops';
  const repository: GitOpsRepository = {
    ...parseRepositoryUrl(url),
    baseBranch: gitops?.getOptionalString('repository.baseBranch') ?? 'main',
  };
  const layoutConfig = gitops?.getOptionalConfig('layout');
  const layout = resolveGitOpsLayout({
    repoURL: `https://${repository.host}/${repository.owner}/${repository.repo}.git`,
    targetRevision: repository.baseBranch,
    ...(layoutConfig ? (layoutConfig.get() as Partial<GitOpsLayout>) : {}),
  });
  const nested = gitops?.getOptionalConfig('nestedClusters');
  const storageClasses =
    nested?.getOptionalStringArray('storageClasses') ??
    DEFAULT_NESTED_PLATFORM.storageClasses;
  const defaultStorageClass =
    nested?.getOptionalString('defaultStorageClass') ?? storageClasses[0];
  if (!storageClasses.includes(defaultStorageClass)) {
    throw new InputError(
      `gitops.nestedClusters.defaultStorageClass '${defaultStorageClass}' must be one of gitops.nestedClusters.storageClasses (${storageClasses.join(
        ', ',
      )})`,
    );
  }
  const imageText = nested?.getOptionalString('image');
  let image: NodeImage = DEFAULT_NODE_IMAGE;
  if (imageText) {
    if (/^docker:\/\//.test(imageText)) image = { registry: imageText };
    else if (/^https?:\/\//.test(imageText)) image = { http: imageText };
    else
      throw new InputError(
        `gitops.nestedClusters.image must start with docker:// or http(s):// (got '${imageText}')`,
      );
  }
  const vlans =
    (nested?.getOptional('vlans') as VlanNetwork[] | undefined) ??
    DEFAULT_NESTED_VLANS;
  const certificate = gitops?.getOptionalString('sealing.certificate');
  const configuredKey = gitops?.getOptionalString('changes.signingKey');
  if (configuredKey !== undefined && configuredKey.length < 32) {
    throw new InputError(
      `gitops.changes.signingKey must be at least 32 characters (got ${configuredKey.length}); generate one with: openssl rand -hex 32`,
    );
  }
  const configuredJoinKey = nested?.getOptionalString('joinTokenKey');
  if (configuredJoinKey !== undefined && configuredJoinKey.length < 32) {
    throw new InputError(
      `gitops.nestedClusters.joinTokenKey must be at least 32 characters (got ${configuredJoinKey.length}); generate one with: openssl rand -hex 32`,
    );
  }
  // without a key of its own, a portal with a backend secret uses keys derived from it, one per purpose
  const backendSecret = config
    .getOptionalConfigArray('backend.auth.keys')?.[0]
    ?.getOptionalString('secret');
  const derivedKey = (purpose: string) =>
    backendSecret
      ? createHmac('sha256', backendSecret).update(purpose).digest('hex')
      : undefined;
  const signingKey =
    configuredKey ?? derivedKey('platform-portal gitops change identity');
  const joinTokenKey =
    configuredJoinKey ??
    derivedKey('platform-portal nested-cluster join tokens');
  let addresses: PlatformAddresses;
  try {
    addresses = resolvePlatformAddresses(
      gitops?.getOptional('platform.addresses') as
        | Partial<PlatformAddresses>
        | undefined,
    );
  } catch (error) {
    // each problem named by its key, e.g. gitops.platform.addresses.apiServerVip: must be ...
    const problems = (error as Error).message
      .split('\n')
      .filter(line => line.startsWith('  - '))
      .map(line => `gitops.platform.addresses.${line.slice(4)}`);
    throw new InputError(
      problems.length
        ? problems.join('; ')
        : `gitops.platform.addresses: ${(error as Error).message}`,
    );
  }
  return {
    repository,
    repositoryConfigured: gitops?.has('repository.url') ?? false,
    addresses,
    changeSigningKey: signingKey,
    layout,
    sealingCertificatePem: certificate,
    joinTokenKey,
    platform: {
      storageClasses,
      defaultStorageClass,
      vlans,
      maxWorkers:
        nested?.getOptionalNumber('maxWorkers') ??
        DEFAULT_NESTED_PLATFORM.maxWorkers,
    },
    image,
    protectedChanges: {
      environments:
        gitops?.getOptionalStringArray('protected.environments') ??
        DEFAULT_PROTECTED_CHANGES.environments,
      domains:
        gitops?.getOptionalStringArray('protected.domains') ??
        DEFAULT_PROTECTED_CHANGES.domains,
    },
    platformTeam:
      gitops?.getOptionalString('platformTeam') ??
      'proficientnow/platform-engineers',
  };
}
