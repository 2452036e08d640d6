/**
 * @jest-environment node
 */
import { startControlServer } from './controlServer';
import { LocalFleet, startLocalFleet } from './localFleet';

// generous under load: real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

describe('the control API', () => {
  let fleet: LocalFleet;
  let control: { url: string; close(): Promise<void> };

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${control.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: await response.json(), response };
  };

  /** A GET of the stand-in cluster, as the health collector sends it. */
  const kube = (
    cluster: 'platform' | 'dev' | 'prod',
    path: string,
    timeoutMs = 10_000,
  ) =>
    fetch(`${fleet.kubernetes.clusterUrl(cluster)}${path}`, {
      headers: { Authorization: `Bearer ${fleet.tokens[cluster]}` },
      signal: AbortSignal.timeout(timeoutMs),
    });

  const cephOf = async (cluster: 'dev' | 'prod') =>
    (await (await kube(cluster, '/apis/ceph.rook.io/v1/cephclusters')).json())
      .items[0].status.ceph.health;

  beforeAll(async () => {
    fleet = await startLocalFleet({ kubernetesPort: 0, realCeph: false });
    control = await startControlServer({
      fleet,
      port: 0,
      describe: () => ({ clusters: ['platform', 'dev', 'prod'] }),
      requests: () => ({}),
    });
  });

  afterAll(async () => {
    await control.close();
    await fleet.close();
  });

  afterEach(() => {
    for (const cluster of ['platform', 'dev', 'prod']) {
      fleet.clearFaults(cluster);
    }
  });

  describe('faults', () => {
    it('sets a fault on one source of one cluster, lists and clears it', async () => {
      const set = await call('POST', '/clusters/dev/faults', {
        source: 'nodes',
        fault: 'garbage',
        variant: 'empty-array',
      });
      expect(set).toMatchObject({
        status: 200,
        body: {
          cluster: 'dev',
          applied: {
            source: 'nodes',
            fault: 'garbage',
            variant: 'empty-array',
          },
          faults: [
            { source: 'nodes', fault: 'garbage', variant: 'empty-array' },
          ],
        },
      });

      const nodes = await kube('dev', '/api/v1/nodes');
      expect([nodes.status, await nodes.text()]).toEqual([200, '[]']);
      // the same cluster's other sources and the other clusters are untouched
      expect(await (await kube('dev', '/readyz')).text()).toBe('ok');
      expect((await (await kube('prod', '/api/v1/nodes')).json()).kind).toBe(
        'NodeList',
      );

      expect(await call('GET', '/clusters/dev/faults')).toMatchObject({
        status: 200,
        body: {
          cluster: 'dev',
          faults: [
            { source: 'nodes', fault: 'garbage', variant: 'empty-array' },
          ],
        },
      });
      expect((await call('GET', '/clusters/prod/faults')).body.faults).toEqual(
        [],
      );

      expect(await call('DELETE', '/clusters/dev/faults/nodes')).toMatchObject({
        status: 200,
        body: {
          cluster: 'dev',
          cleared: [
            { source: 'nodes', fault: 'garbage', variant: 'empty-array' },
          ],
          faults: [],
        },
      });
      expect((await (await kube('dev', '/api/v1/nodes')).json()).kind).toBe(
        'NodeList',
      );
    });

    it('a cluster-wide latency: answers, not before the given ms', async () => {
      const set = await call('POST', '/clusters/prod/faults', {
        source: 'all',
        fault: 'latency',
        ms: 300,
      });
      expect(set.status).toBe(200);
      const started = performance.now();
      const response = await kube('prod', '/readyz');
      expect(response.status).toBe(200);
      await response.text();
      // a lower bound only: a loaded machine may answer later, never sooner
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    });

    it('a status on readyz, a hang on nodes, then clearing everything', async () => {
      await call('POST', '/clusters/dev/faults', {
        source: 'readyz',
        fault: 'status',
        status: 503,
      });
      await call('POST', '/clusters/dev/faults', {
        source: 'nodes',
        fault: 'hang',
      });
      const readyz = await kube('dev', '/readyz?verbose');
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'ServiceUnavailable',
        code: 503,
      });
      await expect(kube('dev', '/api/v1/nodes', 300)).rejects.toMatchObject({
        name: 'TimeoutError',
      });

      const cleared = await call('DELETE', '/clusters/dev/faults');
      expect(cleared).toMatchObject({
        status: 200,
        body: {
          cluster: 'dev',
          cleared: [
            { source: 'nodes', fault: 'hang' },
            { source: 'readyz', fault: 'status', status: 503 },
          ],
          faults: [],
        },
      });
      expect((await kube('dev', '/readyz')).status).toBe(200);
      expect((await kube('dev', '/api/v1/nodes')).status).toBe(200);
    });

    it('reset and truncated through the control API', async () => {
      await call('POST', '/clusters/prod/faults', {
        source: 'ceph',
        fault: 'reset',
      });
      await expect(
        kube('prod', '/apis/ceph.rook.io/v1/cephclusters'),
      ).rejects.toMatchObject({ name: 'TypeError' });
      await call('POST', '/clusters/prod/faults', {
        source: 'cilium',
        fault: 'truncated',
        variant: 'cut',
      });
      const cilium = await kube('prod', '/apis/cilium.io/v2/ciliumnodes');
      expect(cilium.status).toBe(200);
      await expect(cilium.json()).rejects.toThrow();
    });

    it('{"api":"dead"} is the cluster-wide reset; {"api":"alive"} clears it and leaves per-source faults', async () => {
      await call('POST', '/clusters/prod/faults', {
        source: 'readyz',
        fault: 'status',
        status: 500,
      });
      expect(
        (await call('POST', '/clusters/prod', { api: 'dead' })).status,
      ).toBe(200);
      expect((await call('GET', '/clusters/prod/faults')).body.faults).toEqual([
        { source: 'all', fault: 'reset' },
        { source: 'readyz', fault: 'status', status: 500 },
      ]);
      await expect(kube('prod', '/api/v1/nodes')).rejects.toMatchObject({
        name: 'TypeError',
      });
      await call('POST', '/clusters/prod', { api: 'alive' });
      expect((await call('GET', '/clusters/prod/faults')).body.faults).toEqual([
        { source: 'readyz', fault: 'status', status: 500 },
      ]);
      expect((await kube('prod', '/api/v1/nodes')).status).toBe(200);
    });

    it.each([
      [
        'an unknown cluster',
        '/clusters/qa/faults',
        { source: 'nodes', fault: 'hang' },
        "cluster: must be one of platform, dev, prod; got 'qa'",
      ],
      [
        'a cluster name in capitals',
        '/clusters/DEV/faults',
        { source: 'nodes', fault: 'hang' },
        "cluster: must be one of platform, dev, prod; got 'DEV'",
      ],
      [
        'an unknown source',
        '/clusters/dev/faults',
        { source: 'etcd', fault: 'hang' },
        'source: must be one of all, nodes, readyz, argocd, kubevirt, ceph, cilium; got "etcd"',
      ],
      [
        'no source',
        '/clusters/dev/faults',
        { fault: 'hang' },
        'source: required, one of all, nodes, readyz, argocd, kubevirt, ceph, cilium',
      ],
      [
        'an unknown fault kind',
        '/clusters/dev/faults',
        { source: 'nodes', fault: 'explode' },
        'fault: must be one of hang, garbage, truncated, status, latency, reset; got "explode"',
      ],
      [
        'a latency of 0',
        '/clusters/dev/faults',
        { source: 'all', fault: 'latency', ms: 0 },
        'ms: must be a whole number of milliseconds from 1 to 600000; got 0',
      ],
      [
        'a negative latency',
        '/clusters/dev/faults',
        { source: 'all', fault: 'latency', ms: -100 },
        'ms: must be a whole number of milliseconds from 1 to 600000; got -100',
      ],
      [
        'a fractional latency',
        '/clusters/dev/faults',
        { source: 'all', fault: 'latency', ms: 2.5 },
        'ms: must be a whole number of milliseconds from 1 to 600000; got 2.5',
      ],
      [
        'a latency as a string',
        '/clusters/dev/faults',
        { source: 'all', fault: 'latency', ms: '2000' },
        'ms: must be a whole number of milliseconds from 1 to 600000; got "2000"',
      ],
      [
        'a latency over ten minutes',
        '/clusters/dev/faults',
        { source: 'all', fault: 'latency', ms: 600_001 },
        'ms: must be a whole number of milliseconds from 1 to 600000; got 600001',
      ],
      [
        'a status below 400',
        '/clusters/dev/faults',
        { source: 'readyz', fault: 'status', status: 399 },
        'status: must be a whole number from 400 to 599; got 399',
      ],
      [
        'a status above 599',
        '/clusters/dev/faults',
        { source: 'readyz', fault: 'status', status: 600 },
        'status: must be a whole number from 400 to 599; got 600',
      ],
      [
        'a status with no code',
        '/clusters/dev/faults',
        { source: 'readyz', fault: 'status' },
        'status: must be a whole number from 400 to 599; got undefined',
      ],
      [
        'an unknown garbage variant',
        '/clusters/dev/faults',
        { source: 'nodes', fault: 'garbage', variant: 'xml' },
        'variant: must be one of text, scalar, empty-object, empty-array, wrong-types, invalid-utf8; got "xml"',
      ],
      [
        'a field of another kind',
        '/clusters/dev/faults',
        { source: 'nodes', fault: 'hang', ms: 10 },
        'ms: not a field of a hang fault (fields: source, fault)',
      ],
      [
        'a body that is not JSON',
        '/clusters/dev/faults',
        'source=nodes',
        'body: must be JSON',
      ],
      [
        'a JSON array',
        '/clusters/dev/faults',
        [{ source: 'nodes', fault: 'hang' }],
        'body: must be a JSON object such as {"source":"nodes","fault":"garbage"}',
      ],
    ])(
      'POST faults refuses %s with a 400 naming the field, and changes nothing',
      async (_label, path, body, error) => {
        await call('POST', '/clusters/dev/faults', {
          source: 'ceph',
          fault: 'status',
          status: 500,
        });
        const before = fleet.faults('dev');
        const refused = await call('POST', path, body);
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual({ error });
        expect(fleet.faults('dev')).toEqual(before);
        expect(fleet.faults('prod')).toEqual([]);
      },
    );

    it('GET and DELETE refuse an unknown cluster or source with a 400, and change nothing', async () => {
      await call('POST', '/clusters/dev/faults', {
        source: 'nodes',
        fault: 'hang',
      });
      for (const [method, path, error] of [
        ['GET', '/clusters/qa/faults', /^cluster: must be one of/],
        ['DELETE', '/clusters/qa/faults', /^cluster: must be one of/],
        ['DELETE', '/clusters/qa/faults/nodes', /^cluster: must be one of/],
        ['DELETE', '/clusters/dev/faults/etcd', /^source: must be one of all,/],
        ['DELETE', '/clusters/dev/faults/%E0%A4%A', /^source: not a valid URL/],
      ] as const) {
        const refused = await call(method, path);
        expect([method, path, refused.status]).toEqual([method, path, 400]);
        expect(refused.body.error).toMatch(error);
      }
      expect(fleet.faults('dev')).toEqual([{ source: 'nodes', fault: 'hang' }]);
    });

    it('DELETE of one source leaves the others; all is the cluster-wide entry', async () => {
      await call('POST', '/clusters/dev/faults', {
        source: 'all',
        fault: 'latency',
        ms: 10,
      });
      await call('POST', '/clusters/dev/faults', {
        source: 'ceph',
        fault: 'garbage',
      });
      const cleared = await call('DELETE', '/clusters/dev/faults/all');
      expect(cleared.body).toEqual({
        cluster: 'dev',
        cleared: [{ source: 'all', fault: 'latency', ms: 10 }],
        faults: [{ source: 'ceph', fault: 'garbage' }],
      });
    });
  });

  describe('POST /clusters/<name>', () => {
    it.each([
      ['not JSON', 'ceph=HEALTH_ERR', 'body: must be JSON'],
      ['a JSON array', [{ ceph: 'HEALTH_ERR' }], 'body: must be a JSON object'],
      [
        'an empty change',
        {},
        'body: must name at least one change (ceph, unreachableNodes, api)',
      ],
      [
        'an unknown change',
        { ceph: 'HEALTH_ERR', etcd: 'down' },
        'etcd: not a known change (ceph, unreachableNodes, api)',
      ],
      [
        'a Ceph level it does not know',
        { ceph: 'BROKEN' },
        'ceph: must be one of HEALTH_OK, HEALTH_WARN, HEALTH_ERR',
      ],
      [
        'a negative count of unreachable nodes',
        { ceph: 'HEALTH_ERR', unreachableNodes: -1 },
        'unreachableNodes: must be a whole number from 0 to 1000',
      ],
      [
        'an api state it does not know',
        { ceph: 'HEALTH_ERR', api: 'sleepy' },
        "api: must be 'dead' or 'alive'",
      ],
    ])(
      'refuses %s with a 400 naming the field, and changes nothing',
      async (_label, body, error) => {
        const refused = await call('POST', '/clusters/dev', body);
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual({ error });
        expect(await cephOf('dev')).toBe('HEALTH_OK');
        expect(fleet.faults('dev')).toEqual([]);
      },
    );

    it('refuses an unknown cluster, in any spelling, with a 400', async () => {
      for (const name of ['qa', 'DEV', 'dev%20']) {
        const refused = await call('POST', `/clusters/${name}`, {
          ceph: 'HEALTH_ERR',
        });
        expect([name, refused.status]).toEqual([name, 400]);
        expect(refused.body.error).toMatch(
          /^cluster: must be one of platform, dev, prod; got '/,
        );
      }
      expect(await cephOf('dev')).toBe('HEALTH_OK');
    });

    it('applies a good change', async () => {
      const applied = await call('POST', '/clusters/prod', {
        ceph: 'HEALTH_ERR',
      });
      expect(applied).toMatchObject({
        status: 200,
        body: { cluster: 'prod', applied: { ceph: 'HEALTH_ERR' } },
      });
      expect(await cephOf('prod')).toBe('HEALTH_ERR');
      await call('POST', '/clusters/prod', { ceph: 'HEALTH_WARN' });
    });
  });

  it('answers 405 with Allow for a known path and 404 with the usage otherwise', async () => {
    const wrongMethod = await call('PUT', '/clusters/dev/faults', {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.response.headers.get('allow')).toBe('GET, POST, DELETE');
    expect(wrongMethod.body.error).toBe(
      'method: /clusters/dev/faults takes GET, POST, DELETE; got PUT',
    );
    expect((await call('GET', '/clusters/dev')).status).toBe(405);
    const unknown = await call('GET', '/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body.usage).toEqual(
      expect.arrayContaining([
        expect.stringContaining('POST /clusters/<name>/faults'),
      ]),
    );
  });
});
