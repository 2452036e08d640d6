/** @jest-environment node */
import {
  NESTED_CLUSTER_MISSING_RESOURCES,
  nestedCluster,
  platformCluster,
} from './fixtures';
import {
  FAULT_SOURCES,
  FaultInputError,
  FaultSource,
  GARBAGE_VARIANTS,
} from './faults';
import {
  KubernetesStandin,
  startKubernetesStandin,
} from './startKubernetesStandin';

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

/** The paths the health collector reads, per source; a fault on one source must answer exactly these. */
const SOURCE_PATHS: Record<FaultSource, string[]> = {
  nodes: ['/api/v1/nodes', '/api/v1/nodes/platform-1'],
  readyz: ['/readyz?verbose', '/livez'],
  argocd: [
    '/apis/argoproj.io/v1alpha1/applications',
    '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications',
  ],
  kubevirt: [
    '/apis/kubevirt.io/v1/virtualmachines',
    '/apis/kubevirt.io/v1/virtualmachineinstances',
  ],
  ceph: ['/apis/ceph.rook.io/v1/cephclusters'],
  cilium: [
    '/apis/apps/v1/namespaces/kube-system/daemonsets/cilium',
    '/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator',
    '/apis/cilium.io/v2/ciliumnodes',
  ],
};
/** Paths of no source: only an `all` fault touches them. */
const OTHER_PATHS = ['/version', '/api/v1/pods'];
const ALL_PATHS = [...Object.values(SOURCE_PATHS).flat(), ...OTHER_PATHS];

/** A NodeList as the collector expects it: items whose status.conditions is a list. */
function isNodeList(value: any): boolean {
  return (
    value?.kind === 'NodeList' &&
    Array.isArray(value.items) &&
    value.items.length > 0 &&
    value.items.every((n: any) => Array.isArray(n?.status?.conditions))
  );
}

/** What a client makes of a body: not UTF-8, not JSON, or the parsed JSON. */
function readBody(
  bytes: Uint8Array,
): { kind: 'not-utf8' } | { kind: 'not-json' } | { kind: 'json'; value: any } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'not-utf8' };
  }
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    return { kind: 'not-json' };
  }
}

/** How a client reading nodes sees a body: only `the expected NodeList` is what the source should answer. */
function describeNodesBody(bytes: Uint8Array): string {
  const body = readBody(bytes);
  if (body.kind === 'not-utf8') return 'not UTF-8';
  if (body.kind === 'not-json') return 'not JSON';
  const value = body.value;
  if (isNodeList(value)) return 'the expected NodeList';
  if (
    value?.kind === 'NodeList' &&
    value.items?.length > 0 &&
    value.items.every((n: any) => typeof n?.status?.conditions === 'string')
  ) {
    return 'a NodeList whose status.conditions is a string';
  }
  return `JSON ${JSON.stringify(value)}`;
}

