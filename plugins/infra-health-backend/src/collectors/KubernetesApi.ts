/** Where and how to reach one cluster's Kubernetes API. The token never leaves this module. */
export interface ClusterTarget {
  name: string;
  url: string;
  /** Bearer token, from configuration only. */
  token: string;
  environment?: string;
  /** Per-request timeout; a slow cluster never holds up the others longer than this. */
  timeoutMs: number;
}

export type ApiResult =
  | { ok: true; status: number; body: string; json?: any }
  | { ok: false; status?: number; reason: string };

/** Explains a failed request without the credentials, for a reason a person can act on. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as {
    name?: string;
    cause?: { code?: string; message?: string };
    message?: string;
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `no answer within ${timeoutMs} ms`;
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return 'connection closed without an answer';
  if (code === 'ENOTFOUND') return 'host not found';
  return e?.cause?.message ?? e?.message ?? String(error);
}

/**
 * A minimal reader of the Kubernetes API: GET a path, with the cluster's
 * token, a timeout, and every failure turned into a reason (refused, timed
 * out, HTTP status with the API's Status message, not JSON, truncated JSON).
 */
export class KubernetesApi {
  constructor(private readonly target: ClusterTarget) {}

  /**
   * GETs a path. With `statuses`, those HTTP statuses are answers to read
   * (e.g. /readyz answering 500 "not ready"), not failures.
   */
  async get(
    path: string,
    options: { json?: boolean; statuses?: number[] } = {},
  ): Promise<ApiResult> {
    const json = options.json ?? true;
    let res: Response;
    let body: string;
    try {
      res = await fetch(`${this.target.url.replace(/\/$/, '')}${path}`, {
        headers: {
          Authorization: `Bearer ${this.target.token}`,
          Accept: 'application/json',
        },
        signal: AbortSignal.timeout(this.target.timeoutMs),
      });
      body = await res.text();
    } catch (error) {
      return {
        ok: false,
        reason: describeFailure(error, this.target.timeoutMs),
      };
    }
    if (res.status >= 400 && !options.statuses?.includes(res.status)) {
      let message = '';
      try {
        message = JSON.parse(body)?.message ?? '';
      } catch {
        message = '';
      }
      return {
        ok: false,
        status: res.status,
        reason: `HTTP ${res.status}${message ? `: ${message}` : ''}`,
      };
    }
    if (!json) return { ok: true, status: res.status, body };
    try {
      return { ok: true, status: res.status, body, json: JSON.parse(body) };
    } catch {
      return {
        ok: false,
        status: res.status,
        reason: `answered ${res.status} with a body that is not JSON (${body.length} bytes)`,
      };
    }
  }
}
