import { check, cluster, platform } from '../__testUtils__/fixtures';
import { subsystemCoverage, unconfiguredSources } from './coverage';

describe('subsystemCoverage', () => {
  it('reports a subsystem with real findings, whatever their status', () => {
    const coverage = subsystemCoverage(platform, 'ceph');
    expect(coverage.kind).toBe('reported');
  });

  it('is not reported when the cluster has no checks of the subsystem, with the sources’ hints', () => {
    const dev = cluster(
      'dev-a',
      [check('nodes.ready', 'ok', '3 of 3 nodes Ready')],
      {
        sources: [
          { source: 'kubernetes', configured: true },
          {
            source: 'prometheus',
            configured: false,
            hint: 'set prometheus.url',
          },
        ],
      },
    );
    expect(subsystemCoverage(dev, 'cilium')).toEqual({
      kind: 'notReported',
      reasons: ['no Cilium checks collected for dev-a'],
      hints: ['Prometheus: set prometheus.url'],
    });
  });

  it('is not reported when every check is unknown because a source is missing', () => {
    const dev = cluster('dev-a', [
      check('ceph.health', 'unknown', 'no CephCluster in this cluster'),
    ]);
    expect(subsystemCoverage(dev, 'ceph')).toMatchObject({
      kind: 'notReported',
      reasons: ['no CephCluster in this cluster'],
      hints: [],
    });
  });

  it('is reported when checks are unknown for another reason (an unreachable API is a finding)', () => {
    const dev = cluster('dev-a', [
      check(
        'cilium.agents',
        'unknown',
        'cilium DaemonSet: connect ECONNREFUSED 127.0.0.1:6443',
      ),
    ]);
    expect(subsystemCoverage(dev, 'cilium').kind).toBe('reported');
  });

  it('treats absent sources as nothing known to be missing', () => {
    expect(unconfiguredSources(platform)).toEqual([]);
  });
});
