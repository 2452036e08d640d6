/** A failure the stand-in answers with instead of (or after) handling a request. */
export interface FaultSpec {
  /** HTTP method to match (`GET`, `POST`...); any method when omitted. */
  method?: string;
  /**
   * The OpenAPI path template (`/repos/{owner}/{repo}/pulls`) or a regular
   * expression tested against both the template and the request path.
   */
  path: string | RegExp;
  /** The status to answer with; without it the fault only delays. */
  status?: 500 | 502 | 403 | 429 | 409 | 422;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Sets `retry-after` (secondary rate limits default to 60). */
  retryAfterSeconds?: number;
  /** Primary rate limit reset (epoch seconds) for `x-ratelimit-reset`. */
  rateLimitReset?: number;
  /** 403/429 as GitHub's secondary rate limit instead of the primary one. */
  secondary?: boolean;
  /** Waits this long before answering (or before handling). */
  delayMs?: number;
  /** Performs the real change, then answers with the fault (a lost response). */
  afterHandling?: boolean;
  /** Overrides the error message. */
  message?: string;
}

/** A registered fault; `remaining` counts down as requests hit it. */
export interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  remaining: number;
  hits: number;
}

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/** Registered faults, matched in registration order. */
export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = {
      id: this.nextId++,
      spec,
      remaining: spec.times ?? 1,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.filter(f => f.remaining > 0);
  }

  /** Takes one use of the first fault matching the request, if any. */
  take(
    method: string,
    template: string,
    requestPath: string,
  ): ActiveFault | undefined {
    const fault = this.faults.find(f => {
      if (f.remaining <= 0) return false;
      const m = f.spec.method?.toUpperCase();
      if (m && m !== method && !(m === 'GET' && method === 'HEAD')) {
        return false;
      }
      const p = f.spec.path;
      return typeof p === 'string'
        ? p === template || p === requestPath
        : p.test(template) || p.test(requestPath);
    });
    if (fault) {
      fault.remaining--;
      fault.hits++;
    }
    return fault;
  }
}

/** The response GitHub would give for the fault's status. */
export function faultResponse(
  spec: FaultSpec,
  requestId: string,
  nowSeconds: number,
): FaultResponse | undefined {
  const status = spec.status;
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  if (spec.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(spec.retryAfterSeconds);
  }
  if ((status === 403 || status === 429) && spec.secondary) {
    headers['retry-after'] = String(spec.retryAfterSeconds ?? 60);
    return {
      status,
      headers,
      body: {
        message:
          spec.message ??
          `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
        documentation_url: `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
        status: String(status),
      },
    };
  }
  if (status === 403 || status === 429) {
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset'] = String(
      spec.rateLimitReset ?? nowSeconds + 60,
    );
    return {
      status,
      headers,
      body: {
        message:
          spec.message ??
          'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID ' +
            `${requestId} and timestamp ${new Date().toISOString()}.`,
        documentation_url: `${RATE_LIMIT_DOCS}#about-the-primary-rate-limit`,
        status: String(status),
      },
    };
  }
  const messages: Record<number, string> = {
    500: 'Server Error',
    502: 'Server Error',
    409: 'Conflict',
    422: 'Validation Failed',
  };
  const body: Record<string, unknown> = {
    message: spec.message ?? messages[status],
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
  };
  if (status === 422) {
    body.errors = [{ resource: 'Fault', code: 'custom', message: 'injected' }];
  }
  return { status, headers, body };
}
