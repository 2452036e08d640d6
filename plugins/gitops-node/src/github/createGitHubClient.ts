import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { RequestError } from '@octokit/request-error';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';

/** How long a request may take, how often it is tried, and how long the client may wait in all. */
export interface GitHubRetryPolicy {
  /** Attempts of one request in all, the first included; default 4. */
  maxAttempts: number;
  /** Longest single wait GitHub may ask for; a longer one fails the request at once. Default 2 minutes. */
  maxWaitMs: number;
  /** Longest time one request may spend waiting, over all its retries; default 4 minutes. */
  totalWaitMs: number;
  /** First backoff after a server error; the n-th waits n² times this. Default 500 ms. */
  baseDelayMs: number;
}

export const DEFAULT_GITHUB_RETRY_POLICY: GitHubRetryPolicy = {
  maxAttempts: 4,
  maxWaitMs: 120_000,
  totalWaitMs: 240_000,
  baseDelayMs: 500,
};

/** Default time one request may take before it is abandoned (and retried). */
export const DEFAULT_GITHUB_REQUEST_TIMEOUT_MS = 30_000;
/** GitHub asks for at least a second between content-creating requests of one client. */
export const DEFAULT_GITHUB_WRITE_INTERVAL_MS = 1_000;

/** Something the client did that a person waiting for it should see (the task log). */
export type GitHubClientEvent =
  | {
      type: 'attempt-failed';
      method: string;
      path: string;
      attempt: number;
      maxAttempts: number;
      status?: number;
      message: string;
      /** How long the client waits before the next attempt; absent when it gives up. */
      retryInMs?: number;
    }
  | {
      type: 'rate-limited';
      method: string;
      path: string;
      limit: 'primary' | 'secondary';
      /** How long GitHub asked to wait. */
      waitMs: number;
      /** False when the wait is longer than the policy allows: the request fails instead. */
      willWait: boolean;
    };

export interface GitHubClientOptions {
  baseUrl: string;
  /** A token, or a function that returns a current one (GitHub App installation tokens expire). */
  token: string | (() => Promise<string>);
  retry?: Partial<GitHubRetryPolicy>;
  requestTimeoutMs?: number;
  /**
   * Pause between content-creating requests of the process, as GitHub asks
   * (default 1 s); requests that notify people (a new pull request, a review
   * request) wait three times as long. Tests and benchmarks against the
   * stand-in set 0.
   */
  writeIntervalMs?: number;
  /**
   * Milliseconds one millisecond of waiting lasts; tests set a small value so
   * GitHub's waits are followed without taking that long. Events and errors
   * always report the waits GitHub asked for.
   */
  timeScale?: number;
  onEvent?: (event: GitHubClientEvent) => void;
}

/** A GitHub failure the client attaches its story to: which request, and after how many attempts. */
export interface GitHubRequestFailure {
  status?: number;
  message: string;
  method?: string;
  path?: string;
  attempts?: number;
  timedOut?: boolean;
}

/**
 * Applied before the retry and throttling plugins, so its wrap is the
 * innermost: it sees every single attempt, which the plugins repeat.
 */
function attemptPlugin(octokit: Octokit, octokitOptions: any) {
  const attempt: (
    request: any,
    requestOptions: any,
    target: { method: string; path: string },
  ) => Promise<any> = octokitOptions.portalAttempt;
  octokit.hook.wrap('request', (request, requestOptions) => {
    // the options carry the route template and its parameters; name the request as it is sent
    const { method, url } = octokit.request.endpoint.parse(
      requestOptions as any,
    );
    return attempt(request, requestOptions, { method, path: pathOf(url) });
  });
  return {};
}

const ClientOctokit = Octokit.plugin(attemptPlugin as any, retry, throttling);

/** Statuses a retry cannot fix; 403 and 429 are rate limits, handled by the throttling plugin. */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

function pathOf(url: unknown): string {
  const text = String(url ?? '');
  try {
    return new URL(text, 'http://github.invalid').pathname;
  } catch {
    return text;
  }
}

