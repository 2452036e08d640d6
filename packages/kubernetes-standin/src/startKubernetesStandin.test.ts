/** @jest-environment node */
import { cephCluster, ciliumNodes, nodes } from './fixtures';
import {
  KubernetesStandin,
  startKubernetesStandin,
} from './startKubernetesStandin';
import { KubeObject } from './types';

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

function pod(name: string, namespace: string, labels: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {},
  } as KubeObject;
}

describe('startKubernetesStandin', () => {
  let standin: KubernetesStandin;
  let a: string;
  const get = (path: string, token: string | null = 'token-a', base = a) =>
    fetch(`${base}${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(5000),
    });

  beforeAll(async () => {
    standin = await startKubernetesStandin({
      clusters: [
        {
          name: 'a',
          token: 'token-a',
          objects: [
            ...nodes(2, { prefix: 'a' }),
            pod('web-1', 'shop', { app: 'web', tier: 'front' }),
            pod('web-2', 'shop', { app: 'web', tier: 'back' }),
            pod('db-1', 'shop', { app: 'db' }),
            pod('dns', 'kube-system', { 'k8s-app': 'kube-dns' }),
            cephCluster({ health: 'HEALTH_OK' }),
            ...ciliumNodes(['a-1']),
          ],
          users: [
            {
              token: 'reader',
              user: 'system:serviceaccount:backstage:reader',
              forbidden: ['pods', 'ceph.rook.io/cephclusters'],
            },
          ],
        },
        {
          name: 'b',
          token: 'token-b',
          missingResources: ['ceph.rook.io/cephclusters'],
        },
      ],
    });
    a = standin.clusterUrl('a');
  });

  afterAll(() => standin.close());

  afterEach(() => {
    standin.clearClusterFault('a');
    standin.setControlPlaneHealthy('a', true);
  });

  it('serves on loopback under /clusters/<name>', () => {
    expect(standin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a).toBe(`${standin.url}/clusters/a`);
  });

  it('lists with real list semantics', async () => {
    const response = await get('/api/v1/pods');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const list = await response.json();
    expect(list).toMatchObject({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.any(String) },
    });
    expect(
      list.items.map(
        (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`,
      ),
    ).toEqual(['kube-system/dns', 'shop/db-1', 'shop/web-1', 'shop/web-2']);
    // Built-in list items come without apiVersion/kind, like a real server.
    expect(list.items[0].kind).toBeUndefined();

    const shop = await (await get('/api/v1/namespaces/shop/pods')).json();
    expect(shop.items).toHaveLength(3);
    const nodeList = await (await get('/api/v1/nodes')).json();
    expect(nodeList.kind).toBe('NodeList');
    expect(nodeList.items).toHaveLength(2);

    const ceph = await (
      await get('/apis/ceph.rook.io/v1/namespaces/rook-ceph/cephclusters')
    ).json();
    expect(ceph).toMatchObject({
      kind: 'CephClusterList',
      apiVersion: 'ceph.rook.io/v1',
    });
    expect(ceph.items[0]).toMatchObject({
      kind: 'CephCluster',
      status: { ceph: { health: 'HEALTH_OK' } },
    });
    const cilium = await (await get('/apis/cilium.io/v2/ciliumnodes')).json();
    expect(cilium.items.map((n: KubeObject) => n.metadata.name)).toEqual([
      'a-1',
    ]);
    expect(
      (await (await get('/apis/apps/v1/daemonsets')).json()).items,
    ).toEqual([]);
  });

  it('raises resourceVersion on every change', async () => {
    const version = async () =>
      Number(
        (await (await get('/api/v1/pods')).json()).metadata.resourceVersion,
      );
    const v1 = await version();
    const stored = standin.upsert('a', pod('web-3', 'shop', { app: 'web' }));
    const v2 = await version();
    expect(v2).toBeGreaterThan(v1);
    expect(stored.metadata.resourceVersion).toBe(String(v2));
    expect(standin.remove('a', 'v1', 'Pod', 'shop', 'web-3')).toBe(true);
    expect(standin.remove('a', 'v1', 'Pod', 'shop', 'web-3')).toBe(false);
    const v3 = await version();
    expect(v3).toBeGreaterThan(v2);
  });

  it('filters by label selector', async () => {
    const names = async (selector: string) => {
      const response = await get(
        `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`,
      );
      expect(response.status).toBe(200);
      return (await response.json()).items.map(
        (p: KubeObject) => p.metadata.name,
      );
    };
    expect(await names('app=web')).toEqual(['web-1', 'web-2']);
    expect(await names('app==db')).toEqual(['db-1']);
    expect(await names('app!=web')).toEqual(['dns', 'db-1']);
    expect(await names('tier in (front,middle)')).toEqual(['web-1']);
    expect(await names('tier notin (front)')).toEqual(['dns', 'db-1', 'web-2']);
    expect(await names('tier')).toEqual(['web-1', 'web-2']);
    expect(await names('!tier')).toEqual(['dns', 'db-1']);
    expect(await names('app=web,tier!=front')).toEqual(['web-2']);
    const bad = await get('/api/v1/pods?labelSelector=a%20in%20()');
    expect(bad.status).toBe(400);
    expect((await bad.json()).reason).toBe('BadRequest');
  });

  it('gets single objects and answers 404 Status for missing ones', async () => {
    const found = await get('/api/v1/namespaces/shop/pods/web-1');
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop' },
    });
    expect((await get('/api/v1/nodes/a-2')).status).toBe(200);
    expect(
      (
        await get(
          '/apis/ceph.rook.io/v1/namespaces/rook-ceph/cephclusters/rook-ceph',
        )
      ).status,
    ).toBe(200);

    const missing = await get('/api/v1/namespaces/shop/pods/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    const missingDs = await get(
      '/apis/apps/v1/namespaces/kube-system/daemonsets/cilium',
    );
    expect((await missingDs.json()).message).toBe(
      'daemonsets.apps "cilium" not found',
    );
  });

  it('answers 404 Status for a resource whose CRD is not installed', async () => {
    const expected = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    };
    const base = standin.clusterUrl('b');
    for (const path of [
      '/apis/ceph.rook.io/v1/cephclusters',
      '/apis/ceph.rook.io/v1/namespaces/rook-ceph/cephclusters',
      '/apis/example.com/v1/widgets',
    ]) {
      const response = await get(path, 'token-b', base);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(expected);
    }
    expect(
      (await get('/apis/argoproj.io/v1alpha1/applications', 'token-b', base))
        .status,
    ).toBe(200);
  });

  it('authenticates bearer tokens per cluster and authorises reads', async () => {
    for (const token of [null, 'wrong', 'token-b']) {
      const response = await get('/api/v1/nodes', token);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        kind: 'Status',
        reason: 'Unauthorized',
        code: 401,
      });
    }
    expect((await get('/api/v1/nodes', 'reader')).status).toBe(200);
    const forbidden = await get('/api/v1/namespaces/shop/pods', 'reader');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message:
        'pods is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "pods" in API group "" in the namespace "shop"',
    });
    const ceph = await get('/apis/ceph.rook.io/v1/cephclusters', 'reader');
    expect((await ceph.json()).message).toBe(
      'cephclusters.ceph.rook.io is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "cephclusters" in API group "ceph.rook.io" at the cluster scope',
    );
  });

  it('reports readyz and livez', async () => {
    const ready = await get('/readyz', null);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('ok');
    expect(await (await get('/livez')).text()).toBe('ok');

    standin.setControlPlaneHealthy('a', false);
    const failing = await get('/readyz');
    expect(failing.status).toBe(500);
    const body = await failing.text();
    expect(body).toContain('[+]ping ok');
    expect(body).toContain('[-]etcd failed: reason withheld');
    expect(body).toContain('readyz check failed');
    expect((await get('/livez')).status).toBe(500);
  });

  describe('faults', () => {
    it('refuses: the socket is destroyed', async () => {
      standin.setClusterFault('a', { refuse: true });
      await expect(get('/api/v1/nodes')).rejects.toThrow();
    });

    it('hangs until the client gives up', async () => {
      standin.setClusterFault('a', { hang: true });
      await expect(
        fetch(`${a}/api/v1/nodes`, {
          headers: { Authorization: 'Bearer token-a' },
          signal: AbortSignal.timeout(200),
        }),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
    });

    it('answers 500 with a Status body', async () => {
      standin.setClusterFault('a', { status: 500 });
      const response = await get('/api/v1/nodes');
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({
        kind: 'Status',
        reason: 'InternalError',
        code: 500,
      });
    });

    it('answers garbage and truncated JSON with 200', async () => {
      standin.setClusterFault('a', { garbage: true });
      const garbage = await get('/api/v1/nodes');
      expect(garbage.status).toBe(200);
      await expect(garbage.json()).rejects.toThrow();

      standin.setClusterFault('a', { truncated: true });
      const truncated = await get('/api/v1/nodes');
      expect(truncated.status).toBe(200);
      const text = await truncated.text();
      expect(text.startsWith('{"kind":"NodeList"')).toBe(true);
      expect(() => JSON.parse(text)).toThrow();
    });

    it('delays answers by latencyMs', async () => {
      standin.setClusterFault('a', { latencyMs: 150 });
      const started = performance.now();
      const response = await get('/api/v1/nodes');
      expect(response.status).toBe(200);
      await response.json();
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    });

    it('affects only the faulted cluster', async () => {
      standin.setClusterFault('a', { status: 500 });
      const b = await get('/api/v1/nodes', 'token-b', standin.clusterUrl('b'));
      expect(b.status).toBe(200);
    });
  });

  it('counts requests per cluster', async () => {
    standin.resetCounts();
    await get('/api/v1/nodes');
    await get('/api/v1/nodes?labelSelector=x');
    await get('/readyz');
    expect(standin.requestCounts('a')).toEqual({
      total: 3,
      byPath: { 'GET /api/v1/nodes': 2, 'GET /readyz': 1 },
    });
    expect(standin.requestCounts('b').total).toBe(0);
  });
});
