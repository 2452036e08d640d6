import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { FIXTURES_DIR } from './fixtures';

/** What a cilium-agent stand-in reports; values are illustrative, names and labels are Cilium's. */
export interface CiliumAgentState {
  /** Agent pod name, carried as the `pod` label like a Kubernetes pod scrape would add. */
  pod: string;
  /** More labels on every sample, e.g. `{ cluster: 'dev' }` when one Prometheus serves several clusters. */
  labels?: Record<string, string>;
  unreachableNodes?: number;
  unreachableHealthEndpoints?: number;
  endpointStates?: Record<string, number>;
  /** Cumulative `cilium_drop_count_total` per reason (direction EGRESS). */
  drops?: Record<string, number>;
  /** Cumulative `cilium_policy_change_total` per outcome (success, fail). */
  policyChanges?: Record<string, number>;
}

function labels(values: Record<string, string>): string {
  const entries = Object.entries(values);
  if (!entries.length) return '';
  return `{${entries
    .map(
      ([k, v]) =>
        `${k}="${v
          .replace(/\\/g, '\\\\')
          .replace(/"/g, '\\"')
          .replace(/\n/g, '\\n')}"`,
    )
    .join(',')}}`;
}

/** The Prometheus text exposition of cilium-agents as they would be scraped (one `pod` label each). */
export function ciliumAgentMetricsText(agents: CiliumAgentState[]): string {
  const families: Array<{
    name: string;
    type: string;
    help: string;
    samples: (a: CiliumAgentState) => Array<[Record<string, string>, number]>;
  }> = [
    {
      name: 'cilium_unreachable_nodes',
      type: 'gauge',
      help: 'Number of nodes that cannot be reached',
      samples: a => [[{ pod: a.pod }, a.unreachableNodes ?? 0]],
    },
    {
      name: 'cilium_unreachable_health_endpoints',
      type: 'gauge',
      help: 'Number of health endpoints that cannot be reached',
      samples: a => [[{ pod: a.pod }, a.unreachableHealthEndpoints ?? 0]],
    },
    {
      name: 'cilium_endpoint_state',
      type: 'gauge',
      help: 'Count of all endpoints, tagged by different endpoint states',
      samples: a =>
        Object.entries(a.endpointStates ?? { ready: 10 }).map(([state, n]) => [
          { pod: a.pod, state },
          n,
        ]),
    },
    {
      name: 'cilium_drop_count_total',
      type: 'counter',
      help: 'Total dropped packets, tagged by drop reason and ingress/egress direction',
      samples: a =>
        Object.entries(a.drops ?? {}).map(([reason, n]) => [
          { pod: a.pod, reason, direction: 'EGRESS' },
          n,
        ]),
    },
    {
      name: 'cilium_policy_change_total',
      type: 'counter',
      help: 'Number of policy changes by outcome',
      samples: a =>
        Object.entries(a.policyChanges ?? { success: 1 }).map(
          ([outcome, n]) => [{ pod: a.pod, outcome }, n],
        ),
    },
  ];
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const agent of agents) {
      for (const [l, v] of family.samples(agent)) {
        lines.push(`${family.name}${labels({ ...agent.labels, ...l })} ${v}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The captured ceph-mgr `/metrics` bodies of a real Ceph 16.2.15 (see fixtures/PROVENANCE.md). */
export function cephMgrMetricsText(state: 'healthy' | 'degraded'): string {
  return fs.readFileSync(
    path.join(
      FIXTURES_DIR,
      state === 'healthy'
        ? 'live-mgr-metrics-sample.txt'
        : 'live-mgr-metrics-degraded.txt',
    ),
    'utf8',
  );
}

export interface MetricsExporter {
  /** e.g. `127.0.0.1:9962`, for a Prometheus scrape target. */
  target: string;
  url: string;
  setText(text: string | (() => string)): void;
  scrapes(): number;
  close(): Promise<void>;
}

/**
 * A loopback `/metrics` endpoint serving whatever text it is given, so a real
 * Prometheus can scrape stand-in exporters (cilium-agent, or a ceph-mgr when
 * no real Ceph runs).
 */
export async function startMetricsExporter(options: {
  /** The body, or a function that makes it on every scrape (counters that grow). */
  text: string | (() => string);
  port?: number;
}): Promise<MetricsExporter> {
  let text = options.text;
  let scrapes = 0;
  const server = http.createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    scrapes++;
    res
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      .end(typeof text === 'function' ? text() : text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/metrics`,
    setText: next => {
      text = next;
    },
    scrapes: () => scrapes,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
