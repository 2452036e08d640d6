/**
 * When and how long to wait before retrying a GitHub request. GitHub says so
 * itself: `retry-after` (secondary rate limits, 429, some 5xx), or
 * `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (primary rate limit).
 * Server errors without a hint back off exponentially.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Longest single wait; a longer hint fails the request instead of hanging a task. */
  maxWaitMs: number;
  /** First backoff for 5xx without a hint; doubles each attempt. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxWaitMs: 120_000,
  baseDelayMs: 500,
};

export interface GitHubErrorLike {
  status?: number;
  message?: string;
  response?: {
    headers?: Record<string, string | number | undefined>;
    data?: unknown;
  };
}

function header(error: GitHubErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/**
 * Returns how long to wait before the next attempt, or undefined when the
 * error is not worth retrying (4xx that a retry cannot fix, or out of attempts).
 */
export function retryDelayMs(
  error: GitHubErrorLike,
  attempt: number,
  policy: RetryPolicy,
  nowMs: number,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const status = error.status ?? 0;
  const retryAfter = header(error, 'retry-after');
  const remaining = header(error, 'x-ratelimit-remaining');
  const reset = header(error, 'x-ratelimit-reset');
  const message = `${error.message ?? ''} ${JSON.stringify(
    error.response?.data ?? '',
  )}`;
  const secondary = /secondary rate limit/i.test(message);

  let wait: number | undefined;
  if (
    retryAfter !== undefined &&
    (status === 403 || status === 429 || status >= 500)
  ) {
    wait = Number(retryAfter) * 1000;
  } else if (
    (status === 403 || status === 429) &&
    remaining === '0' &&
    reset !== undefined
  ) {
    wait = Math.max(0, Number(reset) * 1000 - nowMs) + 1000;
  } else if (secondary || status === 429) {
    // GitHub asks to wait at least a minute when it gives no retry-after
    wait = 60_000;
  } else if (status >= 500 || status === 0) {
    wait = policy.baseDelayMs * 2 ** (attempt - 1);
  }
  if (wait === undefined || !Number.isFinite(wait)) return undefined;
  return wait > policy.maxWaitMs ? undefined : wait;
}
