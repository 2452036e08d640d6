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
import { LiveInventory } from './ingest/live';
import { LiveApplicationSource } from './liveSource';

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

function provider(live?: LiveApplicationSource) {
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
    live,
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

  it('follows the live side while Git stands still: drift appears and goes, and an unreadable live source marks nothing', async () => {
    let inventory: LiveInventory | undefined;
    const running = (...names: string[]): LiveInventory => ({
      cluster: 'platform',
      observedAt: '2026-12-07T09:00:00Z',
      applications: names.map(name => ({ name, labels: {}, annotations: {} })),
    });
    const { entityProvider, connection } = provider({
      read: async () => inventory,
    });
    await entityProvider.connect(connection);
    const entitiesOf = (call: number) =>
      new Map<string, any>(
        (connection.applyMutation.mock.calls[call] as any)[0].entities.map(
          (e: any) => [e.entity.metadata.name, e.entity],
        ),
      );
    const deployment = (entity: any) =>
      entity?.metadata.labels?.['platform.proficientnow.io/deployment'];

    inventory = running('cilium', 'postgres');
    await entityProvider.refresh();
    let entities = entitiesOf(0);
    expect(deployment(entities.get('cilium'))).toBe('deployed');
    expect(deployment(entities.get('vllm'))).toBe('not-deployed');
    expect(entities.get('vllm').metadata.tags).toContain('not-deployed');

    // nothing moved anywhere: one request, no mutation
    standin.resetCounts();
    await entityProvider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);

    // someone ran `argocd app create debug-shell`: drift, with Git still at the same head
    inventory = running('cilium', 'postgres', 'debug-shell');
    await entityProvider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    expect(standin.requestCounts()).toMatchObject({ downloads: 0 });
    entities = entitiesOf(1);
    expect(deployment(entities.get('debug-shell'))).toBe('drift');
    expect(entities.get('debug-shell').metadata.tags).toContain('drift');

    // the live source cannot be read: nothing is called not deployed on that account
    inventory = undefined;
    await entityProvider.refresh();
    entities = entitiesOf(2);
    expect(deployment(entities.get('vllm'))).toBeUndefined();
    expect(entities.has('debug-shell')).toBe(false);
  });
});