const writeGroups = new Map<string, Bottleneck.Group>();

/**
 * One pacing of content-creating requests per GitHub host and interval,
 * shared by every client of the process: GitHub counts them per user or
 * App, not per client.
 */
function writePacing(baseUrl: string, minTime: number): Bottleneck.Group {
  const key = `${baseUrl}|${minTime}`;
  let group = writeGroups.get(key);
  if (!group) {
    group = new Bottleneck.Group({ maxConcurrent: 1, minTime });
    writeGroups.set(key, group);
  }
  return group;
}

interface Attempts {
  count: number;
  waitedMs: number;
  /** The request as sent, for events about it. */
  method?: string;
  path?: string;
  /** The caller's own abort signal, kept apart from the per-attempt timeouts. */
  callerSignal?: AbortSignal;
}

/**
 * An Octokit for the GitOps repository: retries through
 * `@octokit/plugin-retry` (server errors, timeouts), rate limits through
 * `@octokit/plugin-throttling` (`retry-after`, `x-ratelimit-reset`, a minute
 * for a secondary limit without a hint), a timeout per attempt, a fresh
 * token for every attempt, and an event for every failed attempt and every
 * wait. Every wait is bounded: a wait longer than `maxWaitMs`, or more than
 * `totalWaitMs` in all, fails the request with GitHub's answer instead.
 *
 * Retrying is safe for every call the portal makes: reads, trees and
 * commits are content-addressed, refs are force-updated, and pull requests
 * are looked up before they are created.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const policy = { ...DEFAULT_GITHUB_RETRY_POLICY, ...options.retry };
  const scale = options.timeScale ?? 1;
  const timeoutMs =
    options.requestTimeoutMs ?? DEFAULT_GITHUB_REQUEST_TIMEOUT_MS;
  const token =
    typeof options.token === 'string'
      ? async () => options.token as string
      : options.token;
  const emit = options.onEvent ?? (() => {});
  // keyed by the options object of one logical request, which both plugins reuse for its retries
  const attempts = new WeakMap<object, Attempts>();
  const attemptsOf = (requestOptions: object): Attempts => {
    let entry = attempts.get(requestOptions);
    if (!entry) {
      entry = { count: 0, waitedMs: 0 };
      attempts.set(requestOptions, entry);
    }
    return entry;
  };

  const mayWait = (requestOptions: object, waitMs: number): boolean => {
    const entry = attemptsOf(requestOptions);
    if (entry.count >= policy.maxAttempts) return false;
    if (waitMs > policy.maxWaitMs) return false;
    if (entry.waitedMs + waitMs > policy.totalWaitMs) return false;
    entry.waitedMs += waitMs;
    return true;
  };

  const onLimit =
    (limit: 'primary' | 'secondary') =>
    (retryAfterSeconds: number, requestOptions: any): boolean => {
      const waitMs = retryAfterSeconds * 1000;
      const willWait = mayWait(requestOptions, waitMs);
      const entry = attemptsOf(requestOptions);
      emit({
        type: 'rate-limited',
        method: entry.method ?? String(requestOptions.method),
        path: entry.path ?? pathOf(requestOptions.url),
        limit,
        waitMs,
        willWait,
      });
      return willWait;
    };

  const portalAttempt = async (
    request: any,
    requestOptions: any,
    { method, path }: { method: string; path: string },
  ) => {
    const entry = attemptsOf(requestOptions);
    entry.count++;
    entry.method = method;
    entry.path = path;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    if (entry.count === 1)
      entry.callerSignal = requestOptions.request?.signal as
        | AbortSignal
        | undefined;
    const callerSignal = entry.callerSignal;
    requestOptions.request = {
      ...requestOptions.request,
      signal: callerSignal
        ? AbortSignal.any([callerSignal, timeout.signal])
        : timeout.signal,
    };
    requestOptions.headers = {
      ...requestOptions.headers,
      authorization: `token ${await token()}`,
    };
    try {
      return await request(requestOptions);
    } catch (caught) {
      let error = caught as RequestError & GitHubRequestFailure;
      if (timeout.signal.aborted && !callerSignal?.aborted) {
        error = Object.assign(
          new RequestError(
            `no answer within ${Math.round(timeoutMs / 100) / 10} s`,
            500,
            { request: requestOptions as any, cause: caught },
          ),
          { timedOut: true },
        );
      }
      const status = error.status;
      const retryable =
        status !== undefined &&
        status >= 400 &&
        !DO_NOT_RETRY.includes(status) &&
        entry.count < policy.maxAttempts;
      // the retry plugin waits n² base delays before attempt n+1
      const retryInMs = retryable
        ? entry.count ** 2 * policy.baseDelayMs
        : undefined;
      if (retryInMs !== undefined && !mayWait(requestOptions, retryInMs)) {
        // over the total budget: fail now, and stop the retry plugin from trying again
        (requestOptions.request as any).retries = 0;
      }
      emit({
        type: 'attempt-failed',
        method,
        path,
        attempt: entry.count,
        maxAttempts: policy.maxAttempts,
        status,
        message: messageOf(error),
        ...((requestOptions.request as any).retries === 0 || !retryable
          ? {}
          : { retryInMs }),
      });
      error.method = method;
      error.path = path;
      error.attempts = entry.count;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  const writeInterval =
    (options.writeIntervalMs ?? DEFAULT_GITHUB_WRITE_INTERVAL_MS) * scale;
  return new ClientOctokit({
    portalAttempt,
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    userAgent: 'proficientnow-platform-portal',
    // failed requests are thrown (and retried, or reported by the caller), not logged twice
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    retry: {
      retries: policy.maxAttempts - 1,
      doNotRetry: DO_NOT_RETRY,
      retryAfterBaseValue: policy.baseDelayMs * scale,
    },
    throttle: {
      // the plugin's own concurrency groups are per client; write pacing is shared through writePacing
      id: `${options.baseUrl}#${Math.random()}`,
      retryAfterBaseValue: 1000 * scale,
      write: writePacing(options.baseUrl, writeInterval),
      // requests that notify people (opening a pull request, asking for reviews) three times as far apart
      notifications: writePacing(
        `${options.baseUrl}#notifications`,
        3 * writeInterval,
      ),
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
  } as any) as unknown as Octokit;
}

/** GitHub's own message of a failed request, never its headers (which carry the token). */
export function messageOf(error: unknown): string {
  const e = error as {
    message?: string;
    response?: { data?: { message?: unknown } };
    timedOut?: boolean;
  };
  if (e.timedOut) return e.message ?? 'timed out';
  const said = e.response?.data?.message;
  if (typeof said === 'string' && said) return said;
  return e.message ?? String(error);
}

