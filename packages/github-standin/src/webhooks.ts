import { createHmac, randomUUID } from 'node:crypto';
import { repository, simpleUser, Urls } from './githubObjects';
import { CommitInfo, ZERO_SHA } from './GitRepository';
import { SchemaIssue } from './OpenApiValidator';
import { RepoRecord, StandinState } from './StandinState';

/** Where the stand-in delivers webhooks, as a repository webhook in GitHub is configured. */
export interface WebhookSubscription {
  /** Loopback only: the stand-in never posts anywhere else. */
  url: string;
  /** Signs each delivery (`X-Hub-Signature-256`), as GitHub does. */
  secret: string;
  /** Only deliveries for this repository (`owner/name`); default every repository. */
  repository?: string;
}

/** One delivery attempt, for tests and the control API. */
export interface WebhookDelivery {
  id: string;
  event: 'push';
  url: string;
  repository: string;
  ref: string;
  after: string;
  deliveredAt: string;
  /** The receiver's HTTP status, or the reason it was not reached. */
  status?: number;
  error?: string;
}

function isLoopback(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    return (
      (protocol === 'http:' || protocol === 'https:') &&
      (/^127(\.\d{1,3}){3}$/.test(hostname) ||
        hostname === '[::1]' ||
        hostname === 'localhost')
    );
  } catch {
    return false;
  }
}

function commitObject(commit: CommitInfo, repo: RepoRecord, web: string) {
  const person = (p: CommitInfo['author']) => ({
    name: p.name,
    email: p.email,
    date: p.date,
  });
  return {
    id: commit.sha,
    tree_id: commit.tree,
    distinct: true,
    message: commit.message.trimEnd(),
    timestamp: commit.committer.date,
    url: `${web}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    added: [],
    removed: [],
    modified: [],
  };
}

/**
 * Delivers GitHub's `push` webhook when a branch of a repository moves (a
 * ref created or updated through the API, a pull request merged): the
 * payload as the upstream description defines it (checked before sending;
 * a mismatch is a stand-in bug), signed with HMAC-SHA256 in
 * `X-Hub-Signature-256`, with `X-GitHub-Event` and `X-GitHub-Delivery`.
 */
export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly subscriptions: WebhookSubscription[] = [];
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly state: StandinState,
    private readonly validate: (payload: unknown) => Promise<SchemaIssue[]>,
    private readonly onInvalid: (issues: SchemaIssue[]) => void,
  ) {}

  subscribe(subscription: WebhookSubscription): void {
    if (!isLoopback(subscription.url)) {
      throw new Error(
        `webhook url must be on loopback (127.0.0.0/8, ::1, localhost): ${subscription.url}`,
      );
    }
    if (!subscription.secret) throw new Error('webhook secret must be set');
    this.subscriptions.push(subscription);
  }

  /** Waits for every delivery started so far (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  branchMoved(
    repo: RepoRecord,
    ref: string,
    before: string,
    after: string,
    urls: Urls,
    login: string,
  ): void {
    if (!ref.startsWith('refs/heads/')) return;
    const full = `${repo.owner}/${repo.name}`;
    const targets = this.subscriptions.filter(
      s => !s.repository || s.repository.toLowerCase() === full.toLowerCase(),
    );
    if (!targets.length) return;
    const delivery = this.deliver(
      repo,
      ref,
      before,
      after,
      urls,
      login,
      targets,
    );
    this.inFlight.add(delivery);
    delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(
    repo: RepoRecord,
    ref: string,
    before: string,
    after: string,
    urls: Urls,
    login: string,
    targets: WebhookSubscription[],
  ): Promise<void> {
    const head = await repo.git.readCommit(after);
    const headCommit = head ? commitObject(head, repo, urls.web) : null;
    const payload = {
      ref,
      before,
      after,
      created: before === ZERO_SHA,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${urls.web}/${repo.owner}/${repo.name}/compare/${before.slice(
        0,
        12,
      )}...${after.slice(0, 12)}`,
      commits: headCommit ? [headCommit] : [],
      head_commit: headCommit,
      repository: repository(this.state, repo, urls),
      pusher: { name: login, email: `${login}@users.noreply.github.local` },
      sender: simpleUser(this.state, login, urls),
    };
    const issues = await this.validate(payload);
    if (issues.length) this.onInvalid(issues);
    const body = JSON.stringify(payload);
    await Promise.all(
      targets.map(async target => {
        const id = randomUUID();
        const record: WebhookDelivery = {
          id,
          event: 'push',
          url: target.url,
          repository: `${repo.owner}/${repo.name}`,
          ref,
          after,
          deliveredAt: new Date().toISOString(),
        };
        this.deliveries.push(record);
        try {
          const res = await fetch(target.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'GitHub-Hookshot/standin',
              'x-github-event': 'push',
              'x-github-delivery': id,
              'x-github-hook-id': '1',
              'x-github-hook-installation-target-type': 'repository',
              'x-github-hook-installation-target-id': String(repo.id),
              'x-hub-signature-256': `sha256=${createHmac(
                'sha256',
                target.secret,
              )
                .update(body)
                .digest('hex')}`,
            },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          record.status = res.status;
          await res.arrayBuffer().catch(() => undefined);
        } catch (error) {
          record.error = String((error as Error)?.message ?? error);
        }
      }),
    );
  }
}
