/**
 * @jest-environment node
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { actionContext, makeDeps } from '../__testUtils__/actionHarness';
import { createOpenPullRequestAction } from './openPullRequest';

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
