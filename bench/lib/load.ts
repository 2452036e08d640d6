/**
 * The load generator: concurrent HTTP clients on keep-alive connections,
 * sending requests back to back, and the latency figures of their answers.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { kib, round } from './format';
import { percentile } from './stats';

export interface LoadOptions {
  url: string;
  requests: number;
  clients: number;
  method?: 'GET' | 'POST';
  body?: unknown;
  /**
   * Every 10th answer with HTTP 200 is parsed, summarised by `summary` and
   * compared with `expected`: a check that answers are right, not only fast.
   */
  check?: { expected: string; summary: (answer: any) => string };
}

export interface LoadFigures {
  requests: number;
  /** with HTTP 200 or another status; the rest got no answer at all */
  answered: number;
  clients: number;
  failed: number;
  /** requests that got no answer, by error code */
  errors?: Record<string, number>;
  /** of the answers checked (every 10th), how many said something else */
  checked: number;
  disagreeing: number;
  firstDisagreement?: string;
  wallMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  responseKiB: number;
}

/**
 * `clients` clients, each on its own keep-alive connection of `dispatcher`,
 * sending requests back to back until `requests` were sent.
 */
export async function load(
  options: LoadOptions,
  dispatcher: Agent,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  let bytes = 0;
  let checked = 0;
  let disagreeing = 0;
  let firstDisagreement: string | undefined;
  const errors: Record<string, number> = {};
  const body =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (sent < options.requests) {
        const index = sent++;
        const t0 = performance.now();
        let status: number;
        let text: string;
        try {
          const res = await request(options.url, {
            dispatcher,
            method: options.method ?? 'GET',
            body,
            headers: body ? { 'content-type': 'application/json' } : {},
          });
          status = res.statusCode;
          text = await res.body.text();
        } catch (error) {
          // a connection the server dropped is an answer that never came: counted, not
          // retried (a backend whose event loop stalls longer than its 5 s keep-alive
          // timeout drops connections whose next request is already on the wire)
          const code = (error as { code?: string }).code ?? String(error);
          errors[code] = (errors[code] ?? 0) + 1;
          failed++;
          continue;
        }
        latencies.push(performance.now() - t0);
        bytes += text.length;
        if (status !== 200) failed++;
        else if (options.check && index % 10 === 0) {
          checked++;
          const got = options.check.summary(JSON.parse(text));
          if (got !== options.check.expected) {
            disagreeing++;
            firstDisagreement ??= got;
          }
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  return {
    requests: sent,
    answered: latencies.length,
    clients: options.clients,
    failed,
    ...(Object.keys(errors).length ? { errors } : {}),
    checked,
    disagreeing,
    ...(firstDisagreement ? { firstDisagreement } : {}),
    wallMs: Math.round(wallMs),
    perSecond: round((latencies.length / wallMs) * 1000, 1),
    p50: round(percentile(latencies, 50), 1),
    p95: round(percentile(latencies, 95), 1),
    p99: round(percentile(latencies, 99), 1),
    max: round(percentile(latencies, 100), 1),
    mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 1),
    responseKiB: kib(bytes / latencies.length),
  };
}

/** One request on a connection of its own (an idle keep-alive one may have been closed by the server). */
export async function once(
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
) {
  const dispatcher = new Agent();
  try {
    const res = await request(url, {
      dispatcher,
      method: init.method ?? 'GET',
      ...(init.body === undefined
        ? {}
        : {
            body: JSON.stringify(init.body),
            headers: { 'content-type': 'application/json' },
          }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as any };
  } finally {
    await dispatcher.close();
  }
}
