import { MetricSample } from '../parse/prometheus';
import { evaluateCiliumMetrics } from './ciliumMetrics';

const AT = '2026-11-21T10:00:00.000Z';
const gauge = (
  name: string,
  value: number,
  labels: Record<string, string>,
): MetricSample => ({ name, value, labels });
const byId = (checks: ReturnType<typeof evaluateCiliumMetrics>) =>
  Object.fromEntries(checks.map(c => [c.id, c]));

describe('evaluateCiliumMetrics', () => {
  const healthyAgents = [
    gauge('cilium_unreachable_nodes', 0, { pod: 'cilium-a' }),
    gauge('cilium_unreachable_nodes', 0, { pod: 'cilium-b' }),
    gauge('cilium_unreachable_health_endpoints', 0, { pod: 'cilium-a' }),
    gauge('cilium_endpoint_state', 12, { pod: 'cilium-a', state: 'ready' }),
    gauge('cilium_endpoint_state', 3, { pod: 'cilium-b', state: 'ready' }),
  ];

  it('reads healthy agents as ok, summing endpoint states across agents', () => {
    const checks = byId(
      evaluateCiliumMetrics(
        {
          gauges: healthyAgents,
          dropRates: [
            gauge('drops', 4.2, { reason: 'Policy denied' }),
            gauge('drops', 0.5, { reason: 'Stale or unroutable IP' }),
          ],
          policyErrors: 0,
        },
        AT,
      ),
    );
    expect(checks['cilium.unreachableNodes']).toMatchObject({
      status: 'ok',
      reason: 'every node reachable from all 2 agents',
    });
    expect(checks['cilium.endpoints'].details?.states).toEqual({ ready: 15 });
    expect(checks['cilium.drops']).toMatchObject({
      status: 'ok',
      details: expect.objectContaining({
        totalPerSecond: 4.7,
        perSecondByReason: {
          'Policy denied': 4.2,
          'Stale or unroutable IP': 0.5,
        },
      }),
    });
    expect(checks['cilium.policyImportErrors'].status).toBe('ok');
  });

  it('is critical when any agent cannot reach a node, naming the agent', () => {
    const checks = byId(
      evaluateCiliumMetrics(
        {
          gauges: [
            ...healthyAgents.slice(1),
            gauge('cilium_unreachable_nodes', 2, { pod: 'cilium-a' }),
          ],
          dropRates: [],
        },
        AT,
      ),
    );
    expect(checks['cilium.unreachableNodes']).toMatchObject({
      status: 'critical',
      reason: '2 node(s) unreachable by cilium-health (seen from cilium-a)',
    });
  });

  it('warns on unreachable health endpoints, failed endpoints, unexpected drops and rejected policies', () => {
    const checks = byId(
      evaluateCiliumMetrics(
        {
          gauges: [
            gauge('cilium_unreachable_health_endpoints', 1, { pod: 'c-1' }),
            gauge('cilium_endpoint_state', 2, { pod: 'c-1', state: 'invalid' }),
          ],
          dropRates: [
            gauge('drops', 50, { reason: 'Policy denied' }),
            gauge('drops', 12.345, { reason: 'CT map insertion failed' }),
          ],
          policyErrors: 3,
        },
        AT,
      ),
    );
    expect(checks['cilium.unreachableHealthEndpoints'].status).toBe('warning');
    expect(checks['cilium.endpoints']).toMatchObject({
      status: 'warning',
      reason: 'endpoints invalid: 2',
    });
    expect(checks['cilium.drops']).toMatchObject({
      status: 'warning',
      reason: 'packets dropped: CT map insertion failed 12.35/s',
    });
    expect(checks['cilium.policyImportErrors']).toMatchObject({
      status: 'warning',
      reason: '3 policy change(s) rejected in the last hour',
    });
  });

  it('emits no check for a metric Prometheus does not have', () => {
    expect(evaluateCiliumMetrics({ gauges: [], dropRates: [] }, AT)).toEqual(
      [],
    );
  });
});
