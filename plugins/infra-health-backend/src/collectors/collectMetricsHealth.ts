import {
  CEPH_METRIC_NAMES,
  CEPH_METRIC_SHAPES,
  CILIUM_GAUGE_NAMES,
  CILIUM_GAUGE_SHAPES,
  evaluateCephMetrics,
  evaluateCiliumMetrics,
  HealthCheck,
  MetricSample,
  MetricShapes,
  parsePrometheusVector,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { httpGet, HttpSource, serverSaid, withoutToken } from './httpGet';
import { HealthSource, judge } from './sourceChecks';

/** The Prometheus sources, each with the check that says why it cannot be judged. */
export const METRIC_SOURCES = {
  ceph: {
    id: 'ceph.metrics',
    subsystem: 'ceph',
    what: 'Ceph metrics',
    origin: 'prometheus',
  },
  cilium: {
    id: 'cilium.metrics',
    subsystem: 'cilium',
    what: 'Cilium metrics',
    origin: 'prometheus',
  },
} as const satisfies Record<string, HealthSource>;

/** A Prometheus that scrapes one cluster's ceph-mgr and cilium-agents. */
export interface PrometheusTarget extends HttpSource {
  /** Label matchers that pick this cluster's series in a shared Prometheus, e.g. `{ cluster: 'dev' }`. */
  selector?: Record<string, string>;
  /** Matchers for the ceph-mgr series only (they replace `selector` there), e.g. `{ job: 'ceph' }`. */
  cephSelector?: Record<string, string>;
  /** Matchers for the cilium-agent series only (they replace `selector` there). */
  ciliumSelector?: Record<string, string>;
  /** Which metric families to read; both by default. */
  ceph?: boolean;
  cilium?: boolean;
  /** Unexpected Cilium drops per second above which the drops check warns. */
  dropWarnPerSecond?: number;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label matchers for PromQL, values escaped so configuration can never change the query. */
export function selectorMatchers(
  selector: Record<string, string> = {},
): string[] {
  return Object.entries(selector).map(([name, value]) => {
    if (!LABEL_NAME.test(name)) {
      throw new Error(
        `prometheus.selector: '${name}' is not a Prometheus label name`,
      );
    }
    return `${name}=${JSON.stringify(String(value))}`;
  });
}

type QueryResult =
  | { ok: true; samples: MetricSample[] }
  | { ok: false; reason: string };

/**
 * Runs one instant query; a failure of any kind becomes a reason without
 * credentials, and an answer is parsed (shape, finite values, each metric in
 * its domain) before any rule sees it.
 */
async function query(
  source: PrometheusTarget,
  promql: string,
  shapes: MetricShapes = {},
): Promise<QueryResult> {
  const result = await httpGet(
    source,
    `/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  if (!result.ok) return { ok: false, reason: `Prometheus: ${result.reason}` };
  let json: any;
  try {
    json = JSON.parse(result.body);
  } catch {
    return {
      ok: false,
      reason: `Prometheus answered ${result.status} with a body that is not JSON (${result.body.length} bytes)`,
    };
  }
  if (result.status >= 400) {
    return {
      ok: false,
      reason: `Prometheus answered ${result.status}${
        typeof json?.error === 'string'
          ? `: ${serverSaid(
              source,
              `${json.errorType ?? 'error'}: ${json.error}`,
            )}`
          : ''
      }`,
    };
  }
  const parsed = parsePrometheusVector(json, shapes);
  return parsed.ok
    ? { ok: true, samples: parsed.value }
    : { ok: false, reason: `Prometheus: ${parsed.reason}` };
}

function unknown(
  metrics: HealthSource,
  reason: string,
  observedAt: string,
): HealthCheck {
  return {
    id: metrics.id,
    subsystem: metrics.subsystem,
    status: 'unknown',
    reason,
    observedAt,
    details: { source: 'prometheus' },
  };
}

function braces(matchers: string[]): string {
  return `{${matchers.join(',')}}`;
}

async function cephChecks(
  source: PrometheusTarget,
  matchers: string[],
  observedAt: () => string,
): Promise<HealthCheck[]> {
  const names = braces([
    `__name__=~${JSON.stringify(CEPH_METRIC_NAMES.join('|'))}`,
    ...matchers,
  ]);
  // the mgr keeps serving its last cache when it loses the monitors: a
  // health collection counter that stopped moving is the only sign of it
  // (judged only once Prometheus holds a few samples of it)
  const counter = `ceph_prometheus_collect_duration_seconds_count${braces([
    'method="get_health"',
    ...matchers,
  ])}`;
  const counts = { every: { value: 'count' } } as const;
  const [metrics, changes, samples] = await Promise.all([
    query(source, names, { byName: CEPH_METRIC_SHAPES }),
    query(source, `changes(${counter}[3m])`, counts),
    query(source, `count_over_time(${counter}[3m])`, counts),
  ]);
  const at = observedAt();
  if (!metrics.ok)
    return [
      unknown(METRIC_SOURCES.ceph, `Ceph metrics: ${metrics.reason}`, at),
    ];
  const judged =
    changes.ok &&
    samples.ok &&
    changes.samples.length > 0 &&
    (samples.samples[0]?.value ?? 0) >= 3;
  const exporterFresh = judged ? changes.samples[0].value > 0 : undefined;
  return judge(METRIC_SOURCES.ceph, at, () =>
    evaluateCephMetrics(metrics.samples, at, { exporterFresh }),
  );
}

async function ciliumChecks(
  source: PrometheusTarget,
  matchers: string[],
  observedAt: () => string,
): Promise<HealthCheck[]> {
  const gaugesQuery = braces([
    `__name__=~${JSON.stringify(CILIUM_GAUGE_NAMES.join('|'))}`,
    ...matchers,
  ]);
  const dropsQuery = `sum by (reason) (rate(cilium_drop_count_total${braces(
    matchers,
  )}[5m]))`;
  // 0 (not nothing) when the counter exists but never counted a failure
  const policyQuery = `sum(increase(cilium_policy_change_total${braces([
    'outcome="fail"',
    ...matchers,
  ])}[1h])) or (sum(cilium_policy_change_total${braces(matchers)}) * 0)`;
  const amounts = { every: { value: 'amount' } } as const;
  const [gauges, drops, policy] = await Promise.all([
    query(source, gaugesQuery, { byName: CILIUM_GAUGE_SHAPES }),
    query(source, dropsQuery, amounts),
    query(source, policyQuery, amounts),
  ]);
  const at = observedAt();
  if (!gauges.ok)
    return [
      unknown(METRIC_SOURCES.cilium, `Cilium metrics: ${gauges.reason}`, at),
    ];
  if (!gauges.samples.length) {
    return [
      unknown(
        METRIC_SOURCES.cilium,
        'Prometheus has no cilium-agent metrics: enable them (Helm value prometheus.enabled=true) and scrape the agents on port 9962',
        at,
      ),
    ];
  }
  return judge(METRIC_SOURCES.cilium, at, () =>
    evaluateCiliumMetrics(
      {
        gauges: gauges.samples,
        dropRates: drops.ok ? drops.samples : [],
        policyErrors:
          policy.ok && policy.samples.length
            ? policy.samples[0].value
            : undefined,
        dropWarnPerSecond: source.dropWarnPerSecond,
      },
      at,
    ),
  );
}

/**
 * Reads one cluster's ceph-mgr and cilium-agent metrics from Prometheus and
 * judges them. Prometheus being down, slow or wrong yields one unknown
 * check per subsystem it feeds, naming why, and nothing else.
 */
export async function collectMetricsHealth(
  source: PrometheusTarget,
  now: () => Date = () => new Date(),
): Promise<HealthCheck[]> {
  const cephMatchers = selectorMatchers(source.cephSelector ?? source.selector);
  const ciliumMatchers = selectorMatchers(
    source.ciliumSelector ?? source.selector,
  );
  const at = () => now().toISOString();
  const [ceph, cilium] = await Promise.all([
    source.ceph === false ? [] : cephChecks(source, cephMatchers, at),
    source.cilium === false ? [] : ciliumChecks(source, ciliumMatchers, at),
  ]);
  // whatever a server or a parser quoted, the token is not in a reason
  return withoutToken(source, [...ceph, ...cilium]);
}

/**
 * Joins the Kubernetes API's checks with the metric checks of the same
 * cluster. Where both judge the same thing (e.g. `ceph.health` from Rook and
 * from the mgr), the API's answer is kept because it carries Ceph's own
 * messages, unless it could not be read: then the metric answer replaces
 * its unknown.
 */
export function mergeChecks(
  primary: HealthCheck[],
  secondary: HealthCheck[],
): HealthCheck[] {
  const byId = new Map(primary.map(c => [c.id, c]));
  const merged = [...primary];
  for (const check of secondary) {
    const existing = byId.get(check.id);
    if (!existing) {
      merged.push(check);
    } else if (existing.status === 'unknown' && check.status !== 'unknown') {
      merged[merged.indexOf(existing)] = check;
    }
  }
  return merged;
}
