import { parseChangeBranchName } from '@proficientnow/backstage-plugin-gitops-common';
import { RequestValidationError } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { RepositorySnapshot } from '@proficientnow/backstage-plugin-gitops-node';
import { parseAllDocuments } from 'yaml';
import { openPortalChanges } from '../openChanges';
import {
  catalogLookup,
  componentEntityRef,
  dayTwoBranch,
  dayTwoExample,
  DayTwoChange,
  DayTwoTarget,
  describeDayTwoChange,
} from './dayTwoAction';
import { createRenderAction, GitOpsActionDeps } from './renderPipeline';

export const REVERT_CHANGE_ACTION_ID = 'gitops:change:revert';

function refuse(rule: string): never {
  throw new RequestValidationError([{ field: 'pullRequest', rule }]);
}

/** A restored file is validated as a manifest when every document in it is a Kubernetes object. */
function isManifest(path: string, content: string): boolean {
  if (!/\.ya?ml$/.test(path)) return false;
  try {
    const documents = parseAllDocuments(content) as any[];
    return (
      documents.length > 0 &&
      documents.every(d => {
        const o = d.toJS({ maxAliasCount: 0 });
        return typeof o?.apiVersion === 'string' && typeof o?.kind === 'string';
      })
    );
  } catch {
    return false;
  }
}

const equal = (a?: Buffer, b?: Buffer) =>
  a === undefined || b === undefined ? a === b : a.equals(b);

/**
 * gitops:change:revert: a pull request that restores exactly the files a
 * merged portal pull request touched, as they were before it, validated
 * again. Refused when a file changed after that merge (the rollback would
 * undo the later change too) and for a pull request the portal did not open.
 */
