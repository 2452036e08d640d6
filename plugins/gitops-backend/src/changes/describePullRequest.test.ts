import {
  changeBranchName,
  ChangeIdentity,
  encodeChangePayload,
  PLATFORM_DOMAINS,
} from '@proficientnow/backstage-plugin-gitops-common';
import { ENVIRONMENTS } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { ChangeSigner } from '@proficientnow/backstage-plugin-gitops-node';
import {
  changeOf,
  describePullRequest,
  isGitOpsPullRequest,
  ListedPullRequest,
  summarizeChecks,
  summarizeReviews,
} from './describePullRequest';

const signer = new ChangeSigner(
  'a signing key of at least thirty-two characters',
);
const identity: ChangeIdentity = {
  kind: 'cluster',
  action: 'create',
  target: 'resource:default/payments-dev',
  environment: 'dev',
  requester: 'user:default/lena.dev',
  requestDigest: 'c'.repeat(64),
};

/** A pull request as the portal opens it: the prose, a line for people, and the marker. */
function portalPull(
  id: ChangeIdentity,
  prose = '## What changes\n\nA cluster.',
) {
  return {
    body: `${prose}\n\n_Requested by \`${
      id.requester
    }\` through the ProficientNow Platform Portal._\n${signer.marker(id)}\n`,
    head: { ref: changeBranchName(id), sha: 'a'.repeat(40), repo: null },
  };
}

describe('changeOf', () => {
  it('reads what the change is and who asked from the signed identity', () => {
    expect(changeOf(portalPull(identity), signer)).toEqual({
      kind: 'cluster',
      action: 'create',
      target: 'payments-dev',
      targetRef: 'resource:default/payments-dev',
      environment: 'dev',
      requester: 'user:default/lena.dev',
      requesterVerified: true,
    });
  });

  it('reads the same requester after the prose, and the line for people, were edited by hand', () => {
    const pull = portalPull(identity);
    pull.body = pull.body
      .replace('A cluster.', 'A cluster, edited.')
      .replace('user:default/lena.dev`', 'user:default/mallory`');
    expect(changeOf(pull, signer)).toMatchObject({
      requester: 'user:default/lena.dev',
      requesterVerified: true,
    });
  });

  it('shows an edited identity as unverified, saying why', () => {
    const pull = portalPull(identity);
    pull.body = pull.body.replace(
      encodeChangePayload(identity),
      encodeChangePayload({ ...identity, requester: 'user:default/mallory' }),
    );
    expect(changeOf(pull, signer)).toMatchObject({
      requester: 'user:default/mallory',
      requesterVerified: false,
      identityProblem: expect.stringMatching(/signature does not match/),
    });
  });

  it('names no requester for a pull request without an identity, whatever its prose says', () => {
    expect(
      changeOf(
        {
          body: '_Requested by `user:default/lena.dev` through the ProficientNow Platform Portal._',
          head: { ref: 'gitops/cluster-dev-payments-dev', sha: '', repo: null },
        },
        signer,
      ),
    ).toEqual({
      kind: 'cluster',
      action: 'create',
      target: 'payments-dev',
      environment: 'dev',
      requesterVerified: false,
      identityProblem: expect.stringMatching(/no identity marker/),
    });
    expect(
      changeOf(
        { body: null, head: { ref: 'feature/x', sha: '', repo: null } },
        signer,
      ),
    ).toMatchObject({ kind: 'other', requesterVerified: false });
  });

  it('says so when the marker is damaged', () => {
    const pull = portalPull(identity);
    pull.body += signer.marker(identity);
    expect(changeOf(pull, signer)).toMatchObject({
      kind: 'cluster',
      identityProblem:
        'the identity marker cannot be read: 2 identities where there must be one',
    });
  });

  it.each(ENVIRONMENTS.map(e => [e]))(
    'reads environment %s back from a cluster change',
    environment => {
      const id = {
        ...identity,
        environment,
        target: 'resource:default/my-cluster-1',
      };
      expect(changeOf(portalPull(id), signer)).toMatchObject({
        kind: 'cluster',
        environment,
        target: 'my-cluster-1',
      });
    },
  );

  it.each(PLATFORM_DOMAINS.map(d => [d]))(
    'reads a component of domain %s back from its change',
    domain => {
      const id: ChangeIdentity = {
        kind: 'component',
        action: 'create',
        target: 'component:default/external-dns',
        domain,
        requester: 'user:default/jo',
        requestDigest: 'd'.repeat(64),
      };
      expect(changeOf(portalPull(id), signer)).toMatchObject({
        kind: 'component',
        domain,
        target: 'external-dns',
      });
    },
  );
});

describe('summarizeReviews', () => {
  const review = (login: string, state: string) => ({
    user: { login },
    state,
  });

  it("counts each reviewer's latest deciding review", () => {
    expect(
      summarizeReviews(
        [
          review('alice', 'APPROVED'),
          review('alice', 'COMMENTED'), // leaves the approval standing
          review('bob', 'APPROVED'),
          review('Bob', 'CHANGES_REQUESTED'), // logins are case-insensitive
          review('carol', 'CHANGES_REQUESTED'),
          review('carol', 'DISMISSED'),
          review('dave', 'PENDING'),
        ],
        ['erin'],
      ),
    ).toEqual({ approved: 1, changesRequested: 1, requested: ['erin'] });
  });

  it('ignores reviews of deleted users', () => {
    expect(
      summarizeReviews([{ user: null, state: 'APPROVED' }], []),
    ).toMatchObject({ approved: 0 });
  });
});

