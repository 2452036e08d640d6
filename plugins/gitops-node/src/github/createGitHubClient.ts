import { Octokit } from '@octokit/rest';
import { DEFAULT_RETRY_POLICY, retryDelayMs, RetryPolicy } from './retryPolicy';

export interface GitHubClientOptions {
  baseUrl: string;
  token: string;
  retry?: Partial<RetryPolicy>;
  /** Injected in tests so retries do not wait in real time. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called before each retry, for logs. */
  onRetry?: (info: {
    method: string;
    url: string;
    status?: number;
    attempt: number;
    waitMs: number;
  }) => void;
}

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * An Octokit whose every request retries as GitHub asks (see retryPolicy).
 * Retrying is safe for every call the publisher makes: reads, trees and
 * commits are content-addressed, refs are force-updated, and pull requests
 * are looked up before they are created.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const octokit = new Octokit({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    auth: options.token,
    userAgent: 'proficientnow-platform-portal',
    request: { retries: 0 },
    // failed requests are thrown (and retried or reported by the caller), not logged twice
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const waitMs = retryDelayMs(error as any, attempt, policy, now());
        if (waitMs === undefined) throw error;
        options.onRetry?.({
          method: String(requestOptions.method),
          url: String(requestOptions.url),
          status: (error as any).status,
          attempt,
          waitMs,
        });
        await sleep(waitMs);
      }
    }
  });
  return octokit;
}
