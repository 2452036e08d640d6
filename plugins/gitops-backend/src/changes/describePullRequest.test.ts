import { ENVIRONMENTS } from '@internal/plugin-gitops-manifests-node';
import { PLATFORM_DOMAINS } from '@internal/plugin-gitops-common';
import {
  describePullRequest,
  isGitOpsPullRequest,
  ListedPullRequest,
  parseGitOpsBranch,
  requesterFromBody,
  summarizeChecks,
  summarizeReviews,
} from './describePullRequest';
import { requestedByLine } from '@internal/plugin-scaffolder-backend-module-gitops';

describe('parseGitOpsBranch', () => {
  it.each([
    [
      'gitops/cluster-dev-payments-dev',
      { kind: 'cluster', environment: 'dev', target: 'payments-dev' },
    ],
    [
      'gitops/cluster-staging-a.b-1',
      { kind: 'cluster', environment: 'staging', target: 'a.b-1' },
    ],
    [
      'gitops/component-infrastructure-cert-manager',
      { kind: 'component', target: 'cert-manager' },
    ],
    ['gitops/bootstrap', { kind: 'bootstrap' }],
    [
      'gitops/component-infrastructure-platform-portal',
      { kind: 'component', target: 'platform-portal' },
    ],
    ['gitops/remove-kafka', { kind: 'other' }],
    ['gitops/cluster-dev', { kind: 'other' }],
    ['feature/cluster-dev-x', { kind: 'other' }],
  ])('%s', (branch, expected) => {
    expect(parseGitOpsBranch(branch)).toEqual(expected);
  });

  // the branch splits at the first '-' after the kind: that only works while
  // every environment and every domain is one word
  it.each(ENVIRONMENTS.map(e => [e]))(
    'reads environment %s back from a cluster branch',
    environment => {
      expect(
        parseGitOpsBranch(`gitops/cluster-${environment}-my-cluster-1`),
      ).toEqual({ kind: 'cluster', environment, target: 'my-cluster-1' });
    },
  );

  it.each(PLATFORM_DOMAINS.map(d => [d]))(
    'reads a component of domain %s back from its branch',
    domain => {
      expect(
        parseGitOpsBranch(`gitops/component-${domain}-external-dns`),
      ).toEqual({ kind: 'component', target: 'external-dns' });
    },
  );
});

describe('requesterFromBody', () => {
  it('reads the user ref of the portal footer', () => {
    expect(
      requesterFromBody(
        '## What changes\r\n\r\n_Requested by `user:default/lena.dev` through the ProficientNow Platform Portal._\r\n',
      ),
    ).toBe('user:default/lena.dev');
  });

  it('reads back what the scaffolder module writes, with or without a requester', () => {
    expect(
      requesterFromBody(
        `## What changes\n\n${requestedByLine('user:default/a')}`,
      ),
    ).toBe('user:default/a');
    expect(requesterFromBody(requestedByLine(undefined))).toBeUndefined();
  });

  it.each([
    [null],
    [''],
    ['_Opened by the ProficientNow Platform Portal._'],
    ['Requested by `` through the ProficientNow Platform Portal'],
  ])('finds none in %p', body => {
    expect(requesterFromBody(body)).toBeUndefined();
  });
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

  it('prefers the env label to the branch, and falls back to the author', () => {
    const change = describePullRequest(
      listed({
        labels: [{ name: 'gitops' }, { name: 'env:qa' }],
        head: {
          ref: 'gitops/cluster-dev-billing',
          sha: 'a'.repeat(40),
          repo: null,
        },
        draft: true,
        requested_reviewers: [{ login: 'alice' }],
        requested_teams: [{ slug: 'platform-engineers' }],
      }),
      details,
      'proficientnow',
    );
    expect(change).toMatchObject({
      kind: 'cluster',
      target: 'billing',
      environment: 'qa',
      requester: 'portal-bot',
      author: 'portal-bot',
      draft: true,
      labels: ['gitops', 'env:qa'],
      reviews: { requested: ['alice', 'proficientnow/platform-engineers'] },
      mergeable: null,
      mergeableState: 'unknown',
    });
  });

  it('leaves environment and target out when nothing names them', () => {
    const change = describePullRequest(listed({}), details, 'proficientnow');
    expect(change.kind).toBe('other');
    expect('environment' in change).toBe(false);
    expect('target' in change).toBe(false);
  });
});
