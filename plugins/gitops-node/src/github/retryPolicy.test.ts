import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retryPolicy';

const policy = DEFAULT_RETRY_POLICY;
const now = 1_800_000_000_000;

function error(
  status: number,
  headers: Record<string, string> = {},
  message = '',
) {
  return { status, message, response: { headers, data: { message } } };
}

describe('retryDelayMs', () => {
  it('waits as long as retry-after says (secondary rate limit)', () => {
    expect(
      retryDelayMs(
        error(
          403,
          { 'retry-after': '7' },
          'You have exceeded a secondary rate limit',
        ),
        1,
        policy,
        now,
      ),
    ).toBe(7000);
  });

  it('waits until x-ratelimit-reset when the primary rate limit is used up', () => {
    const reset = String(now / 1000 + 30);
    expect(
      retryDelayMs(
        error(403, {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset,
        }),
        1,
        policy,
        now,
      ),
    ).toBe(31_000);
  });

  it('waits a minute on a secondary rate limit without retry-after', () => {
    expect(
      retryDelayMs(
        error(403, {}, 'You have exceeded a secondary rate limit.'),
        1,
        policy,
        now,
      ),
    ).toBe(60_000);
  });

  it('backs off exponentially on server errors', () => {
    expect(retryDelayMs(error(502), 1, policy, now)).toBe(500);
    expect(retryDelayMs(error(502), 3, policy, now)).toBe(2000);
  });

  it('does not retry errors a retry cannot fix', () => {
    expect(retryDelayMs(error(404), 1, policy, now)).toBeUndefined();
    expect(retryDelayMs(error(422), 1, policy, now)).toBeUndefined();
    expect(
      retryDelayMs(
        error(403, {}, 'Resource not accessible by integration'),
        1,
        policy,
        now,
      ),
    ).toBeUndefined();
  });

  it('gives up after the last attempt and on waits longer than the limit', () => {
    expect(
      retryDelayMs(error(500), policy.maxAttempts, policy, now),
    ).toBeUndefined();
    expect(
      retryDelayMs(error(429, { 'retry-after': '3600' }), 1, policy, now),
    ).toBeUndefined();
  });
});
