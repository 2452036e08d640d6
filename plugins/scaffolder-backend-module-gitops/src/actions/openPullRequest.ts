import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { repoPathRule } from '@internal/plugin-gitops-manifests-node';
import { createHash } from 'node:crypto';
import { codeownersProblems, mergeCodeowners } from '../codeowners';
import { readWorkspaceFiles } from '../workspace';
import { GitOpsActionDeps } from './deps';
import { examples } from './openPullRequest.examples';

export const OPEN_PULL_REQUEST_ACTION_ID = 'gitops:pull-request:open';
export const CODEOWNERS_PATH = '.github/CODEOWNERS';

/**
 * Opens one pull request on the GitOps repository from the files a render
 * action wrote, or updates it when the same request runs again. One commit,
 * one tree request, a constant number of GitHub requests; each step is a
 * checkpoint, so a resumed task does not redo what already happened.
 */
export function createOpenPullRequestAction(deps: GitOpsActionDeps) {
  return createTemplateAction({
    id: OPEN_PULL_REQUEST_ACTION_ID,
    description:
      'Opens (or updates) one pull request on the GitOps repository with the files under sourcePath, in one commit built from a single tree request.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Workspace folder holding the repository files'),
        branchName: z =>
          z
            .string()
            .regex(
              /^[A-Za-z0-9._/-]+$/,
              'letters, digits, ".", "_", "-" and "/" only',
            )
            .describe(
              'Branch of this request; the same branch updates the same pull request',
            ),
        title: z => z.string().min(1).max(200).describe('Pull request title'),
        description: z => z.string().describe('Pull request body (Markdown)'),
        commitMessage: z =>
          z.string().optional().describe('Commit message; default the title'),
        deletePaths: z =>
          z
            .array(z.string())
            .optional()
            .describe('Repository paths to delete in the same commit'),
        labels: z => z.array(z.string()).optional(),
        reviewers: z =>
          z
            .array(z.string())
            .optional()
            .describe('GitHub user logins asked to review'),
        teamReviewers: z =>
          z
            .array(z.string())
            .optional()
            .describe('GitHub team slugs asked to review'),
        codeowners: z =>
          z
            .array(z.object({ path: z.string(), owners: z.array(z.string()) }))
            .optional()
            .describe('CODEOWNERS entries to add for new folders'),
      },
      output: {
        pullRequestUrl: z => z.string(),
        pullRequestNumber: z => z.number(),
        branch: z => z.string(),
        created: z =>
          z
            .boolean()
            .describe(
              'false when an open pull request of this branch was updated',
            ),
      },
    },
    async handler(ctx) {
      const input = {
        ...ctx.input,
        sourcePath: ctx.input.sourcePath || 'gitops',
      };
      const { repository } = deps.config;
      // bad input is refused before anything is read from or sent to GitHub
      const problems = [
        ...(input.deletePaths ?? []).flatMap((path, i) => {
          const rule = repoPathRule(path);
          return rule ? [`deletePaths[${i}]: ${rule}`] : [];
        }),
        ...codeownersProblems(input.codeowners ?? []),
      ];
      if (problems.length > 0) {
        throw new InputError(
          `invalid request:\n${problems.map(p => `  - ${p}`).join('\n')}`,
        );
      }
      const files = await readWorkspaceFiles(
        ctx.workspacePath,
        input.sourcePath,
      );
      if (files.size === 0 && !input.deletePaths?.length) {
        throw new Error(
          `nothing to propose: ${input.sourcePath} in the workspace holds no files`,
        );
      }
      const target = `${repository.owner}/${repository.repo}@${repository.baseBranch}`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would open a pull request on ${target} from ${input.branchName} with ${files.size} files`,
        );
        ctx.output('pullRequestUrl', `${repository.url}/pulls (dry run)`);
        ctx.output('pullRequestNumber', 0);
        ctx.output('branch', input.branchName);
        ctx.output('created', false);
        return;
      }
      const publisher = await deps.github.publisher(repository);
      if (input.codeowners?.length) {
        const current = await publisher.readFile(
          repository.owner,
          repository.repo,
          repository.baseBranch,
          CODEOWNERS_PATH,
        );
        files.set(CODEOWNERS_PATH, mergeCodeowners(current, input.codeowners));
      }
      // checkpoint keys include the content, so a changed request is not answered from an old checkpoint
      const fingerprint = createHash('sha256')
        .update(
          JSON.stringify([
            input.branchName,
            [...files].sort(),
            input.deletePaths ?? [],
            input.title,
            input.description,
          ]),
        )
        .digest('hex')
        .slice(0, 16);
      const result = await publisher.publish(
        {
          owner: repository.owner,
          repo: repository.repo,
          baseBranch: repository.baseBranch,
          branch: input.branchName,
          files,
          deletions: input.deletePaths,
          commitMessage: input.commitMessage ?? input.title,
          title: input.title,
          body: input.description,
          labels: input.labels,
          reviewers: input.reviewers,
          teamReviewers: input.teamReviewers,
        },
        (key, step) =>
          ctx.checkpoint({ key: `gitops-pr-${fingerprint}-${key}`, fn: step }),
      );
      ctx.logger.info(
        `${result.created ? 'opened' : 'updated'} ${result.url} (${
          files.size
        } files, commit ${result.commitSha.slice(0, 7)})`,
      );
      ctx.output('pullRequestUrl', result.url);
      ctx.output('pullRequestNumber', result.number);
      ctx.output('branch', result.branch);
      ctx.output('created', result.created);
    },
  });
}
