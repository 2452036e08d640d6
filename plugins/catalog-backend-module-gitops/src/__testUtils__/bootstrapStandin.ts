import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  renderBootstrapTree,
  serializeFiles,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';

/** The repository the tests read: proficientnow/platform-gitops holding the portal's bootstrap tree. */
export const BOOTSTRAP_REPO = {
  owner: 'proficientnow',
  repo: 'platform-gitops',
};

/**
 * A GitHub stand-in started before each test and closed after it, serving
 * the bootstrap tree to `token`; `current()` is this test's stand-in.
 */
export function useBootstrapStandin(token: string): {
  current(): GitHubStandin;
} {
  let standin: GitHubStandin | undefined;
  beforeEach(async () => {
    standin = await startGitHubStandin({
      repos: [
        {
          owner: BOOTSTRAP_REPO.owner,
          name: BOOTSTRAP_REPO.repo,
          files: Object.fromEntries(
            serializeFiles(renderBootstrapTree(DEFAULT_GITOPS_LAYOUT)),
          ),
        },
      ],
      tokens: [token],
    });
  });
  afterEach(async () => {
    await standin?.close();
  });
  return { current: () => standin! };
}
