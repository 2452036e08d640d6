import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { infraHealthApiRef } from '../../api/InfraHealthApi';
import type { InfraHealthApi } from '../../api/InfraHealthApi';
import {
  check,
  ciliumChecks,
  cluster,
  clusterChecks,
  customResourceChecks,
  devA,
  mockInfraHealthApi,
  platformWithCertificates,
} from '../../__testUtils__/fixtures';
import { CephCard } from './CephCard';
import { CiliumCard } from './CiliumCard';
import { ClusterCard } from './ClusterCard';

const platformResource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'platform-cluster',
    annotations: { 'platform.proficientnow.io/health-cluster': 'platform' },
  },
  spec: {
    type: 'kubernetes-cluster',
    owner: 'group:default/platform-engineers',
  },
};

const nestedCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'dev-a',
    annotations: { 'backstage.io/kubernetes-id': 'dev-a' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/app-developers' },
};

function renderCard(
  card: JSX.Element,
  entity: Entity,
  api: InfraHealthApi = mockInfraHealthApi(),
) {
  renderInTestApp(<EntityProvider entity={entity}>{card}</EntityProvider>, {
    apis: [[infraHealthApiRef, api]],
  });
  return api;
}

async function notFound(name: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotFoundError',
          message: `no health collected for cluster ${name}`,
        },
        request: { method: 'GET', url: `/clusters/${name}` },
        response: { statusCode: 404 },
      }),
      {
        status: 404,
        statusText: 'Not Found',
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}

/** A cluster's sources when only its Kubernetes API is configured. */
function kubernetesOnly(name: string, environment: string) {
  return {
    environment,
    sources: [
      { source: 'kubernetes' as const, configured: true },
      {
        source: 'prometheus' as const,
        configured: false,
        hint: `set infraHealth.clusters[name=${name}].prometheus.url to read ceph-mgr and cilium-agent metrics`,
      },
    ],
  };
}

