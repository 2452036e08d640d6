import { HealthCheck } from './model';
import { rollupCluster, rollupSubsystem } from './rollup';

const now = new Date('2026-11-21T12:00:00Z');
const check = (
  id: string,
  status: HealthCheck['status'],
  observedAt = '2026-11-21T11:59:00Z',
  subsystem: HealthCheck['subsystem'] = 'ceph',
): HealthCheck => ({
  id,
  subsystem,
  status,
  reason: `${id} is ${status}`,
  observedAt,
});

describe('rollups', () => {
  it('the worst check decides; unknown outranks ok but not a warning', () => {
    expect(
      rollupSubsystem('ceph', [check('a', 'ok'), check('b', 'unknown')], now)
        .status,
    ).toBe('unknown');
    expect(
      rollupSubsystem(
        'ceph',
        [check('a', 'unknown'), check('b', 'warning')],
        now,
      ),
    ).toMatchObject({ status: 'warning', reason: 'b is warning (and 1 more)' });
    expect(rollupSubsystem('ceph', [check('a', 'ok')], now)).toMatchObject({
      status: 'ok',
      reason: 'Ceph: all 1 checks ok',
    });
  });

  it('stale data is unknown with the time it was last seen, never ok', () => {
    const rolled = rollupSubsystem(
      'ceph',
      [check('a', 'ok', '2026-11-21T11:00:00Z')],
      now,
    );
    expect(rolled.status).toBe('unknown');
    expect(rolled.stale).toBe(true);
    expect(rolled.checks[0].reason).toMatch(
      /^stale: last observed 2026-11-21T11:00:00Z \(3600s ago\); was ok/,
    );
  });

  it('a cluster is as bad as its worst subsystem, and an expected subsystem without data is unknown', () => {
    const cluster = rollupCluster(
      'prod',
      [
        check('ceph.health', 'warning'),
        check('nodes.ready', 'ok', undefined, 'nodes'),
      ],
      now,
      { environment: 'prod', expected: ['cilium'] },
    );
    expect(cluster.status).toBe('warning');
    expect(cluster.reason).toBe('Ceph: ceph.health is warning');
    expect(cluster.subsystems.map(s => [s.subsystem, s.status])).toEqual([
      ['ceph', 'warning'],
      ['cilium', 'unknown'],
      ['nodes', 'ok'],
    ]);
  });

  it('lists a subsystem whose API is not installed but does not let it decide the cluster', () => {
    const notInstalled = {
      ...check('argocd.applications', 'unknown', undefined, 'argocd'),
      details: { notInstalled: true },
    };
    const cluster = rollupCluster(
      'dev',
      [notInstalled, check('nodes.ready', 'ok', undefined, 'nodes')],
      now,
    );
    expect(cluster.status).toBe('ok');
    expect(cluster.subsystems.map(s => [s.subsystem, s.status])).toEqual([
      ['argocd', 'unknown'],
      ['nodes', 'ok'],
    ]);
    // an unknown for any other reason (a dead source) still decides
    const dead = rollupCluster(
      'dev',
      [
        check('argocd.applications', 'unknown', undefined, 'argocd'),
        check('nodes.ready', 'ok', undefined, 'nodes'),
      ],
      now,
    );
    expect(dead.status).toBe('unknown');
  });

  it('in custom resources, a kind whose API is not installed is listed but decides neither the subsystem nor the cluster while another kind is installed', () => {
    const certificates = {
      ...check(
        'customResources.certificates.cert-manager.io',
        'ok',
        undefined,
        'customResources',
      ),
    };
    const cnpg = {
      ...check(
        'customResources.clusters.postgresql.cnpg.io',
        'unknown',
        undefined,
        'customResources',
      ),
      details: { notInstalled: true },
    };
    const subsystem = rollupSubsystem(
      'customResources',
      [certificates, cnpg],
      now,
    );
    expect(subsystem).toMatchObject({
      status: 'ok',
      reason: 'Custom resources: all 1 checks ok (1 not installed)',
    });
    expect(subsystem.checks).toHaveLength(2);
    const cluster = rollupCluster(
      'dev',
      [certificates, cnpg, check('nodes.ready', 'ok', undefined, 'nodes')],
      now,
    );
    expect(cluster.status).toBe('ok');
    // no kind installed at all: unknown, and like any subsystem not installed it does not decide
    const none = rollupCluster(
      'dev',
      [cnpg, check('nodes.ready', 'ok', undefined, 'nodes')],
      now,
    );
    expect(none.status).toBe('ok');
    expect(
      none.subsystems.find(s => s.subsystem === 'customResources')?.status,
    ).toBe('unknown');
    // an installed kind that fails still decides
    const failing = rollupCluster(
      'dev',
      [{ ...certificates, status: 'critical' as const }, cnpg],
      now,
    );
    expect(failing.status).toBe('critical');
  });

  it('in other subsystems, a check whose API is gone still decides beside the others (a deleted Cilium DaemonSet is not "not installed")', () => {
    const agents = {
      ...check('cilium.agents', 'unknown', undefined, 'cilium'),
      details: { notInstalled: true },
    };
    const subsystem = rollupSubsystem(
      'cilium',
      [agents, check('cilium.nodes', 'ok', undefined, 'cilium')],
      now,
    );
    expect(subsystem.status).toBe('unknown');
  });
});
