import { Agent, fetch } from 'undici';

/** How to reach one HTTP source: a cluster's API server or a Prometheus. The token never leaves this module. */
export interface HttpSource {
  url: string;
  /** Bearer token, from configuration only. */
  token?: string;
  /** PEM (or base64 of a PEM) of the CA that signed the server's certificate. */
  caData?: string;
  /** Accept any server certificate (test clusters only). */
  skipTLSVerify?: boolean;
  /** Per-request timeout; a slow source never holds up the others longer than this. */
  timeoutMs: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The longest part of a server's own words a reason quotes. */
const MAX_QUOTED = 300;

/**
 * What a server said, fit for a reason a person reads: at most a few hundred
 * characters, and never the source's token (a misbehaving server may echo
 * the Authorization header back).
 */
export function serverSaid(source: HttpSource, text: string): string {
  const redacted = source.token
    ? text.split(source.token).join('[token]')
    : text;
  return redacted.length > MAX_QUOTED
    ? `${redacted.slice(0, MAX_QUOTED)}… (${redacted.length} characters)`
    : redacted;
}

/** Every reason and detail of checks with the source's token taken out, whatever a server or a parser quoted. */
export function withoutToken<T>(source: HttpSource, value: T): T {
  if (!source.token) return value;
  const text = JSON.stringify(value);
  return text.includes(source.token)
    ? (JSON.parse(text.split(source.token).join('[token]')) as T)
    : value;
}

export type HttpResult =
  | { ok: true; status: number; body: string }
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
  if (
    code?.startsWith('ERR_TLS') ||
    /certificate/i.test(e?.cause?.message ?? '')
  )
    return `TLS: ${e?.cause?.message ?? code} (check the cluster's CA)`;
  return e?.cause?.message ?? e?.message ?? String(error);
}

function pem(caData: string): string {
  return caData.includes('-----BEGIN')
    ? caData
    : Buffer.from(caData, 'base64').toString('utf8');
}

const agents = new WeakMap<HttpSource, Agent>();

/** One connection pool per source, with its CA when it has one. */
function agentFor(source: HttpSource): Agent {
  let agent = agents.get(source);
  if (!agent) {
    agent = new Agent({
      connect: {
        ...(source.caData ? { ca: pem(source.caData) } : {}),
        ...(source.skipTLSVerify ? { rejectUnauthorized: false } : {}),
      },
    });
    agents.set(source, agent);
  }
  return agent;
}

/** GETs a URL of a source within its timeout; every failure becomes a reason, never an exception. */
export async function httpGet(
  source: HttpSource,
  pathAndQuery: string,
  accept = 'application/json',
): Promise<HttpResult> {
  try {
    const res = await fetch(`${source.url.replace(/\/$/, '')}${pathAndQuery}`, {
      headers: {
        ...(source.token ? { Authorization: `Bearer ${source.token}` } : {}),
        Accept: accept,
      },
      dispatcher: agentFor(source),
      signal: AbortSignal.timeout(source.timeoutMs),
    });
    let body: string;
    try {
      // a body that is not UTF-8 is not an answer: replacing its bytes would let garbage be judged
      body = utf8.decode(await res.arrayBuffer());
    } catch {
      return {
        ok: false,
        status: res.status,
        reason: `answered ${res.status} with a body that is not UTF-8 text`,
      };
    }
    return { ok: true, status: res.status, body };
  } catch (error) {
    return { ok: false, reason: describeFailure(error, source.timeoutMs) };
  }
}
