import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  changeBranchName,
  ChangeIdentity,
} from '@proficientnow/backstage-plugin-gitops-common';
import {
  ChangeSigner,
  createGitHubClient,
  PullRequestPublisher,
} from '@proficientnow/backstage-plugin-gitops-node';
import { JsonObject } from '@backstage/types';
import { Octokit } from '@octokit/rest';

export const OWNER = 'proficientnow';
export const REPO = 'platform-gitops';
/** The host the configuration names; its apiBaseUrl points at the stand-in. */
export const HOST = 'github.local';
/** The portal's token: it must never appear in an answer or an error. */
export const PORTAL_TOKEN = 'ghp_portalTokenThatMustNeverBeShown0123';
const REVIEWER_TOKEN = 'ghp_reviewer_alice';
const CI_TOKEN = 'ghp_ci_bot';

/** The key the configuration signs change identities with. */
export const SIGNING_KEY = 'test signing key of the pending-changes tests';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const signer = new ChangeSigner(SIGNING_KEY);

/** A body ending as the portal's do: a line for people, and the signed identity. */
function body(what: string, identity: ChangeIdentity) {
  return `## What changes\n\n${what}\n\n_Requested by \`${
    identity.requester
  }\` through the ProficientNow Platform Portal._\n${signer.marker(
    identity,
  )}\n`;
}

const DIGEST = 'e'.repeat(64);
const LENA = 'user:default/lena.dev';

/** What a portal change is, as the codec records it; every test change is a create. */
function created(
  target: string,
  scope: { environment?: string; domain?: string },
  requester: string,
): ChangeIdentity {
  return {
    kind: target.startsWith('resource:') ? 'cluster' : 'component',
    action: 'create',
    target,
    ...scope,
    requester,
    requestDigest: DIGEST,
  };
}

export interface RepositoryWithChanges {
  standin: GitHubStandin;
  /** Root config for PendingChangesService.fromConfig. */
  config: JsonObject;
  pulls: {
    devCluster: number;
    component: number;
    prodCluster: number;
    bootstrap: number;
    notGitOps: number;
  };
}

/**
 * A GitOps repository in the GitHub stand-in with the pull requests the
 * portal opens, opened by the portal's own PullRequestPublisher:
 *
 * - dev cluster `payments-dev`: approved by alice, status `ci/validate` green;
 * - component `cert-manager` (infrastructure): alice requests changes, then
 *   comments; status `ci/validate` failing, check run `kubeconform` failing,
 *   `yamllint` passing;
 * - prod cluster `billing`: no reviews yet, check run `kubeconform` running;
 * - the bootstrap tree, whose `gitops` label is missing (found by its branch),
 *   as a draft-less PR with no checks;
 * - a pull request that is not the portal's (`docs/readme`, no labels).
 */
