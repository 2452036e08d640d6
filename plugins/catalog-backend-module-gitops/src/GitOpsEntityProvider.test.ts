/**
 * @jest-environment node
 */
import { mockServices } from '@backstage/backend-test-utils';
import { pushCommit } from '@internal/github-standin';
import {
  createGitHubClient,
  GitHubRepositoryReader,
  PullRequestPublisher,
} from '@proficientnow/backstage-plugin-gitops-node';
import { GitOpsEntityProvider } from './GitOpsEntityProvider';
import { ReaderRepositorySource } from './repositorySources';
import { useBootstrapStandin } from './__testUtils__/bootstrapStandin';
import { LiveInventory } from './ingest/live';
import { LiveApplicationSource } from './liveSource';

jest.setTimeout(60_000);

const TOKEN = 'catalog-token';
const stand = useBootstrapStandin(TOKEN);

function provider(live?: LiveApplicationSource) {
  const publisher = new PullRequestPublisher(
    createGitHubClient({
      baseUrl: stand.current().url,
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
    stand.current().resetCounts();
    const first = await entityProvider.refresh();
    expect(first.unchanged).toBe(false);
    // the ref and the tarball: the whole repository in one API request more
    expect(stand.current().requestCounts()).toMatchObject({
      total: 2,
      downloads: 1,
    });
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = (connection.applyMutation.mock.calls[0] as any)[0];
    expect(mutation.type).toBe('full');
    expect(mutation.entities.map((e: any) => e.entity.metadata.name)).toEqual(
      expect.arrayContaining(['cilium', 'postgres', 'vllm']),
    );

    stand.current().resetCounts();
    const second = await entityProvider.refresh();
    expect(second.unchanged).toBe(true);
    expect(stand.current().requestCounts().total).toBe(1);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('drops an Application deleted in Git from the catalog (full mutation), reading the moved head in one download', async () => {
    const { entityProvider, connection, publisher } = provider();
    await entityProvider.connect(connection);
    await entityProvider.refresh();
    // delete kafka on main, as a merged pull request would
    await pushCommit(publisher.octokit, {
      owner: 'proficientnow',
      repo: 'platform-gitops',
      message: 'Remove kafka',
      files: { 'argocd/apps/applications/communications/kafka.yaml': null },
    });

    stand.current().resetCounts();
    await entityProvider.refresh();
    const names = (
      connection.applyMutation.mock.calls[1] as any
    )[0].entities.map((e: any) => e.entity.metadata.name);
    expect(names).not.toContain('kafka');
    expect(names).toContain('rabbitmq');
    // the ref and one tarball, whatever the number of files
    expect(stand.current().requestCounts()).toMatchObject({
      total: 2,
      downloads: 1,
    });
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
    stand.current().resetCounts();
    await entityProvider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);

    // someone ran `argocd app create debug-shell`: drift, with Git still at the same head
    inventory = running('cilium', 'postgres', 'debug-shell');
    await entityProvider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    expect(stand.current().requestCounts()).toMatchObject({ downloads: 0 });
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