describe('CephCard', () => {
  it('shows health with each active check and its message, capacity, OSDs, PGs, monitors and pools', async () => {
    const api = renderCard(<CephCard />, platformResource);
    const health = await screen.findByRole('region', { name: 'Ceph health' });
    expect(api.getCluster).toHaveBeenCalledWith('platform');
    const active = within(health).getByRole('list', {
      name: 'Active Ceph health checks',
    });
    expect(
      within(active).getByText('OSD_DOWN: 1 osds down'),
    ).toBeInTheDocument();
    expect(
      within(active).getByText(/PG_DEGRADED: Degraded data redundancy/),
    ).toBeInTheDocument();
    expect(within(active).getAllByText('Warning')).toHaveLength(2);

    const meter = screen.getByRole('meter', { name: 'Raw capacity used' });
    expect(meter).toHaveAttribute('aria-valuenow', '62.5');
    expect(
      screen.getByText('62.5% used: 6.3 TiB of 10.0 TiB (3.8 TiB available)'),
    ).toBeInTheDocument();

    expect(
      within(screen.getByRole('region', { name: 'OSDs' })).getByText(
        '5 up, 6 in, of 6',
      ),
    ).toBeInTheDocument();
    const pgs = screen.getByRole('table', {
      name: '129 placement groups by state',
    });
    expect(
      within(pgs).getByRole('rowheader', {
        name: 'active+undersized+degraded',
      }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Monitors' })).getByText(
        /3 of 3/,
      ),
    ).toHaveTextContent('3 of 3 (a, b, c)');
    const pools = screen.getByRole('table', { name: '3 pools' });
    const replicapool = within(pools)
      .getByRole('rowheader', { name: 'replicapool' })
      .closest('tr')!;
    expect(replicapool).toHaveTextContent('replicapool2.0 TiB1.3 TiB540112');
  });

  it('says the cluster has no data, and how to add it, on a 404', async () => {
    renderCard(
      <CephCard />,
      platformResource,
      mockInfraHealthApi({
        getCluster: jest.fn(async (name: string) => {
          throw await notFound(name);
        }),
      }),
    );
    expect(
      await screen.findByText('No health collected for cluster platform'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Add it to infraHealth\.clusters/),
    ).toBeInTheDocument();
  });

  it('says Ceph is not reported, with the backend’s hint, when its sources are not configured', async () => {
    const unconfigured = cluster(
      'dev-a',
      [
        ...clusterChecks,
        check(
          'ceph.health',
          'unknown',
          'Rook CephCluster: not available in this cluster (HTTP 404: the API or CRD is not installed)',
        ),
      ],
      kubernetesOnly('dev-a', 'dev'),
    );
    renderCard(
      <CephCard />,
      nestedCluster,
      mockInfraHealthApi({ getCluster: jest.fn(async () => unconfigured) }),
    );
    expect(
      await screen.findByText('Ceph: not reported for dev-a'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not available in this cluster/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Prometheus: set infraHealth\.clusters\[name=dev-a\]\.prometheus\.url/,
      ),
    ).toBeInTheDocument();
    // not reported is not a health finding
    expect(screen.queryByText('Unknown')).not.toBeInTheDocument();
  });

  it('says Ceph is not reported for a cluster that sends no Ceph checks at all', async () => {
    renderCard(
      <CephCard />,
      nestedCluster,
      mockInfraHealthApi({ getCluster: jest.fn(async () => devA) }),
    );
    expect(
      await screen.findByText('Ceph: not reported for dev-a'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Rook's CephCluster/)).toBeInTheDocument();
  });
});

describe('CiliumCard', () => {
  it('shows agents ready of desired, connectivity, drops per second by reason and policy errors', async () => {
    renderCard(<CiliumCard />, platformResource);
    const agents = await screen.findByRole('region', { name: 'Agents' });
    expect(
      within(agents).getByText('4 of 5 (1 unavailable)', { exact: false }),
    ).toBeInTheDocument();
    expect(within(agents).getByText('Warning')).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Unreachable nodes' }),
      ).getByText('1'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Unreachable health endpoints' }),
      ).getByText('2'),
    ).toBeInTheDocument();
    const drops = screen.getByRole('table', {
      name: 'Drops per second by reason',
    });
    const rows = within(drops).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'Policy denied12.3/s',
      'Stale or unroutable IP2.25/s',
    ]);
    expect(
      within(screen.getByRole('region', { name: 'Dropped packets' })).getByText(
        '14.5/s',
      ),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Policy import errors' }),
      ).getByText('0'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Nodes without a CiliumNode' }),
      ).getByText('g3-worker-2'),
    ).toBeInTheDocument();
  });

  it('says what Prometheus would add when only the Kubernetes API is configured', async () => {
    const onlyKubernetes = cluster(
      'platform',
      ciliumChecks.filter(c =>
        ['cilium.agents', 'cilium.operator', 'cilium.nodes'].includes(c.id),
      ),
      kubernetesOnly('platform', 'platform'),
    );
    renderCard(
      <CiliumCard />,
      platformResource,
      mockInfraHealthApi({ getCluster: jest.fn(async () => onlyKubernetes) }),
    );
    expect(
      await screen.findByRole('region', { name: 'Agents' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /drops, endpoints and policy import errors come from cilium-agent metrics/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Dropped packets' }),
    ).not.toBeInTheDocument();
  });

  it('says Cilium is not reported when the cluster has no Kubernetes credentials', async () => {
    const noCredentials = cluster(
      'dev-a',
      [
        check(
          'controlPlane.access',
          'unknown',
          'no credentials for cluster dev-a: set infraHealth.clusters[name=dev-a].url and .token',
        ),
      ],
      {
        sources: [
          {
            source: 'kubernetes',
            configured: false,
            hint: 'set infraHealth.clusters[name=dev-a].url and .token to read nodes, the control plane, Argo CD, KubeVirt, Rook and Cilium',
          },
          { source: 'prometheus', configured: true },
        ],
      },
    );
    renderCard(
      <CiliumCard />,
      nestedCluster,
      mockInfraHealthApi({ getCluster: jest.fn(async () => noCredentials) }),
    );
    expect(
      await screen.findByText('Cilium: not reported for dev-a'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Kubernetes API: set infraHealth\.clusters\[name=dev-a\]\.url and \.token/,
      ),
    ).toBeInTheDocument();
  });
});