describe('fault injection through the HTTP server', () => {
  let standin: KubernetesStandin;

  const get = (cluster: string, path: string, timeoutMs = 10_000) =>
    fetch(`${standin.clusterUrl(cluster)}${path}`, {
      headers: { Authorization: `Bearer ${cluster}-token` },
      signal: AbortSignal.timeout(timeoutMs),
    });

  /** Status per path of a cluster, in parallel (each request is independent). */
  const statuses = async (cluster: string, paths: string[]) =>
    Object.fromEntries(
      await Promise.all(
        paths.map(async path => {
          const response = await get(cluster, path);
          await response.arrayBuffer();
          return [path, response.status] as const;
        }),
      ),
    );

  beforeAll(async () => {
    standin = await startKubernetesStandin({
      clusters: [
        {
          name: 'platform',
          token: 'platform-token',
          objects: platformCluster(),
        },
        {
          name: 'dev',
          token: 'dev-token',
          objects: nestedCluster('dev'),
          missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
        },
        {
          name: 'prod',
          token: 'prod-token',
          objects: nestedCluster('prod'),
          missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
        },
      ],
    });
  });

  afterAll(() => standin.close());

  afterEach(() => {
    for (const name of ['platform', 'dev', 'prod']) {
      standin.clearClusterFault(name);
    }
  });

  it('answers every path normally without faults', async () => {
    const all = await statuses('platform', ALL_PATHS);
    expect(Object.values(all).every(code => code === 200)).toBe(true);
    const nodes = await get('platform', '/api/v1/nodes');
    expect(describeNodesBody(new Uint8Array(await nodes.arrayBuffer()))).toBe(
      'the expected NodeList',
    );
  });

  describe('each kind', () => {
    it('hang: no answer within the client timeout', async () => {
      standin.setFault('platform', { source: 'nodes', fault: 'hang' });
      await expect(get('platform', '/api/v1/nodes', 300)).rejects.toMatchObject(
        {
          name: 'TimeoutError',
        },
      );
    });

    it('hang: answered normally once the fault is cleared', async () => {
      standin.setFault('dev', { source: 'nodes', fault: 'hang' });
      standin.resetCounts('dev');
      const pending = get('dev', '/api/v1/nodes');
      // the request has arrived (and hangs) before the fault is cleared
      while (standin.requestCounts('dev').total === 0) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      standin.clearFaults('dev', 'nodes');
      const response = await pending;
      expect(response.status).toBe(200);
      expect(isNodeList(await response.json())).toBe(true);
    });

    it('reset: a connection error, no answer', async () => {
      standin.setFault('platform', { source: 'nodes', fault: 'reset' });
      const error = await get('platform', '/api/v1/nodes').then(
        () => undefined,
        e => e,
      );
      // undici's fetch: "fetch failed", caused by the reset socket
      expect(error).toMatchObject({ name: 'TypeError' });
      expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(error.cause?.code);
      standin.clearFaults('platform');
      expect((await get('platform', '/api/v1/nodes')).status).toBe(200);
    });

    it('latency: the real answer, not before N ms', async () => {
      standin.setFault('platform', {
        source: 'nodes',
        fault: 'latency',
        ms: 300,
      });
      const started = performance.now();
      const response = await get('platform', '/api/v1/nodes');
      expect(isNodeList(await response.json())).toBe(true);
      // a lower bound only: a loaded machine may answer later, never sooner
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    });

    it('latency: the cluster-wide and the source latency add up, and combine with another fault', async () => {
      standin.setFault('platform', {
        source: 'all',
        fault: 'latency',
        ms: 150,
      });
      standin.setFault('platform', {
        source: 'ceph',
        fault: 'latency',
        ms: 150,
      });
      standin.setFault('platform', {
        source: 'ceph',
        fault: 'status',
        status: 503,
      });
      const started = performance.now();
      const response = await get(
        'platform',
        '/apis/ceph.rook.io/v1/cephclusters',
      );
      expect(response.status).toBe(503);
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    });

    it('truncated cut: a complete 200 whose JSON is cut in the middle', async () => {
      standin.setFault('platform', {
        source: 'nodes',
        fault: 'truncated',
        variant: 'cut',
      });
      const response = await get('platform', '/api/v1/nodes');
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text.startsWith('{"kind":"NodeList"')).toBe(true);
      expect(() => JSON.parse(text)).toThrow();
    });

    it('truncated closed: a 200 whose connection closes mid-body', async () => {
      standin.setFault('platform', {
        source: 'nodes',
        fault: 'truncated',
        variant: 'closed',
      });
      const response = await get('platform', '/api/v1/nodes');
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    });

    it('truncated without a variant: cut, then closed, in turns', async () => {
      standin.setFault('platform', { source: 'nodes', fault: 'truncated' });
      const first = await get('platform', '/api/v1/nodes');
      expect(readBody(new Uint8Array(await first.arrayBuffer())).kind).toBe(
        'not-json',
      );
      const second = await get('platform', '/api/v1/nodes');
      expect(second.status).toBe(200);
      await expect(second.text()).rejects.toThrow();
    });

    it('truncated: a 200 even where the source is missing, so the cut is what the client sees', async () => {
      const path = '/apis/argoproj.io/v1alpha1/applications';
      const missing = await get('dev', path);
      expect([missing.status, (await missing.json()).reason]).toEqual([
        404,
        'NotFound',
      ]);
      standin.setFault('dev', {
        source: 'argocd',
        fault: 'truncated',
        variant: 'cut',
      });
      const response = await get('dev', path);
      expect(response.status).toBe(200);
      await expect(response.json()).rejects.toThrow();
    });

    it.each([400, 401, 403, 404, 409, 429, 500, 502, 503, 504, 599])(
      'status %i: that code with a Kubernetes Status failure body',
      async code => {
        standin.setFault('platform', {
          source: 'readyz',
          fault: 'status',
          status: code,
        });
        const response = await get('platform', '/readyz?verbose');
        expect(response.status).toBe(code);
        expect(response.headers.get('content-type')).toBe('application/json');
        const body = await response.json();
        expect(body).toMatchObject({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: expect.any(String),
          reason: expect.stringMatching(/^[A-Z][A-Za-z]+$/),
          code,
        });
      },
    );

    it('status 429 says when to try again, in the header and the Status', async () => {
      standin.setFault('platform', {
        source: 'nodes',
        fault: 'status',
        status: 429,
      });
      const response = await get('platform', '/api/v1/nodes');
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({
        reason: 'TooManyRequests',
        details: { retryAfterSeconds: 1 },
        code: 429,
      });
    });

    it('status 503 and 500 read as a real API server writes them', async () => {
      standin.setFault('platform', {
        source: 'all',
        fault: 'status',
        status: 503,
      });
      expect(await (await get('platform', '/api/v1/nodes')).json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server is currently unable to handle the request',
        reason: 'ServiceUnavailable',
        code: 503,
      });
      standin.setFault('platform', {
        source: 'all',
        fault: 'status',
        status: 500,
      });
      expect(
        await (await get('platform', '/api/v1/nodes')).json(),
      ).toMatchObject({
        message: 'Internal error occurred: injected fault',
        reason: 'InternalError',
        code: 500,
      });
    });

    it('garbage: a 200 that is not the expected list, a different kind on each call', async () => {
      standin.setFault('platform', { source: 'nodes', fault: 'garbage' });
      const seen: string[] = [];
      for (const _variant of GARBAGE_VARIANTS) {
        const response = await get('platform', '/api/v1/nodes');
        seen.push(
          `${response.status} ${describeNodesBody(
            new Uint8Array(await response.arrayBuffer()),
          )}`,
        );
      }
      expect(seen).toEqual([
        '200 not JSON',
        '200 JSON 42',
        '200 JSON {}',
        '200 JSON []',
        '200 a NodeList whose status.conditions is a string',
        '200 not UTF-8',
      ]);
    });

    it('garbage wrong-types: every status field of the real answer has another type', async () => {
      standin.setFault('platform', {
        source: 'cilium',
        fault: 'garbage',
        variant: 'wrong-types',
      });
      const ds = await (
        await get(
          'platform',
          '/apis/apps/v1/namespaces/kube-system/daemonsets/cilium',
        )
      ).json();
      expect(ds.metadata.name).toBe('cilium');
      expect(typeof ds.status.numberReady).toBe('string');
      standin.setFault('platform', {
        source: 'ceph',
        fault: 'garbage',
        variant: 'wrong-types',
      });
      const ceph = await (
        await get('platform', '/apis/ceph.rook.io/v1/cephclusters')
      ).json();
      expect(ceph.kind).toBe('CephClusterList');
      expect(typeof ceph.items[0].status.ceph).toBe('string');
    });
  });

  describe('per source and per cluster', () => {
    it.each(FAULT_SOURCES)(
      'a fault on %s answers exactly its paths',
      async source => {
        standin.setFault('platform', { source, fault: 'status', status: 502 });
        const got = await statuses('platform', ALL_PATHS);
        const expected = Object.fromEntries(
          ALL_PATHS.map(path => [
            path,
            SOURCE_PATHS[source].includes(path) ? 502 : 200,
          ]),
        );
        expect(got).toEqual(expected);
      },
    );

    it('a fault on all answers every path, /version included', async () => {
      standin.setFault('platform', {
        source: 'all',
        fault: 'status',
        status: 502,
      });
      const got = await statuses('platform', ALL_PATHS);
      expect(Object.values(got).every(code => code === 502)).toBe(true);
    });

    it("a source's own fault decides over the cluster-wide one", async () => {
      standin.setFault('platform', {
        source: 'all',
        fault: 'status',
        status: 503,
      });
      standin.setFault('platform', {
        source: 'nodes',
        fault: 'garbage',
        variant: 'empty-object',
      });
      const nodes = await get('platform', '/api/v1/nodes');
      expect([nodes.status, await nodes.text()]).toEqual([200, '{}']);
      expect((await get('platform', '/readyz')).status).toBe(503);
    });

    it("a hang on dev's nodes leaves dev's readyz and prod's nodes answering", async () => {
      standin.setFault('dev', { source: 'nodes', fault: 'hang' });
      const hanging = get('dev', '/api/v1/nodes', 500);
      const [readyz, prodNodes] = await Promise.all([
        get('dev', '/readyz'),
        get('prod', '/api/v1/nodes'),
      ]);
      expect(readyz.status).toBe(200);
      expect(await readyz.text()).toBe('ok');
      expect(isNodeList(await prodNodes.json())).toBe(true);
      await expect(hanging).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(standin.faults('prod')).toEqual([]);
    });
  });

  describe('setting, listing and clearing', () => {
    it('lists the active faults and clears one source, the cluster-wide ones, or all', async () => {
      standin.setFault('dev', { source: 'nodes', fault: 'garbage' });
      standin.setFault('dev', {
        source: 'readyz',
        fault: 'status',
        status: 503,
      });
      standin.setFault('dev', { source: 'all', fault: 'latency', ms: 50 });
      expect(standin.faults('dev')).toEqual([
        { source: 'all', fault: 'latency', ms: 50 },
        { source: 'nodes', fault: 'garbage' },
        { source: 'readyz', fault: 'status', status: 503 },
      ]);

      expect(standin.clearFaults('dev', 'nodes')).toEqual([
        { source: 'nodes', fault: 'garbage' },
      ]);
      expect(isNodeList(await (await get('dev', '/api/v1/nodes')).json())).toBe(
        true,
      );
      expect((await get('dev', '/readyz')).status).toBe(503);

      expect(standin.clearFaults('dev', 'all')).toEqual([
        { source: 'all', fault: 'latency', ms: 50 },
      ]);
      expect(standin.faults('dev')).toEqual([
        { source: 'readyz', fault: 'status', status: 503 },
      ]);

      standin.clearFaults('dev');
      expect(standin.faults('dev')).toEqual([]);
      expect((await get('dev', '/readyz')).status).toBe(200);
    });

    it('refuses bad input and changes nothing', () => {
      const target = standin;
      target.setFault('dev', { source: 'nodes', fault: 'hang' });
      for (const bad of [
        { source: 'nodes', fault: 'latency', ms: 0 },
        { source: 'nodes', fault: 'status', status: 302 },
        { source: 'etcd', fault: 'hang' },
        { source: 'nodes', fault: 'melt' },
      ]) {
        expect(() => target.setFault('dev', bad as any)).toThrow(
          FaultInputError,
        );
      }
      expect(standin.faults('dev')).toEqual([
        { source: 'nodes', fault: 'hang' },
      ]);
      expect(() =>
        standin.setFault('qa', { source: 'nodes', fault: 'hang' }),
      ).toThrow('No cluster named qa');
    });

    it('the first fault shape still works: it sets the cluster-wide faults and leaves per-source ones', async () => {
      standin.setFault('dev', { source: 'ceph', fault: 'reset' });
      standin.setClusterFault('dev', { latencyMs: 20, status: 500 });
      expect(standin.faults('dev')).toEqual([
        { source: 'all', fault: 'latency', ms: 20 },
        { source: 'all', fault: 'status', status: 500 },
        { source: 'ceph', fault: 'reset' },
      ]);
      expect((await get('dev', '/version')).status).toBe(500);
      standin.setClusterFault('dev', { refuse: true });
      expect(standin.faults('dev')).toEqual([
        { source: 'all', fault: 'reset' },
        { source: 'ceph', fault: 'reset' },
      ]);
      standin.setClusterFault('dev', {});
      expect(standin.faults('dev')).toEqual([
        { source: 'ceph', fault: 'reset' },
      ]);
      standin.clearClusterFault('dev');
      expect(standin.faults('dev')).toEqual([]);
    });
  });
});