export function createRevertChangeAction(deps: GitOpsActionDeps) {
  return createRenderAction<{ pullRequest: number; targetPath?: string }>({
    id: REVERT_CHANGE_ACTION_ID,
    description:
      'Rolls back a merged portal pull request: one pull request restoring every file it touched as it was before, validated again.',
    examples: [
      {
        description: 'Roll back pull request #42',
        example: dayTwoExample(REVERT_CHANGE_ACTION_ID, { pullRequest: 42 }),
      },
    ],
    input: z =>
      z.object({
        pullRequest: z
          .number()
          .int()
          .min(1)
          .describe(
            'The number of the merged portal pull request to roll back',
          ),
        targetPath: z.string().optional(),
      }) as any,
    deps,
    plan: async ctx => {
      const { repository } = deps.gitops.config;
      const number = ctx.input.pullRequest as number;
      const octokit = await deps.gitops.client();
      const repo = { owner: repository.owner, repo: repository.repo };
      let pull;
      try {
        pull = (await octokit.pulls.get({ ...repo, pull_number: number })).data;
      } catch (error) {
        if ((error as { status?: number }).status === 404)
          refuse(`#${number} is not a pull request of ${repository.url}`);
        throw error;
      }
      const original = parseChangeBranchName(pull.head.ref);
      if (!original || original.kind === 'bootstrap' || !original.name)
        refuse(
          `#${number} was not opened by the portal for a cluster or a component (its branch is ${pull.head.ref})`,
        );
      if (!pull.merged_at || !pull.merge_commit_sha)
        refuse(`#${number} is not merged: close it instead of rolling it back`);
      if (pull.base.ref !== repository.baseBranch)
        refuse(
          `#${number} was merged into ${pull.base.ref}, not ${repository.baseBranch}`,
        );
      const target: DayTwoTarget = {
        kind: original.kind,
        name: original.name,
        entityRef:
          original.kind === 'cluster'
            ? `resource:default/${original.name}`
            : await componentEntityRef(
                catalogLookup(deps, await ctx.getInitiatorCredentials()),
                original.name,
              ),
        environment: original.environment,
        domain: original.domain,
        // the owner is read from the catalog by the approvers step; the platform team reviews a rollback of a creation
        owner: '',
        owns: () => false,
        description: `${
          original.kind === 'cluster'
            ? `the ${original.environment} cluster`
            : `the ${original.domain} component`
        } ${original.name}`,
      };
      const removal = original.action === 'create';
      return {
        request: { pullRequest: number, merge: pull.merge_commit_sha },
        targetPath: ctx.input.targetPath as string | undefined,
        authorize: {
          environment: target.environment,
          domain: target.domain,
          what: `roll back #${number} on ${target.description}`,
          targetRef: target.entityRef,
          removal,
        },
        render: async () => {
          const files = await octokit.paginate(octokit.pulls.listFiles, {
            ...repo,
            pull_number: number,
            per_page: 100,
          });
          const { data: merge } = await octokit.git.getCommit({
            ...repo,
            commit_sha: pull.merge_commit_sha!,
          });
          const reader = deps.gitops.reader();
          const [before, after, head] = await Promise.all([
            reader.snapshot(merge.parents[0].sha),
            reader.snapshot(pull.merge_commit_sha!),
            reader.snapshot(),
          ] as Array<Promise<RepositorySnapshot>>);
          const paths = [
            ...new Set(
              files.flatMap(f => [
                f.filename,
                ...(f.previous_filename ? [f.previous_filename] : []),
              ]),
            ),
          ].sort();
          const later = paths.filter(
            p => !equal(after.files.get(p), head.files.get(p)),
          );
          if (later.length)
            refuse(
              `${later.slice(0, 3).join(', ')}${
                later.length > 3 ? ', ...' : ''
              } changed after #${number} was merged; rolling it back would undo that change too: roll that one back first, or change the files by hand`,
            );
          const change: DayTwoChange = {
            rendered: { files: [], textFiles: new Map() },
            extraFiles: new Map(),
            deletions: [],
            summary: `rolls back #${number}`,
            onMerge: [
              `Argo CD applies these files as they were before #${number}: what #${number} added is removed (pruned where the Application prunes), what it changed is changed back.`,
            ],
            notes: [],
          };
          const textFiles = change.rendered.textFiles as Map<string, string>;
          for (const path of paths) {
            const old = before.text(path);
            if (equal(before.files.get(path), head.files.get(path))) continue;
            if (old === undefined) {
              if (before.files.has(path))
                refuse(`${path} was not UTF-8 text before #${number}`);
              change.deletions.push(path);
              change.notes.push({
                path,
                change: 'removed',
                why: `added by #${number}`,
              });
            } else {
              (isManifest(path, old) ? textFiles : change.extraFiles!).set(
                path,
                old,
              );
              change.notes.push({
                path,
                change: head.files.has(path) ? 'changed' : 'added',
                why: `as it was before #${number}`,
              });
            }
          }
          if (change.notes.length === 0)
            return {
              unchanged: `the files #${number} touched are already as they were before it`,
            };
          const catalogOwner = await deps.catalog
            .getEntityByRef(target.entityRef, {
              credentials: await ctx.getInitiatorCredentials(),
            })
            .catch(() => undefined);
          target.owner =
            (catalogOwner?.spec?.owner as string | undefined) ??
            `group:default/${deps.gitops.config.platformTeam.split('/').pop()}`;
          if (!target.owner.includes(':'))
            target.owner = `group:default/${target.owner}`;
          return describeDayTwoChange({
            target,
            action: 'revert',
            change,
            openChanges: await openPortalChanges(deps, ctx),
            ownBranch: dayTwoBranch(target, 'revert'),
            revision: head.revision,
            verb: 'roll back',
            headline: `Roll back [#${number}](${pull.html_url}) on ${target.description}`,
            protectedReason: removal
              ? 'it removes what a merged pull request created'
              : `${target.environment ?? target.domain} is protected`,
            log: message => ctx.logger.warn(message),
          });
        },
      };
    },
  });
}
