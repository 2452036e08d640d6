/**
 * @jest-environment node
 */
import { ConfigReader } from '@backstage/config';
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  changeMarker,
  readChangeMarker,
  readChangeTrailer,
} from '@proficientnow/backstage-plugin-gitops-common';
import {
  ChangeSigner,
  createGitOpsRepositoryService,
} from '@proficientnow/backstage-plugin-gitops-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { actionContext, makeDeps } from '../__testUtils__/actionHarness';
import { createOpenPullRequestAction } from './openPullRequest';

jest.setTimeout(60_000);

/** GitHub access that records every attempt to reach GitHub. */
function recordingGitHub() {
  const calls: string[] = [];
  return {
    calls,
    publisher: async (): Promise<never> => {
      calls.push('publisher');
      throw new Error('GitHub must not be reached for bad input');
    },
  };
}

const CHANGE = {
  kind: 'component',
  action: 'remove',
  target: 'component:default/kafka',
  domain: 'applications',
};

function contextWithFile(input: Record<string, unknown>) {
  const ctx = actionContext({
    sourcePath: 'gitops',
    change: CHANGE,
    title: 'T',
    description: 'D',
    ...input,
  });
  mkdirSync(path.join(ctx.workspacePath, 'gitops'), { recursive: true });
  writeFileSync(path.join(ctx.workspacePath, 'gitops', 'a.yaml'), 'a: 1\n');
  return ctx;
}

describe('gitops:pull-request:open bad input', () => {
  it.each([
    [
      { deletePaths: ['../etc/passwd'] },
      /deletePaths\[0\]: must not contain "\.\."/,
    ],
    [
      { deletePaths: ['/absolute.yaml'] },
      /deletePaths\[0\]: must be relative to the repository root/,
    ],
    [
      { codeowners: [{ path: 'clusters/dev/a/', owners: ['@org/team'] }] },
      /codeowners\[0\]\.path: must be an absolute repository path/,
    ],
    [
      {
        codeowners: [
          { path: '/clusters/dev/a/', owners: ['@org/team\n* @evil'] },
        ],
      },
      /codeowners\[0\]\.owners\[0\]: must be a GitHub handle/,
    ],
    [
      { codeowners: [{ path: '/clusters/dev/a/', owners: [] }] },
      /codeowners\[0\]\.owners: must name at least one owner/,
    ],
    [
      { change: { ...CHANGE, kind: 'database' } },
      /change\.kind: must be one of cluster, component, bootstrap/,
    ],
    [
      { change: { ...CHANGE, target: 'kafka' } },
      /change\.target: must be a full entity reference/,
    ],
    [
      { change: { ...CHANGE, domain: undefined } },
      /change\.domain: is required for a component change/,
    ],
    [
      { change: { ...CHANGE, requestDigest: 'abc' } },
      /change\.requestDigest: must be a SHA-256 digest/,
    ],
  ])(
    'refuses %j naming the field, before reaching GitHub',
    async (input, message) => {
      const github = recordingGitHub();
      const action = createOpenPullRequestAction(
        makeDeps({ publisher: github.publisher }),
      );
      await expect(
        action.handler(contextWithFile(input) as any),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(github.calls).toEqual([]);
    },
  );

  it('reaches GitHub for a valid request (so the refusals above are about the input)', async () => {
    const github = recordingGitHub();
    const action = createOpenPullRequestAction(
      makeDeps({ publisher: github.publisher }),
    );
    await expect(
      action.handler(
        contextWithFile({
          deletePaths: ['argocd/apps/old.yaml'],
          codeowners: [{ path: '/clusters/dev/a/', owners: ['@org/team'] }],
        }) as any,
      ),
    ).rejects.toThrow(/must not be reached/);
    expect(github.calls).toEqual(['publisher']);
  });
});

describe('gitops:pull-request:open against the GitHub stand-in', () => {
  const TOKEN = 'ghp_open_action_test';
  const KEY = 'the signing key of the open action test';
  let standin: GitHubStandin;

  beforeEach(async () => {
    standin = await startGitHubStandin({
      repos: [
        {
          owner: 'proficientnow',
          name: 'platform-gitops',
          files: { 'README.md': '# gitops\n' },
        },
      ],
      tokens: [TOKEN],
    });
  });
  afterEach(async () => {
    await standin.close();
  });

  function deps() {
    return makeDeps({
      gitops: createGitOpsRepositoryService(
        new ConfigReader({
          integrations: {
            github: [
              { host: 'github.local', apiBaseUrl: standin.url, token: TOKEN },
            ],
          },
          gitops: {
            repository: {
              url: 'https://github.local/proficientnow/platform-gitops',
            },
            changes: { signingKey: KEY },
            github: { writeInterval: { milliseconds: 0 } },
          },
        }),
        { timeScale: 0.001 },
      ),
    });
  }

  function logged() {
    const lines: string[] = [];
    const logger: any = {
      info: (m: string) => lines.push(`info: ${m}`),
      warn: (m: string) => lines.push(`warn: ${m}`),
      error: (m: string) => lines.push(`error: ${m}`),
      debug: () => {},
      child: () => logger,
    };
    return { lines, logger };
  }

  it('signs who asked (the task user, never the input) into the body and the commit, and logs every retry as it happens', async () => {
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/trees',
      status: 502,
      times: 1,
    });
    const { lines, logger } = logged();
    const forged = changeMarker({
      ...CHANGE,
      kind: 'component',
      action: 'remove',
      requester: 'user:default/mallory',
      requestDigest: 'f'.repeat(64),
    } as any);
    const ctx = contextWithFile({
      change: { ...CHANGE, requester: 'user:default/mallory' },
      description: `## What changes\n\nKafka goes.\n${forged}`,
    });
    (ctx as any).logger = logger;
    await createOpenPullRequestAction(deps()).handler(ctx as any);

    const repo = standin.repo('proficientnow', 'platform-gitops');
    const [pull] = await repo.pulls();
    expect(pull.head).toBe(
      'proficientnow:gitops/component-applications-kafka--remove',
    );
    const signer = new ChangeSigner(KEY);
    const fromBody = signer.verify(readChangeMarker(pull.body));
    expect(fromBody).toEqual({
      verified: true,
      identity: expect.objectContaining({
        kind: 'component',
        action: 'remove',
        target: 'component:default/kafka',
        requester: 'user:default/lena.dev',
      }),
    });
    const commit = await repo.git.readCommit(pull.headSha);
    expect(signer.verify(readChangeTrailer(commit?.message))).toEqual(fromBody);
    expect(pull.body).toContain('_Requested by `user:default/lena.dev`');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warn: GitHub answered 502 to POST \/api\/v3\/repos\/proficientnow\/platform-gitops\/git\/trees \(attempt 1 of 4\): Server Error; trying again in 0\.5 s$|^warn: GitHub answered 502 to POST \/repos\/proficientnow\/platform-gitops\/git\/trees \(attempt 1 of 4\): Server Error; trying again in 0\.5 s$/,
      ),
    );
  });

  it('ends a failed run with one error naming the step, the request and what was left behind', async () => {
    standin.injectFault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls',
      status: 500,
      times: 100,
    });
    const { logger } = logged();
    const ctx = contextWithFile({});
    (ctx as any).logger = logger;
    await expect(
      createOpenPullRequestAction(deps()).handler(ctx as any),
    ).rejects.toThrow(
      /^Could not open or update the pull request: POST \/.*\/pulls after 4 attempts: GitHub answered 500: Server Error\. Left behind on GitHub: the branch gitops\/component-applications-kafka--remove at commit [0-9a-f]{7}\. Run the task again/,
    );
  });
});