export async function startRepositoryWithChanges(): Promise<RepositoryWithChanges> {
  const standin = await startGitHubStandin({
    repos: [
      {
        owner: OWNER,
        name: REPO,
        files: {
          'README.md': '# platform-gitops\n',
          'clusters/.keep': '',
        },
      },
    ],
    tokens: [
      { token: PORTAL_TOKEN, login: 'portal-bot' },
      { token: REVIEWER_TOKEN, login: 'alice' },
      { token: CI_TOKEN, login: 'ci-bot' },
    ],
  });
  const publisher = new PullRequestPublisher(
    createGitHubClient({
      baseUrl: standin.url,
      token: PORTAL_TOKEN,
      writeIntervalMs: 0,
    }),
  );
  const alice = new Octokit({
    baseUrl: standin.url,
    auth: REVIEWER_TOKEN,
    log: quiet,
  });
  const ci = new Octokit({ baseUrl: standin.url, auth: CI_TOKEN, log: quiet });
  const r = { owner: OWNER, repo: REPO };

  /** Opens a pull request as the portal does: a change with an identity gets its branch and marker from it. */
  const open = async (options: {
    branch?: string;
    identity?: ChangeIdentity;
    file: string;
    title: string;
    body: string;
    labels?: string[];
    teamReviewers?: string[];
  }) => {
    const result = await publisher.publish({
      ...r,
      baseBranch: 'main',
      branch: options.identity
        ? changeBranchName(options.identity)
        : options.branch!,
      files: new Map([[options.file, `# ${options.title}\n`]]),
      commitMessage: options.title,
      title: options.title,
      body: options.identity
        ? body(options.body, options.identity)
        : options.body,
      labels: options.labels,
      teamReviewers: options.teamReviewers,
    });
    return { number: result.number, sha: result.commitSha };
  };

  const review = (
    pull: number,
    event: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT',
    text?: string,
  ) =>
    alice.pulls.createReview({
      ...r,
      pull_number: pull,
      event,
      ...(text ? { body: text } : {}),
    });
  const status = (sha: string, state: 'success' | 'failure') =>
    ci.repos.createCommitStatus({ ...r, sha, state, context: 'ci/validate' });

  const devCluster = await open({
    identity: created(
      'resource:default/payments-dev',
      { environment: 'dev' },
      LENA,
    ),
    file: 'clusters/dev/payments-dev/cluster.yaml',
    title: 'Nested cluster payments-dev (dev): 1 control plane + 2 workers',
    body: 'New nested cluster payments-dev.',
    labels: ['gitops', 'env:dev'],
    teamReviewers: ['app-developers'],
  });
  await review(devCluster.number, 'APPROVE');
  await status(devCluster.sha, 'success');

  const component = await open({
    identity: created(
      'component:default/cert-manager',
      { domain: 'infrastructure' },
      'user:default/omar.ops',
    ),
    file: 'argocd/apps/infrastructure/cert-manager.yaml',
    title: 'Platform component cert-manager (infrastructure/security)',
    body: 'Platform component cert-manager.',
    labels: ['gitops', 'domain:infrastructure'],
    teamReviewers: ['platform-engineers'],
  });
  await review(component.number, 'REQUEST_CHANGES', 'pin the chart version');
  await review(component.number, 'COMMENT', 'and the CRDs?');
  await status(component.sha, 'failure');
  await ci.checks.create({
    ...r,
    name: 'kubeconform',
    head_sha: component.sha,
    conclusion: 'failure',
  });
  await ci.checks.create({
    ...r,
    name: 'yamllint',
    head_sha: component.sha,
    conclusion: 'success',
  });

  const prodCluster = await open({
    identity: created(
      'resource:default/billing',
      { environment: 'prod' },
      LENA,
    ),
    file: 'clusters/prod/billing/cluster.yaml',
    title: 'Nested cluster billing (prod): 3 control plane + 3 workers',
    body: 'New nested cluster billing.',
    labels: ['gitops', 'env:prod'],
    teamReviewers: ['app-developers', 'platform-engineers'],
  });
  await ci.checks.create({
    ...r,
    name: 'kubeconform',
    head_sha: prodCluster.sha,
    status: 'in_progress',
  });

  const bootstrap = await open({
    branch: 'gitops/bootstrap',
    file: 'argocd/root/root.yaml',
    title: 'Bootstrap the GitOps repository',
    body: '## What changes\n\nThe whole tree.\n\n_Opened by the ProficientNow Platform Portal._',
  });

  const notGitOps = await open({
    branch: 'docs/readme',
    file: 'docs/readme.md',
    title: 'Docs: a readme',
    body: 'Just docs.',
  });

  return {
    standin,
    config: {
      integrations: {
        github: [{ host: HOST, apiBaseUrl: standin.url, token: PORTAL_TOKEN }],
      },
      gitops: {
        repository: { url: `https://${HOST}/${OWNER}/${REPO}` },
        changes: { signingKey: SIGNING_KEY },
      },
    },
    pulls: {
      devCluster: devCluster.number,
      component: component.number,
      prodCluster: prodCluster.number,
      bootstrap: bootstrap.number,
      notGitOps: notGitOps.number,
    },
  };
}
