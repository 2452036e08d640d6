import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createGitOpsRepositoryService,
  GitOpsRepositoryReader,
  GitOpsRepositoryService,
  PullRequestPublisher,
  RepositorySnapshot,
} from '@proficientnow/backstage-plugin-gitops-node';
import { GitOpsActionDeps } from '../actions/renderPipeline';

export const GROUPS = [
  ['platform-engineers', 'proficientnow/platform-engineers'],
  ['app-developers', 'proficientnow/app-developers'],
].map(([name, slug]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/team-slug': slug },
  },
  spec: { type: 'team', children: [] },
}));

/** A repository reader that serves the given files and records every read. */
export function fakeRepository(files: Record<string, string> = {}) {
  const reads: string[] = [];
  const snapshot = new RepositorySnapshot(
    'f'.repeat(40),
    new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)])),
    [],
  );
  const reader: GitOpsRepositoryReader = {
    describe: () => 'fake',
    fileUrl: p => `https://github.local/${p}`,
    head: async () => snapshot.revision,
    snapshot: async () => {
      reads.push('snapshot');
      return snapshot;
    },
  };
  return { reads, reader };
}

/**
 * Deps for the actions with the permission decision, the repository and
 * GitHub under the test's control. Without `reader` or `publisher` the test
 * must not reach GitHub.
 */
export function makeDeps(options: {
  decide?: (
    permissionName: string,
  ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  reader?: GitOpsRepositoryReader;
  publisher?: () => Promise<PullRequestPublisher>;
  config?: Record<string, unknown>;
  sealingCertificatePem?: string;
  /** A real repository service (e.g. on the GitHub stand-in); replaces reader and publisher. */
  gitops?: GitOpsRepositoryService;
  /**
   * The open pull requests GitHub lists, with the files each adds; with a
   * reader and no other client, the repository has none.
   */
  openPulls?: Array<{ number: number; branch: string; files: string[] }>;
}): GitOpsActionDeps & { decisions: string[] } {
  const decisions: string[] = [];
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(request => {
        const name = (request as { permission: { name: string } }).permission
          .name;
        decisions.push(name);
        return { result: options.decide?.(name) ?? AuthorizeResult.ALLOW };
      }) as any,
  });
  const service = createGitOpsRepositoryService(
    new ConfigReader({
      gitops: {
        repository: {
          url: 'https://github.local/proficientnow/platform-gitops',
        },
        changes: { signingKey: 'the signing key of the action tests, 32+' },
        ...(options.sealingCertificatePem
          ? { sealing: { certificate: options.sealingCertificatePem } }
          : {}),
        ...options.config,
      },
    }),
  );
  const unreachable = async (): Promise<never> => {
    throw new Error('this test must not talk to GitHub');
  };
  const gitops: GitOpsRepositoryService = {
    ...service,
    reader: () =>
      options.reader ?? {
        describe: () => 'unreachable',
        fileUrl: p => p,
        head: unreachable,
        snapshot: unreachable,
      },
    client:
      options.reader || options.openPulls
        ? async () => openPullsClient(options.openPulls ?? [])
        : unreachable,
    publisher: options.publisher ?? unreachable,
  };
  return {
    gitops: options.gitops ?? gitops,
    permissions,
    catalog: catalogServiceMock({ entities: GROUPS as any }),
    decisions,
  };
}

export function actionContext<T extends Record<string, any>>(
  input: T,
  extra: Record<string, unknown> = {},
) {
  const workspacePath = mkdtempSync(path.join(os.tmpdir(), 'gitops-action-'));
  const ctx = createMockActionContext({
    input,
    workspacePath,
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/lena.dev'),
    user: { ref: 'user:default/lena.dev' },
    ...extra,
  } as any);
  return ctx;
}

/** Just enough of a GitHub client to list open pull requests and their files. */
function openPullsClient(
  pulls: Array<{ number: number; branch: string; files: string[] }>,
): any {
  const list = async () =>
    pulls.map(p => ({
      number: p.number,
      html_url: `https://github.local/pull/${p.number}`,
      head: { ref: p.branch },
    }));
  const listFiles = async ({ pull_number }: { pull_number: number }) =>
    (pulls.find(p => p.number === pull_number)?.files ?? []).map(filename => ({
      filename,
      status: 'added',
    }));
  return {
    pulls: { list, listFiles },
    paginate: (method: (args: any) => Promise<unknown[]>, args: any) =>
      method(args),
  };
}
