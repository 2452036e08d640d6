import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  canonicalJson,
  changeBranchName,
  ChangeIdentity,
  changeIdentityProblems,
  withoutChangeMarkers,
} from '@proficientnow/backstage-plugin-gitops-common';
import { repoPathRule } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  describeGitHubEvent,
  requestDigest,
} from '@proficientnow/backstage-plugin-gitops-node';
import { createHash } from 'node:crypto';
import { codeownersProblems, mergeCodeowners } from '../codeowners';
import { readWorkspaceFiles } from '../workspace';
import { GitOpsActionDeps } from './renderPipeline';
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
        change: z =>
          z
            .object({
              kind: z.string().describe('cluster, component or bootstrap'),
              action: z
                .string()
                .describe(
                  'create, scale, resize, upgrade, retire, change, remove or revert',
                ),
              target: z
                .string()
                .describe(
                  'Catalog entity the change is made to, e.g. resource:default/payments-dev',
                ),
              environment: z.string().optional(),
              domain: z.string().optional(),
              requestDigest: z
                .string()
                .optional()
                .describe(
                  'SHA-256 of the request; default a digest of the files and deletions',
                ),
            })
            .describe(
              "What the change is: a render action's `change` output. The branch comes from it and who asked comes from the task's user, never from the input.",
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
      const sourcePath = ctx.input.sourcePath || 'gitops';
      const { config, signer } = deps.gitops;
      const { repository } = config;
      // bad input is refused before anything is read from or sent to GitHub
      const problems = [
        ...(ctx.input.deletePaths ?? []).flatMap((path, i) => {
          const rule = repoPathRule(path);
          return rule ? [`deletePaths[${i}]: ${rule}`] : [];
        }),
        ...codeownersProblems(ctx.input.codeowners ?? []),
      ];
      const files = await readWorkspaceFiles(ctx.workspacePath, sourcePath);
      const identity = changeIdentityOf(ctx, files);
      problems.push(
        ...changeIdentityProblems(identity).map(
          p => `change.${p.field}: ${p.rule}`,
        ),
      );
      if (problems.length > 0) {
        throw new InputError(
          `invalid request:\n${problems.map(p => `  - ${p}`).join('\n')}`,
        );
      }
      if (files.size === 0 && !ctx.input.deletePaths?.length) {
        throw new InputError(
          `nothing to propose: ${sourcePath} in the workspace holds no files`,
        );
      }
      const branch = changeBranchName(identity);
      const target = `${repository.owner}/${repository.repo}@${repository.baseBranch}`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would open a pull request on ${target} from ${branch} with ${files.size} files`,
        );
        ctx.output('pullRequestUrl', `${repository.url}/pulls (dry run)`);
        ctx.output('pullRequestNumber', 0);
        ctx.output('branch', branch);
        ctx.output('created', false);
        return;
      }
      // every failed attempt and every wait GitHub asks for shows in the task log, as it happens
      const publisher = await deps.gitops.publisher({
        onEvent: event => ctx.logger.warn(describeGitHubEvent(event)),
      });
      if (ctx.input.codeowners?.length) {
        const snapshot = await deps.gitops.reader().snapshot();
        files.set(
          CODEOWNERS_PATH,
          mergeCodeowners(snapshot.text(CODEOWNERS_PATH), ctx.input.codeowners),
        );
      }
      const body = [
        withoutChangeMarkers(ctx.input.description).trimEnd(),
        '',
        identity.requester
          ? `_Requested by \`${identity.requester}\` through the ProficientNow Platform Portal._`
          : '_Opened by the ProficientNow Platform Portal._',
        signer.marker(identity),
        '',
      ].join('\n');
      const commitMessage = `${
        ctx.input.commitMessage ?? ctx.input.title
      }\n\n${signer.trailer(identity)}\n`;
      // checkpoint keys include the content, so a changed request is not answered from an old checkpoint
      const fingerprint = createHash('sha256')
        .update(
          JSON.stringify([
            branch,
            [...files].sort(),
            ctx.input.deletePaths ?? [],
            ctx.input.title,
            body,
          ]),
        )
        .digest('hex')
        .slice(0, 16);
      const result = await publisher.publish(
        {
          owner: repository.owner,
          repo: repository.repo,
          baseBranch: repository.baseBranch,
          branch,
          files,
          deletions: ctx.input.deletePaths,
          commitMessage,
          title: ctx.input.title,
          body,
          labels: ctx.input.labels,
          reviewers: ctx.input.reviewers,
          teamReviewers: ctx.input.teamReviewers,
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

/**
 * The identity of the change: what the render action said, who asked from
 * the task's user (never from the input), and the request digest (the render
 * action's, or a digest of the proposed files).
 */
function changeIdentityOf(
  ctx: {
    input: { change: Record<string, unknown>; deletePaths?: string[] };
    user?: { ref?: string };
  },
  files: Map<string, string>,
): ChangeIdentity {
  const { requester: _ignored, ...change } = ctx.input.change;
  const requester = ctx.user?.ref?.toLowerCase().startsWith('user:')
    ? ctx.user.ref
    : undefined;
  const digest =
    typeof change.requestDigest === 'string'
      ? change.requestDigest
      : requestDigest(
          canonicalJson({
            files: Object.fromEntries(files),
            deletions: ctx.input.deletePaths ?? [],
          }),
        );
  return {
    ...(change as Omit<ChangeIdentity, 'requestDigest'>),
    ...(requester ? { requester } : {}),
    requestDigest: digest,
  };
}
