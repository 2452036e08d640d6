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
    access: {
      publisher: async () => {
        calls.push('publisher');
        throw new Error('GitHub must not be reached for bad input');
      },
    },
  };
}

function contextWithFile(input: Record<string, unknown>) {
  const ctx = actionContext({
    sourcePath: 'gitops',
    branchName: 'gitops/x',
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
  ])(
    'refuses %j naming the field, before reaching GitHub',
    async (input, message) => {
      const github = recordingGitHub();
      const action = createOpenPullRequestAction(
        makeDeps({ github: github.access }),
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
      makeDeps({ github: github.access }),
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