describe('summarizeChecks', () => {
  const none = { state: 'pending', total_count: 0, statuses: [] };
  const run = (name: string, status: string, conclusion: string | null) => ({
    name,
    status,
    conclusion,
  });

  it('is none without statuses and check runs, though GitHub says pending', () => {
    expect(summarizeChecks(none, [])).toEqual({
      state: 'none',
      total: 0,
      failing: [],
    });
  });

  it('passes neutral and skipped runs', () => {
    expect(
      summarizeChecks(
        {
          state: 'success',
          total_count: 1,
          statuses: [{ context: 'ci', state: 'success' }],
        },
        [
          run('a', 'completed', 'neutral'),
          run('b', 'completed', 'skipped'),
          run('c', 'completed', 'success'),
        ],
      ),
    ).toEqual({ state: 'success', total: 4, failing: [] });
  });

  it('fails on a failing status or run, and names them', () => {
    expect(
      summarizeChecks(
        {
          state: 'failure',
          total_count: 2,
          statuses: [
            { context: 'ci/validate', state: 'error' },
            { context: 'ci/lint', state: 'success' },
          ],
        },
        [
          run('e2e', 'in_progress', null),
          run('kubeconform', 'completed', 'timed_out'),
          run('policy', 'completed', 'action_required'),
        ],
      ),
    ).toEqual({
      state: 'failure',
      total: 5,
      failing: ['ci/validate', 'kubeconform', 'policy'],
    });
  });

  it('is pending while a status or run is', () => {
    expect(
      summarizeChecks(
        {
          state: 'pending',
          total_count: 1,
          statuses: [{ context: 'ci', state: 'pending' }],
        },
        [],
      ).state,
    ).toBe('pending');
    expect(summarizeChecks(none, [run('e2e', 'queued', null)]).state).toBe(
      'pending',
    );
  });

  it("trusts GitHub's verdict for statuses beyond the first page", () => {
    expect(
      summarizeChecks(
        {
          state: 'failure',
          total_count: 101,
          statuses: [{ context: 'ci', state: 'success' }],
        },
        [],
      ).state,
    ).toBe('failure');
  });
});

const listed = (overrides: Partial<ListedPullRequest>): ListedPullRequest => ({
  number: 7,
  title: 'Nested cluster billing (prod)',
  html_url: 'https://github.com/proficientnow/platform-gitops/pull/7',
  body: null,
  created_at: '2026-11-20T10:00:00Z',
  updated_at: '2026-11-21T10:00:00Z',
  user: { login: 'portal-bot' },
  labels: [],
  head: {
    ref: 'feature/x',
    sha: 'a'.repeat(40),
    repo: { full_name: 'proficientnow/platform-gitops' },
  },
  ...overrides,
});

describe('isGitOpsPullRequest', () => {
  const repo = 'proficientnow/platform-gitops';

  it('takes the gitops label, in any case, or a gitops/ branch of the repository', () => {
    expect(
      isGitOpsPullRequest(listed({ labels: [{ name: 'GitOps' }] }), repo),
    ).toBe(true);
    expect(
      isGitOpsPullRequest(
        listed({
          head: {
            ref: 'gitops/bootstrap',
            sha: 'a'.repeat(40),
            repo: { full_name: 'ProficientNow/platform-gitops' },
          },
        }),
        repo,
      ),
    ).toBe(true);
  });

  it("leaves out other pull requests and a fork's gitops/ branch", () => {
    expect(isGitOpsPullRequest(listed({ labels: ['docs'] }), repo)).toBe(false);
    expect(
      isGitOpsPullRequest(
        listed({
          head: {
            ref: 'gitops/bootstrap',
            sha: 'a'.repeat(40),
            repo: { full_name: 'someone/platform-gitops' },
          },
        }),
        repo,
      ),
    ).toBe(false);
  });
});

describe('describePullRequest', () => {
  const details = {
    mergeable: null,
    mergeable_state: 'unknown',
    reviews: [],
    combinedStatus: { state: 'pending', total_count: 0, statuses: [] },
    checkRuns: [],
  };

  it('takes the env label when the change has no environment of its own, and names no requester without an identity', () => {
    const change = describePullRequest(
      listed({
        labels: [{ name: 'gitops' }, { name: 'env:qa' }],
        head: {
          ref: 'gitops/bootstrap',
          sha: 'a'.repeat(40),
          repo: null,
        },
        draft: true,
        requested_reviewers: [{ login: 'alice' }],
        requested_teams: [{ slug: 'platform-engineers' }],
      }),
      details,
      'proficientnow',
      signer,
    );
    expect(change).toMatchObject({
      kind: 'bootstrap',
      environment: 'qa',
      requesterVerified: false,
      author: 'portal-bot',
      draft: true,
      labels: ['gitops', 'env:qa'],
      reviews: { requested: ['alice', 'proficientnow/platform-engineers'] },
      mergeable: null,
      mergeableState: 'unknown',
    });
  });

  it('leaves environment and target out when nothing names them', () => {
    const change = describePullRequest(
      listed({}),
      details,
      'proficientnow',
      signer,
    );
    expect('requester' in change).toBe(false);
    expect(change.kind).toBe('other');
    expect('environment' in change).toBe(false);
    expect('target' in change).toBe(false);
  });
});
