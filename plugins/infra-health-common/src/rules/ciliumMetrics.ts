import { HealthCheck, HealthStatus } from '../model';
import { MetricSample, MetricShape } from '../parse/prometheus';

/** The cilium-agent gauges the Cilium metric rules read as an instant vector. */
export const CILIUM_GAUGE_NAMES = [
  'cilium_unreachable_nodes',
  'cilium_unreachable_health_endpoints',
  'cilium_endpoint_state',
] as const;

/** What each cilium-agent gauge may hold and the labels the rules read (see `parsePrometheusVector`). */
export const CILIUM_GAUGE_SHAPES: Record<
  (typeof CILIUM_GAUGE_NAMES)[number],
  MetricShape
> = {
  cilium_unreachable_nodes: { value: 'count' },
  cilium_unreachable_health_endpoints: { value: 'count' },
  cilium_endpoint_state: { value: 'count', labels: ['state'] },
};

/** Drop reasons that are the datapath doing its job, not a fault. */
export const EXPECTED_DROP_REASONS = ['Policy denied'];

/** Endpoint states that mean an endpoint is broken, not merely on its way to ready. */
export const FAILED_ENDPOINT_STATES = ['not-ready', 'invalid'];

export interface CiliumMetrics {
  /** `cilium_unreachable_nodes`, `cilium_unreachable_health_endpoints`, `cilium_endpoint_state`: one sample per agent. */
  gauges: MetricSample[];
  /** `sum by (reason) (rate(cilium_drop_count_total[5m]))`: packets per second by drop reason. */
  dropRates: MetricSample[];
  /** Rejected policy changes in the last hour (`cilium_policy_change_total{outcome="fail"}`), if the metric exists. */
  policyErrors?: number;
  /** Non-expected drops per second above which the drops check warns. */
  dropWarnPerSecond?: number;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The worst agent's view: unreachable counts are per agent, so the maximum is what some node sees. */
function worstAgent(samples: MetricSample[], name: string) {
  const found = samples.filter(s => s.name === name);
  if (!found.length) return undefined;
  const worst = found.reduce((a, b) => (b.value > a.value ? b : a));
  const agent = worst.labels.pod ?? worst.labels.instance;
  return { value: worst.value, agent, agents: found.length };
}

/**
 * Rules for the cilium-agent metrics in Prometheus: any unreachable node is
 * critical (node-to-node connectivity is broken), any unreachable health
 * endpoint a warning (pod network between nodes); endpoints in `not-ready`
 * or `invalid` a warning; drops other than "Policy denied" above the
 * threshold (default 1 packet/s) a warning, with the rate of every reason;
 * a rejected policy change in the last hour a warning.
 */
export function evaluateCiliumMetrics(
  metrics: CiliumMetrics,
  observedAt: string,
): HealthCheck[] {
  const source = { source: 'prometheus' };
  const checks: HealthCheck[] = [];
  const nodes = worstAgent(metrics.gauges, 'cilium_unreachable_nodes');
  if (nodes) {
    checks.push({
      id: 'cilium.unreachableNodes',
      subsystem: 'cilium',
      status: nodes.value > 0 ? 'critical' : 'ok',
      reason:
        nodes.value > 0
          ? `${nodes.value} node(s) unreachable by cilium-health${
              nodes.agent ? ` (seen from ${nodes.agent})` : ''
            }`
          : `every node reachable from all ${nodes.agents} agents`,
      observedAt,
      details: { ...source, unreachable: nodes.value, agents: nodes.agents },
    });
  }
  const endpoints = worstAgent(
    metrics.gauges,
    'cilium_unreachable_health_endpoints',
  );
  if (endpoints) {
    checks.push({
      id: 'cilium.unreachableHealthEndpoints',
      subsystem: 'cilium',
      status: endpoints.value > 0 ? 'warning' : 'ok',
      reason:
        endpoints.value > 0
          ? `${
              endpoints.value
            } health endpoint(s) unreachable over the pod network${
              endpoints.agent ? ` (seen from ${endpoints.agent})` : ''
            }`
          : 'every health endpoint reachable',
      observedAt,
      details: { ...source, unreachable: endpoints.value },
    });
  }
  const stateSamples = metrics.gauges.filter(
    s => s.name === 'cilium_endpoint_state',
  );
  if (stateSamples.length) {
    const states: Record<string, number> = {};
    for (const s of stateSamples) {
      states[s.labels.state] = (states[s.labels.state] ?? 0) + s.value;
    }
    const failed = FAILED_ENDPOINT_STATES.filter(s => states[s] > 0);
    checks.push({
      id: 'cilium.endpoints',
      subsystem: 'cilium',
      status: failed.length ? 'warning' : 'ok',
      reason: failed.length
        ? `endpoints ${failed.map(s => `${s}: ${states[s]}`).join(', ')}`
        : `${states.ready ?? 0} endpoints ready`,
      observedAt,
      details: { ...source, states },
    });
  }
  if (metrics.dropRates.length) {
    const perSecondByReason: Record<string, number> = {};
    for (const s of metrics.dropRates) {
      const reason = s.labels.reason ?? 'unknown';
      perSecondByReason[reason] = round(
        (perSecondByReason[reason] ?? 0) + s.value,
      );
    }
    const threshold = metrics.dropWarnPerSecond ?? 1;
    const unexpected = Object.entries(perSecondByReason)
      .filter(([reason]) => !EXPECTED_DROP_REASONS.includes(reason))
      .filter(([, rate]) => rate > threshold)
      .sort((a, b) => b[1] - a[1]);
    const totalPerSecond = round(
      Object.values(perSecondByReason).reduce((a, b) => a + b, 0),
    );
    const status: HealthStatus = unexpected.length ? 'warning' : 'ok';
    checks.push({
      id: 'cilium.drops',
      subsystem: 'cilium',
      status,
      reason: unexpected.length
        ? `packets dropped: ${unexpected
            .map(([reason, rate]) => `${reason} ${rate}/s`)
            .join(', ')}`
        : `${totalPerSecond} drops/s, none unexpected above ${threshold}/s`,
      observedAt,
      details: { ...source, totalPerSecond, perSecondByReason },
    });
  }
  if (metrics.policyErrors !== undefined) {
    const errors = Math.round(metrics.policyErrors);
    checks.push({
      id: 'cilium.policyImportErrors',
      subsystem: 'cilium',
      status: errors > 0 ? 'warning' : 'ok',
      reason:
        errors > 0
          ? `${errors} policy change(s) rejected in the last hour`
          : 'no policy change rejected in the last hour',
      observedAt,
      details: { ...source, errors },
    });
  }
  return checks;
}
