/**
 * @jest-environment node
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { collectMetricsHealth } from './collectMetricsHealth';

jest.setTimeout(30_000);

const TIME = 1795255200.123;
const vector = (result: unknown[]) => ({
  status: 'success',
  data: { resultType: 'vector', result },
});
const series = (
  name: string,
  labels: Record<string, string>,
  value: string,
) => ({
  metric: { __name__: name, ...labels },
  value: [TIME, value],
});

/**
 * A loopback server answering `/api/v1/query` like Prometheus, with the
 * answer for the Ceph and the Cilium instant queries given by the test
 * (the other queries answer an empty vector).
 */
async function prometheus(answers: { ceph?: unknown; cilium?: unknown }) {
  const server = http.createServer((req, res) => {
    const query =
      new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    let body: unknown = vector([]);
    if (query.startsWith('{__name__=~"ceph_health_status')) body = answers.ceph;
    if (query.startsWith('{__name__=~"cilium_unreachable_nodes'))
      body = answers.cilium;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? vector([])));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: { url: `http://127.0.0.1:${port}`, timeoutMs: 10_000 },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('collectMetricsHealth parses every Prometheus answer before judging it', () => {
  it('judges well-formed metrics', async () => {
    const server = await prometheus({
      ceph: vector([
        series('ceph_health_status', {}, '0'),
        series('ceph_osd_up', { ceph_daemon: 'osd.0' }, '1'),
        series('ceph_osd_in', { ceph_daemon: 'osd.0' }, '1'),
      ]),
      cilium: vector([
        series('cilium_unreachable_nodes', { pod: 'cilium-a' }, '0'),
      ]),
    });
    try {
      const checks = await collectMetricsHealth(server.target);
      expect(checks.map(c => [c.id, c.status])).toEqual([
        ['ceph.health', 'ok'],
        ['ceph.osds', 'ok'],
        ['cilium.unreachableNodes', 'ok'],
      ]);
    } finally {
      await server.close();
    }
  });

  it('a series outside its domain, or an answer of the wrong shape, is unknown naming it; never judged', async () => {
    const server = await prometheus({
      ceph: vector([
        series('ceph_health_status', {}, '0'),
        series('ceph_osd_up', { ceph_daemon: 'osd.0' }, '0.5'),
      ]),
      cilium: { status: 'success', data: { resultType: 'matrix', result: [] } },
    });
    try {
      const checks = await collectMetricsHealth(server.target);
      expect(checks.map(c => [c.id, c.status, c.reason])).toEqual([
        [
          'ceph.metrics',
          'unknown',
          'Ceph metrics: Prometheus: series ceph_osd_up{ceph_daemon="osd.0"}: value 0.5 is not one of 0, 1',
        ],
        [
          'cilium.metrics',
          'unknown',
          'Cilium metrics: Prometheus: the result is a matrix where a vector was expected',
        ],
      ]);
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      {},
      'Ceph metrics: Prometheus: the answer\'s status is missing, not "success"',
    ],
    [[], 'Ceph metrics: Prometheus: the answer is not a query result (a list)'],
    [
      vector(['ceph_health_status 0']),
      'Ceph metrics: Prometheus: result[0] is not an object (a string)',
    ],
    [
      vector([series('ceph_health_status', {}, 'NaN')]),
      'Ceph metrics: Prometheus: series ceph_health_status: value NaN is not a finite number',
    ],
  ])('does not judge %j', async (ceph, reason) => {
    const server = await prometheus({ ceph });
    try {
      const checks = await collectMetricsHealth({
        ...server.target,
        cilium: false,
      });
      expect(checks).toEqual([
        expect.objectContaining({
          id: 'ceph.metrics',
          status: 'unknown',
          reason,
        }),
      ]);
    } finally {
      await server.close();
    }
  });
});
