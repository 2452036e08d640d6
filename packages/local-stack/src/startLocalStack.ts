import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  renderBootstrapTree,
  resolveGitOpsLayout,
  serializeFiles,
} from '@internal/plugin-gitops-common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { ensureSealingKeyPair } from './sealingKeyPair';

/** The made-up GitHub host the local GitOps repository lives on; never resolved, only matched. */
export const LOCAL_GITHUB_HOST = 'github.local';
export const LOCAL_GITOPS_OWNER = 'proficientnow';
export const LOCAL_GITOPS_REPO = 'platform-gitops';

export interface LocalStackOptions {
  /** Folder for the stack's state and generated config (.local/stack). */
  dir: string;
  githubPort?: number;
}

export interface LocalStack {
  github: GitHubStandin;
  /** app-config file that points the portal at the stand-ins. */
  configPath: string;
  close(): Promise<void>;
}

/** The GitOps repository a newcomer starts from: our own bootstrap tree and a README. */
export function seedRepositoryFiles(): Record<string, string> {
  const layout = resolveGitOpsLayout({
    repoURL: `https://${LOCAL_GITHUB_HOST}/${LOCAL_GITOPS_OWNER}/${LOCAL_GITOPS_REPO}.git`,
  });
  const files = Object.fromEntries(serializeFiles(renderBootstrapTree(layout)));
  files['README.md'] = [
    '# platform-gitops (local stand-in)',
    '',
    "The GitOps repository of the ProficientNow platform, as the portal's bootstrap",
    "generator writes it. This copy lives in the portal's local GitHub stand-in.",
    '',
  ].join('\n');
  files['.github/CODEOWNERS'] = '* @proficientnow/platform-engineers\n';
  return files;
}

/**
 * Starts the local stand-ins on loopback and writes the app-config that
 * points the portal at them. Everything lives under `dir`; a fresh start
 * seeds a fresh repository.
 */
export async function startLocalStack(
  options: LocalStackOptions,
): Promise<LocalStack> {
  mkdirSync(options.dir, { recursive: true });
  const sealing = ensureSealingKeyPair(path.join(options.dir, 'sealing'));
  const token = `standin-${randomBytes(12).toString('hex')}`;
  const github = await startGitHubStandin({
    repos: [
      {
        owner: LOCAL_GITOPS_OWNER,
        name: LOCAL_GITOPS_REPO,
        files: seedRepositoryFiles(),
      },
    ],
    tokens: [{ token, login: 'platform-portal[bot]' }],
    host: '127.0.0.1',
    port: options.githubPort ?? 7701,
  });
  const config = {
    integrations: {
      github: [{ host: LOCAL_GITHUB_HOST, apiBaseUrl: github.url, token }],
    },
    gitops: {
      repository: {
        url: `https://${LOCAL_GITHUB_HOST}/${LOCAL_GITOPS_OWNER}/${LOCAL_GITOPS_REPO}`,
      },
      sealing: { certificate: sealing.certificatePem },
    },
    portal: {
      localStack: {
        enabled: true,
        github: `${github.url}/${LOCAL_GITOPS_OWNER}/${LOCAL_GITOPS_REPO}`,
      },
    },
  };
  const configPath = path.join(options.dir, 'app-config.stack.yaml');
  writeFileSync(
    configPath,
    `# Written by ./portal start for the local stand-ins; regenerated on every start.\n${stringify(
      config,
      { lineWidth: 0 },
    )}`,
    { mode: 0o600 },
  );
  return {
    github,
    configPath,
    close: async () => {
      await github.close();
    },
  };
}