/** The story of a failed request, as the client attached it. */
export function describeGitHubFailure(error: unknown): GitHubRequestFailure {
  const e = error as Partial<GitHubRequestFailure> & {
    status?: number;
    request?: { method?: string; url?: string };
  };
  return {
    status: e.timedOut ? undefined : e.status,
    message: messageOf(error),
    method: e.method ?? e.request?.method,
    path: e.path ?? (e.request?.url ? pathOf(e.request.url) : undefined),
    attempts: e.attempts,
    timedOut: e.timedOut,
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** One line for a person watching a task: what GitHub answered and what the client does next. */
export function describeGitHubEvent(event: GitHubClientEvent): string {
  const request = `${event.method} ${event.path}`;
  if (event.type === 'rate-limited') {
    const wait = `it asks to wait ${seconds(event.waitMs)} before ${request}`;
    return `GitHub's ${event.limit} rate limit: ${wait}${
      event.willWait ? '; waiting' : ', more than the portal waits; giving up'
    }`;
  }
  const answer = event.status
    ? `GitHub answered ${event.status} to ${request}`
    : `${request} failed`;
  return `${answer} (attempt ${event.attempt} of ${event.maxAttempts}): ${
    event.message
  }${
    event.retryInMs === undefined
      ? ''
      : `; trying again in ${seconds(event.retryInMs)}`
  }`;
}
