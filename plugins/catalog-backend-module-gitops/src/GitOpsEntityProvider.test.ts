/**
 * @jest-environment node
 */
import { mockServices } from '@backstage/backend-test-utils';
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  renderBootstrapTree,
  serializeFiles,
} from '@internal/plugin-gitops-manifests-node';
import { DEFAULT_GITOPS_LAYOUT } from '@internal/plugin-gitops-common';
import {
  createGitHubClient,
  GitHubRepositoryReader,
  PullRequestPublisher,
} from '@internal/plugin-gitops-node';
import { GitOpsEntityProvider } from './GitOpsEntityProvider';
import { ReaderRepositorySource } from './repositorySources';

jest.setTimeout(60_000);

const TOKEN = 'catalog-token';
let standin: GitHubStandin;

beforeEach(async () => {
  standin = await startGitHubStandin({
    repos: [
      {
        owner: 'proficientnow',
        name: 'platform-gitops',
        files: Object.fromEntries(
          serializeFiles(renderBootstrapTree(DEFAULT_GITOPS_LAYOUT)),
        ),
      },
    ],
    tokens: [TOKEN],
  });
});
afterEach(async () => {
  await standin.close();
});

function provider() {
  const publisher = new PullRequestPublisher(
    createGitHubClient({
      baseUrl: standin.url,
      token: TOKEN,
      writeIntervalMs: 0,
    }),
  );
  const source = new ReaderRepositorySource({
    reader: new GitHubRepositoryReader({
      octokit: async () => publisher.octokit,
      owner: 'proficientnow',
      repo: 'platform-gitops',
      branch: 'main',
      webUrl: 'https://github.local/proficientnow/platform-gitops',
    }),
    maxFileBytes: 512 * 1024,
  });
  const entityProvider = new GitOpsEntityProvider({
    source,
    logger: mockServices.logger.mock(),
    maxFileBytes: 512 * 1024,
  });
  const connection = {
    applyMutation: jest.fn(async () => {}),
    refresh: jest.fn(async () => {}),
  };
  return { entityProvider, connection, publisher };
}

describe('GitOpsEntityProvider against the GitHub stand-in', () => {
  it('ingests the repository, then costs one request and no processing while the head has not moved', async () => {
    const { entityProvider, connection } = provider();
    await entityProvider.connect(connection);
    standin.resetCounts();
    const first = await entityProvider.refresh();
    expect(first.unchanged).toBe(false);
    // the ref and the tarball: the whole repository in one API request more
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 1 });
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = (connection.applyMutation.mock.calls[0] as any)[0];
    expect(mutation.type).toBe('full');
    expect(mutation.entities.map((e: any) => e.entity.metadata.name)).toEqual(
      expect.arrayContaining(['cilium', 'postgres', 'vllm']),
    );

    standin.resetCounts();
    const second = await entityProvider.refresh();
    expect(second.unchanged).toBe(true);
    expect(standin.requestCounts().total).toBe(1);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('drops an Application deleted in Git from the catalog (full mutation), reading the moved head in one download', async () => {
    const { entityProvider, connection, publisher } = provider();
    await entityProvider.connect(connection);
    await entityProvider.refresh();
    // delete kafka on main, as a merged pull request would
    const gh = publisher.octokit;
    const { data: ref } = await gh.git.getRef({
      owner: 'proficientnow',
      repo: 'platform-gitops',
      ref: 'heads/main',
    });
    const { data: base } = await gh.git.getCommit({
      owner: 'proficientnow',
      repo: 'platform-gitops',
      commit_sha: ref.object.sha,
    });
    const { data: tree } = await gh.git.createTree({
      owner: 'proficientnow',
      repo: 'platform-gitops',
      base_tree: base.tree.sha,
      tree: [
        {
          path: 'argocd/apps/applications/communications/kafka.yaml',
          mode: '100644',
          type: 'blob',
          sha: null,
        },
      ],
    });
    const { data: commit } = await gh.git.createCommit({
      owner: 'proficientnow',
      repo: 'platform-gitops',
      message: 'Remove kafka',
      tree: tree.sha,
      parents: [ref.object.sha],
    });
    await gh.git.updateRef({
      owner: 'proficientnow',
      repo: 'platform-gitops',
      ref: 'heads/main',
      sha: commit.sha,
    });

    standin.resetCounts();
    await entityProvider.refresh();
    const names = (
      connection.applyMutation.mock.calls[1] as any
    )[0].entities.map((e: any) => e.entity.metadata.name);
    expect(names).not.toContain('kafka');
    expect(names).toContain('rabbitmq');
    // the ref and one tarball, whatever the number of files
    expect(standin.requestCounts()).toMatchObject({ total: 2, downloads: 1 });
  });
});
