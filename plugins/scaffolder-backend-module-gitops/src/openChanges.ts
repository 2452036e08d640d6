import {
  ChangeBranch,
  parseChangeBranchName,
} from '@proficientnow/backstage-plugin-gitops-common';
import { parseAllocationPath } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { GitOpsActionDeps } from './actions/renderPipeline';

/** An open pull request the portal opened, by what its branch says. */
export interface OpenPortalChange {
  number: number;
  url: string;
  branch: string;
  change: ChangeBranch;
}

/**
 * The open portal pull requests against the base branch: one listing
 * request per hundred open pull requests. A dry run that cannot reach
 * GitHub sees none, and says so.
 */
export async function openPortalChanges(
  deps: GitOpsActionDeps,
  ctx: { isDryRun?: boolean; logger: { warn(message: string): void } },
): Promise<OpenPortalChange[]> {
  const { repository } = deps.gitops.config;
  try {
    const octokit = await deps.gitops.client();
    const pulls = await octokit.paginate(octokit.pulls.list, {
      owner: repository.owner,
      repo: repository.repo,
      state: 'open',
      base: repository.baseBranch,
      per_page: 100,
    });
    return pulls.flatMap(pull => {
      const change = parseChangeBranchName(pull.head.ref);
      return change
        ? [
            {
              number: pull.number,
              url: pull.html_url,
              branch: pull.head.ref,
              change,
            },
          ]
        : [];
    });
  } catch (error) {
    if (!ctx.isDryRun) throw error;
    ctx.logger.warn(
      `dry run: could not list the open pull requests of ${repository.url} (${
        (error as Error).message
      }); addresses they claim are not counted`,
    );
    return [];
  }
}

/**
 * The addresses open cluster pull requests claim (the allocation files
 * they add), except those of `ownBranch`, which this request replaces.
 * One request per open cluster pull request.
 */
export async function addressesClaimedByOpenChanges(
  deps: GitOpsActionDeps,
  changes: OpenPortalChange[],
  ownBranch: string,
): Promise<Set<string>> {
  const { repository, layout } = deps.gitops.config;
  const claimed = new Set<string>();
  const clusterChanges = changes.filter(
    c => c.change.kind === 'cluster' && c.branch !== ownBranch,
  );
  if (clusterChanges.length === 0) return claimed;
  const octokit = await deps.gitops.client();
  for (const change of clusterChanges) {
    const files = await octokit.paginate(octokit.pulls.listFiles, {
      owner: repository.owner,
      repo: repository.repo,
      pull_number: change.number,
      per_page: 100,
    });
    for (const file of files) {
      if (file.status === 'removed') continue;
      const allocation = parseAllocationPath(
        layout.clustersPath,
        file.filename,
      );
      if (allocation) claimed.add(allocation.address);
    }
  }
  return claimed;
}