describe('ClusterCard', () => {
  it('shows nodes, control plane, Argo CD apps out of sync or degraded by name, and VMs', async () => {
    renderCard(<ClusterCard />, platformResource);
    const nodes = await screen.findByRole('region', { name: 'Nodes' });
    expect(within(nodes).getByText('4 of 5')).toBeInTheDocument();
    expect(within(nodes).getByText('g3-worker-2')).toBeInTheDocument();
    expect(
      within(nodes).getByText('DiskPressure on g2-master'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Control plane' })).getByText(
        'OK',
      ),
    ).toBeInTheDocument();
    const argo = screen.getByRole('region', { name: 'Argo CD' });
    expect(within(argo).getByText('Critical')).toBeInTheDocument();
    expect(within(argo).getByText('postgres')).toBeInTheDocument();
    expect(within(argo).getByText('kafka, minio')).toBeInTheDocument();
    const vms = screen.getByRole('region', { name: 'VMs of nested clusters' });
    expect(
      within(vms).getByText('dev-a/dev-a-worker-1 (Starting)'),
    ).toBeInTheDocument();
    // the card's own rollup, in words
    expect(screen.getAllByText('Critical').length).toBeGreaterThan(1);
    // no custom resources configured: no such section
    expect(
      screen.queryByRole('region', { name: 'Custom resources' }),
    ).not.toBeInTheDocument();
  });

  it('shows each configured custom resource kind in words, the Certificate not Ready named with its reason, and a kind not installed as such', async () => {
    renderCard(
      <ClusterCard />,
      platformResource,
      mockInfraHealthApi({
        getCluster: jest.fn(async () => platformWithCertificates),
      }),
    );
    const section = await screen.findByRole('region', {
      name: 'Custom resources',
    });
    const [heading] = within(section).getAllByRole('heading');
    expect(heading).toHaveTextContent('Custom resources');
    // the subsystem's status, then the Certificates' own: both in words
    expect(within(section).getAllByText('Critical').length).toBe(3);
    const certificates = within(section).getByRole('region', {
      name: 'Certificates',
    });
    expect(within(certificates).getByText('2 of 3')).toBeInTheDocument();
    const notReady = within(certificates).getByRole('list', {
      name: 'Certificates not ready',
    });
    const [portalTls] = within(notReady).getAllByRole('listitem');
    // each object's status in words before its reason
    expect(within(portalTls).getByText('Critical')).toBeInTheDocument();
    expect(
      within(portalTls).getByText(
        'platform-portal/portal-tls: Ready False (DoesNotExist: Issuing certificate as Secret does not exist)',
      ),
    ).toBeInTheDocument();
    // a kind whose API is not in the cluster: said so, not shown as a finding
    const postgres = within(section).getByRole('region', {
      name: 'PostgreSQL clusters',
    });
    expect(within(postgres).getByText('Not installed')).toBeInTheDocument();
    expect(within(postgres).queryByText('Unknown')).not.toBeInTheDocument();
    expect(
      within(postgres).getByText(
        'PostgreSQL clusters: not available in this cluster (HTTP 404: the API or CRD is not installed)',
      ),
    ).toBeInTheDocument();
  });

  it('shows a Certificate on its way (a progressing reason) as a warning, and all ready as OK with the count', async () => {
    const [certificates] = customResourceChecks();
    const pending = {
      ...certificates,
      status: 'warning' as const,
      reason:
        'Certificate platform-portal/portal-tls: Ready False (Pending: Waiting on certificate issuance from order)',
      details: {
        ...certificates.details,
        findings: [
          {
            name: 'platform-portal/portal-tls',
            status: 'warning',
            reason:
              'Ready False (Pending: Waiting on certificate issuance from order)',
          },
        ],
      },
    };
    const ready = {
      ...certificates,
      id: 'customResources.clusters.cluster.x-k8s.io',
      status: 'ok' as const,
      reason: 'CAPI clusters: 2 of 2 ready',
      details: {
        kind: 'Cluster',
        title: 'CAPI clusters',
        total: 2,
        ready: 2,
        findings: [],
      },
    };
    renderCard(
      <ClusterCard />,
      platformResource,
      mockInfraHealthApi({
        getCluster: jest.fn(async () =>
          cluster('platform', [...clusterChecks, pending, ready]),
        ),
      }),
    );
    const section = await screen.findByRole('region', {
      name: 'Custom resources',
    });
    const certs = within(section).getByRole('region', { name: 'Certificates' });
    expect(within(certs).getAllByText('Warning')).toHaveLength(2);
    expect(
      within(certs).getByText(
        'platform-portal/portal-tls: Ready False (Pending: Waiting on certificate issuance from order)',
      ),
    ).toBeInTheDocument();
    const capi = within(section).getByRole('region', { name: 'CAPI clusters' });
    expect(within(capi).getByText('OK')).toBeInTheDocument();
    expect(within(capi).getByText('2 of 2')).toBeInTheDocument();
    expect(within(capi).queryByRole('list')).not.toBeInTheDocument();
  });

  it('draws the 24-hour sparkline of the cluster rollup from history', async () => {
    const api = renderCard(
      <ClusterCard />,
      nestedCluster,
      mockInfraHealthApi({
        getCluster: jest.fn(async () => devA),
      }),
    );
    const sparkline = await screen.findByTestId('health-sparkline');
    expect(api.getHistory).toHaveBeenCalledWith('dev-a', {
      hours: 24,
      subsystem: '*',
    });
    expect(sparkline).toHaveAccessibleName(
      /Cluster health of dev-a, last 24 hours: 24 observations; Critical \d+%, Warning \d+%, OK \d+% of the time; latest Critical/,
    );
    expect(sparkline.querySelectorAll('line[stroke-width="2"]')).toHaveLength(
      24,
    );
  });

  it('uses the entity name when no annotation names the cluster, and says a 404 cluster has no data', async () => {
    const api = renderCard(
      <ClusterCard />,
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'qa-2' },
        spec: { type: 'kubernetes-cluster' },
      },
      mockInfraHealthApi({
        getCluster: jest.fn(async (name: string) => {
          throw await notFound(name);
        }),
      }),
    );
    expect(
      await screen.findByText('No health collected for cluster qa-2'),
    ).toBeInTheDocument();
    expect(api.getCluster).toHaveBeenCalledWith('qa-2');
  });

  it('shows a stale cluster as stale', async () => {
    renderCard(
      <ClusterCard />,
      platformResource,
      mockInfraHealthApi({
        getCluster: jest.fn(async () =>
          cluster('platform', [
            check(
              'nodes.ready',
              'ok',
              '5 of 5 nodes Ready',
              { total: 5, ready: 5, notReady: [], versions: [] },
              new Date(Date.now() - 3_600_000).toISOString(),
            ),
            check('controlPlane.readyz', 'ok', 'API server ready (/readyz ok)'),
          ]),
        ),
      }),
    );
    expect(
      await screen.findByRole('region', { name: 'Nodes' }),
    ).toHaveTextContent(/stale: last observed/);
    expect(screen.getAllByText('Stale').length).toBeGreaterThan(0);
  });
});
