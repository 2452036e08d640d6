import {
  customResourceCheckId,
  customResourceDetails,
  CustomResourceKind,
  evaluateCustomResources,
  HealthCheck,
  HealthStatus,
  parseCustomResourceList,
  rollupCluster,
  SEVERITY,
  Subsystem,
} from '@proficientnow/backstage-plugin-infra-health-common';
import type { InfraHealthApi } from '../api/InfraHealthApi';
import type {
  ClusterDetail,
  ClusterState,
  ComponentState,
  ClusterHealthView,
  FleetSummary,
  HealthHistory,
  HealthSourceState,
  PendingChange,
  TrackedChangesAnswer,
  PendingChanges,
} from '../api/types';

/**
 * Health as the backend serves it, built with the same rollup code it uses
 * (`rollupCluster` from the common package), at times relative to now so
 * relative times and staleness read as they would in a browser.
 */
export const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export function check(
  id: string,
  status: HealthStatus,
  reason: string,
  details?: Record<string, unknown>,
  observedAt = minutesAgo(1),
): HealthCheck {
  return {
    id,
    subsystem: id.split('.')[0] as Subsystem,
    status,
    reason,
    observedAt,
    ...(details ? { details } : {}),
  };
}

export function cluster(
  name: string,
  checks: HealthCheck[],
  options: { environment?: string; sources?: HealthSourceState[] } = {},
): ClusterDetail {
  const rolled: ClusterHealthView = rollupCluster(name, checks, new Date(), {
    environment: options.environment,
    expected: ['nodes', 'controlPlane'],
  });
  return {
    ...rolled,
    ...(options.sources ? { sources: options.sources } : {}),
    collectedAt: minutesAgo(1),
  };
}

export const cephChecks: HealthCheck[] = [
  check('ceph.health', 'warning', 'HEALTH_WARN: OSD_DOWN, PG_DEGRADED', {
    source: 'rook',
  }),
  check('ceph.OSD_DOWN', 'warning', 'OSD_DOWN: 1 osds down', { count: 1 }),
  check(
    'ceph.PG_DEGRADED',
    'warning',
    'PG_DEGRADED: Degraded data redundancy: 12/3021 objects degraded (0.397%), 4 pgs degraded',
  ),
  check('ceph.capacity', 'ok', '62.5% of raw capacity used', {
    bytesUsed: 6_871_947_673_600,
    bytesTotal: 10_995_116_277_760,
    bytesAvailable: 4_123_168_604_160,
    source: 'rook',
  }),
  check('ceph.osds', 'warning', '5 of 6 OSDs up, 6 in', {
    total: 6,
    up: 5,
    in: 6,
    source: 'prometheus',
  }),
  check(
    'ceph.pgs',
    'warning',
    '4 of 129 PGs not active+clean (4 active+undersized+degraded)',
    {
      total: 129,
      states: { 'active+clean': 125, 'active+undersized+degraded': 4 },
      source: 'prometheus',
    },
  ),
  check('ceph.quorum', 'ok', '3 of 3 monitors in quorum', {
    quorum: ['a', 'b', 'c'],
    mons: 3,
  }),
  check('ceph.pools', 'ok', '3 pools', {
    pools: [
      {
        id: 1,
        name: '.mgr',
        bytesUsed: 2_097_152,
        maxAvailBytes: 1_374_389_534_720,
        objects: 2,
      },
      {
        id: 2,
        name: 'replicapool',
        bytesUsed: 2_199_023_255_552,
        maxAvailBytes: 1_374_389_534_720,
        objects: 540_112,
      },
      {
        id: 3,
        name: 'ceph-filesystem-data0',
        bytesUsed: 107_374_182_400,
        maxAvailBytes: 1_374_389_534_720,
        objects: 25_310,
      },
    ],
    source: 'prometheus',
  }),
];

export const ciliumChecks: HealthCheck[] = [
  check('cilium.agents', 'warning', '4 of 5 Cilium agents ready', {
    desired: 5,
    ready: 4,
    unavailable: 1,
  }),
  check('cilium.operator', 'ok', '2 of 2 cilium-operator replicas available', {
    wanted: 2,
    available: 2,
  }),
  check('cilium.nodes', 'warning', 'nodes without a CiliumNode: g3-worker-2', {
    missing: ['g3-worker-2'],
  }),
  check('cilium.unreachableNodes', 'warning', '1 node unreachable', {
    unreachable: 1,
    source: 'prometheus',
  }),
  check(
    'cilium.unreachableHealthEndpoints',
    'warning',
    '2 health endpoints unreachable',
    { unreachable: 2, source: 'prometheus' },
  ),
  check('cilium.drops', 'warning', '14.5 packets/s dropped', {
    totalPerSecond: 14.5,
    perSecondByReason: {
      'Policy denied': 12.25,
      'Stale or unroutable IP': 2.25,
    },
    source: 'prometheus',
  }),
  check('cilium.endpoints', 'ok', '212 endpoints ready', {
    states: { ready: 212, 'waiting-for-identity': 0 },
    source: 'prometheus',
  }),
  check('cilium.policyImportErrors', 'ok', 'no policy import errors', {
    errors: 0,
    source: 'prometheus',
  }),
];

export const clusterChecks: HealthCheck[] = [
  check('nodes.ready', 'warning', '1 of 5 nodes not Ready: g3-worker-2', {
    total: 5,
    ready: 4,
    notReady: ['g3-worker-2'],
    versions: ['v1.32.4'],
  }),
  check('nodes.DiskPressure', 'warning', 'DiskPressure on g2-master', {
    nodes: ['g2-master'],
  }),
  check('controlPlane.readyz', 'ok', 'API server ready (/readyz ok)'),
  check(
    'argocd.applications',
    'critical',
    '42 Applications; degraded: postgres; out of sync: kafka, minio',
    {
      total: 42,
      degraded: ['postgres'],
      missing: [],
      outOfSync: ['kafka', 'minio'],
      unknown: [],
    },
  ),
  check(
    'kubevirt.vms',
    'warning',
    'not ready: dev-a/dev-a-worker-1 (Starting)',
    {
      total: 9,
      failed: [],
      notReady: ['dev-a/dev-a-worker-1 (Starting)'],
    },
  ),
];

/** The HA platform cluster: everything, with a degraded Argo CD Application (critical). */
export const platform = cluster(
  'platform',
  [...clusterChecks, ...cephChecks, ...ciliumChecks],
  { environment: 'platform' },
);

export const CERTIFICATES: CustomResourceKind = {
  group: 'cert-manager.io',
  version: 'v1',
  plural: 'certificates',
  kind: 'Certificate',
  title: 'Certificates',
};

export const POSTGRES_CLUSTERS: CustomResourceKind = {
  group: 'postgresql.cnpg.io',
  version: 'v1',
  plural: 'clusters',
  kind: 'Cluster',
  title: 'PostgreSQL clusters',
};

/** A cert-manager Certificate as the Kubernetes stand-in serves it (`certificates()` there). */
function certificate(name: string, namespace: string, ready: boolean) {
  const why = ready
    ? {
        reason: 'Ready',
        message: 'Certificate is up to date and has not expired',
      }
    : {
        reason: 'DoesNotExist',
        message: 'Issuing certificate as Secret does not exist',
      };
  const condition = (type: string, status: string) => ({
    type,
    status,
    ...why,
    lastTransitionTime: '2026-01-01T10:05:00Z',
    observedGeneration: 1,
  });
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace, generation: 1, resourceVersion: '120' },
    spec: {
      secretName: name,
      dnsNames: [`${name}.platform.internal`],
      issuerRef: {
        name: 'platform-ca',
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      },
    },
    status: ready
      ? { conditions: [condition('Ready', 'True')], revision: 1 }
      : {
          conditions: [
            condition('Ready', 'False'),
            condition('Issuing', 'True'),
          ],
        },
  };
}

/**
 * The custom resource checks the backend gives for the platform cluster
 * once `platform-portal/portal-tls` is not issued: its CertificateList put
 * through the common package's parser and rule (the backend's own code),
 * and a CloudNativePG kind whose API answered 404, written as the backend
 * writes an unanswered source.
 */
export function customResourceChecks(): HealthCheck[] {
  const list = parseCustomResourceList(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'CertificateList',
      metadata: { resourceVersion: '120' },
      items: [
        certificate('argocd-server-tls', 'argocd', true),
        certificate('grafana-tls', 'monitoring', true),
        certificate('portal-tls', 'platform-portal', false),
      ],
    },
    CERTIFICATES.kind,
  );
  if (!list.ok) throw new Error(list.reason);
  const observedAt = minutesAgo(1);
  return [
    ...evaluateCustomResources(list.value, CERTIFICATES, observedAt),
    {
      id: customResourceCheckId(POSTGRES_CLUSTERS),
      subsystem: 'customResources',
      status: 'unknown',
      reason:
        'PostgreSQL clusters: not available in this cluster (HTTP 404: the API or CRD is not installed)',
      observedAt,
      details: {
        ...customResourceDetails(POSTGRES_CLUSTERS),
        source: 'kubernetes',
        api: 'PostgreSQL clusters',
        httpStatus: 404,
        notInstalled: true,
      },
    },
  ];
}

/** The platform cluster with a Certificate that is not issued (critical), as `GET /clusters/platform` answers. */
export const platformWithCertificates = cluster(
  'platform',
  [...clusterChecks, ...customResourceChecks()],
  { environment: 'platform' },
);

/** A healthy nested dev cluster. */
export const devA = cluster(
  'dev-a',
  [
    check('nodes.ready', 'ok', '3 of 3 nodes Ready', {
      total: 3,
      ready: 3,
      notReady: [],
      versions: ['v1.32.4'],
    }),
    check('controlPlane.readyz', 'ok', 'API server ready (/readyz ok)'),
    check('argocd.applications', 'ok', '7 Applications synced and healthy', {
      total: 7,
      degraded: [],
      missing: [],
      outOfSync: [],
      unknown: [],
    }),
  ],
  { environment: 'dev' },
);

/** A prod cluster whose collector stopped 20 minutes ago: stale, shown unknown. */
export const prodA = cluster(
  'prod-a',
  [
    check(
      'nodes.ready',
      'ok',
      '5 of 5 nodes Ready',
      { total: 5, ready: 5, notReady: [], versions: ['v1.32.4'] },
      minutesAgo(20),
    ),
    check(
      'controlPlane.readyz',
      'ok',
      'API server ready (/readyz ok)',
      undefined,
      minutesAgo(20),
    ),
  ],
  { environment: 'prod' },
);

/** A QA cluster with a warning only. */
export const qa1 = cluster(
  'qa-1',
  [
    check('nodes.ready', 'ok', '3 of 3 nodes Ready', {
      total: 3,
      ready: 3,
      notReady: [],
      versions: ['v1.31.9', 'v1.32.4'],
    }),
    check(
      'controlPlane.readyz',
      'warning',
      'API server slow to answer /readyz',
    ),
  ],
  { environment: 'qa' },
);

export function fleetOf(clusters: ClusterHealthView[]): FleetSummary {
  const sorted = [...clusters].sort(
    (a, b) =>
      SEVERITY[b.status] - SEVERITY[a.status] ||
      a.cluster.localeCompare(b.cluster),
  );
  const counts = { ok: 0, warning: 0, critical: 0, unknown: 0 };
  for (const c of sorted) counts[c.status]++;
  return { clusters: sorted, counts, generatedAt: minutesAgo(0) };
}

/** Rollup history of the last day: ok, a warning two hours ago, then the current status. */
export function historyOf(name: string, current: HealthStatus): HealthHistory {
  const points = [];
  for (let hour = 23; hour >= 0; hour--) {
    let status: HealthStatus = 'ok';
    if (hour === 2) status = 'warning';
    if (hour === 0) status = current;
    points.push(
      { subsystem: '*', status, observedAt: minutesAgo(hour * 60 + 1) },
      {
        subsystem: 'ceph',
        status: 'ok' as HealthStatus,
        observedAt: minutesAgo(hour * 60 + 1),
      },
    );
  }
  return { cluster: name, since: minutesAgo(24 * 60), points };
}

export function pendingChange(
  overrides: Partial<PendingChange> & Pick<PendingChange, 'number' | 'title'>,
): PendingChange {
  return {
    url: `https://github.com/proficientnow/platform-gitops/pull/${overrides.number}`,
    kind: 'cluster',
    author: 'portal-bot',
    requesterVerified: false,
    createdAt: minutesAgo(3 * 60),
    updatedAt: minutesAgo(30),
    draft: false,
    labels: ['gitops'],
    reviews: { approved: 0, changesRequested: 0, requested: [] },
    checks: { state: 'success', total: 4, failing: [] },
    mergeable: true,
    mergeableState: 'blocked',
    ...overrides,
  };
}

/** What the tracker says about three changes: one rolled out, one failed in prod, one waiting for Argo CD. */
export const trackedChanges: TrackedChangesAnswer = {
  trackedAt: '2026-11-21T11:59:30Z',
  changes: [
    {
      repository: 'proficientnow/platform-gitops',
      number: 38,
      title: 'Nested cluster shop-prod (prod): workers 3 → 4',
      url: 'https://github.com/proficientnow/platform-gitops/pull/38',
      kind: 'cluster',
      action: 'scale',
      targetRef: 'resource:default/shop-prod',
      environment: 'prod',
      requester: 'user:default/priya.platform',
      owner: 'group:default/platform-engineers',
      state: 'failed',
      reason: 'platform/shop-prod is Degraded after syncing 9f8e7d6',
      openedAt: '2026-11-21T10:00:00Z',
      mergedAt: '2026-11-21T10:30:00Z',
      mergeSha: '9f8e7d6c5b4a39f8e7d6c5b4a39f8e7d6c5b4a3f',
      appliedAt: '2026-11-21T10:32:00Z',
      finishedAt: '2026-11-21T10:33:00Z',
      updatedAt: '2026-11-21T10:33:00Z',
      applications: [],
    },
    {
      repository: 'proficientnow/platform-gitops',
      number: 37,
      title: 'Nested cluster web-dev (dev): workers 2 → 3',
      url: 'https://github.com/proficientnow/platform-gitops/pull/37',
      kind: 'cluster',
      action: 'scale',
      targetRef: 'resource:default/web-dev',
      environment: 'dev',
      requester: 'user:default/lena.dev',
      owner: 'group:default/app-developers',
      state: 'healthy',
      reason: 'platform/web-dev synced a1b2c3d and healthy',
      openedAt: '2026-11-21T09:00:00Z',
      mergedAt: '2026-11-21T09:10:00Z',
      finishedAt: '2026-11-21T09:12:00Z',
      updatedAt: '2026-11-21T09:12:00Z',
      applications: [],
    },
    {
      repository: 'proficientnow/platform-gitops',
      number: 36,
      title: 'Platform component redis (applications/databases)',
      url: 'https://github.com/proficientnow/platform-gitops/pull/36',
      kind: 'component',
      action: 'create',
      targetRef: 'resource:default/redis',
      requester: 'user:default/lena.dev',
      owner: 'group:default/app-developers',
      state: 'merged',
      reason: 'waiting for Argo CD: platform/redis at 0a1b2c3',
      openedAt: '2026-11-21T08:00:00Z',
      mergedAt: '2026-11-21T11:58:00Z',
      updatedAt: '2026-11-21T11:58:00Z',
      applications: [],
      deliveryProblem:
        'nobody was notified: the owner of resource:default/redis does not resolve in the catalog',
    },
  ],
};

export const pendingChanges: PendingChanges = {
  configured: true,
  repository: {
    owner: 'proficientnow',
    repo: 'platform-gitops',
    url: 'https://github.com/proficientnow/platform-gitops',
  },
  fetchedAt: minutesAgo(1),
  changes: [
    pendingChange({
      number: 41,
      title: 'New nested cluster dev-b',
      kind: 'cluster',
      target: 'dev-b',
      environment: 'dev',
      requester: 'user:default/alice',
      requesterVerified: true,
      reviews: { approved: 1, changesRequested: 0, requested: [] },
      mergeableState: 'clean',
    }),
    pendingChange({
      number: 42,
      title: 'Component kafka in prod',
      kind: 'component',
      target: 'kafka',
      environment: 'prod',
      requester: 'user:default/bob',
      requesterVerified: false,
      identityProblem:
        'the signature does not match: the identity was edited, or signed with another key',
      reviews: {
        approved: 0,
        changesRequested: 1,
        requested: ['platform-engineers'],
      },
      checks: { state: 'failure', total: 5, failing: ['kubeconform'] },
      mergeable: false,
      mergeableState: 'dirty',
    }),
  ],
};

/** An InfraHealthApi whose every method is a jest mock, answering with the given fixtures. */
/** dev-a as the GitOps repository records it. */
export const devAState: ClusterState = {
  name: 'dev-a',
  environment: 'dev',
  owner: 'group:default/app-developers',
  revision: '0123456789abcdef0123456789abcdef01234567',
  folder: 'clusters/dev/dev-a',
  channel: '1.32/stable',
  controlPlane: {
    count: 1,
    sizeName: 'medium',
    cpu: 4,
    memoryGiB: 8,
    diskGiB: 60,
  },
  workers: { count: 2, sizeName: 'small', cpu: 2, memoryGiB: 4, diskGiB: 40 },
  nodes: [],
};

/** postgres as the GitOps repository declares it. */
export const postgresState: ComponentState = {
  name: 'postgres',
  domain: 'applications',
  owner: 'app-developers',
  path: 'argocd/apps/applications/databases/postgres.yaml',
  revision: 'abcdef0123456789abcdef0123456789abcdef01',
  syncWave: 30,
  chart: {
    name: 'cloudnative-pg',
    repoURL: 'https://cloudnative-pg.github.io/charts',
    version: '0.23.0',
  },
};

export function mockInfraHealthApi(
  overrides: Partial<InfraHealthApi> = {},
): jest.Mocked<InfraHealthApi> {
  return {
    getFleet: jest.fn(async () => fleetOf([platform, devA, prodA, qa1])),
    getCluster: jest.fn(async () => platform),
    getSubsystem: jest.fn(async () => platform.subsystems[0]),
    getHistory: jest.fn(async (name: string) => historyOf(name, 'critical')),
    getPendingChanges: jest.fn(async () => pendingChanges),
    getTrackedChanges: jest.fn(async () => trackedChanges),
    getClusterState: jest.fn(async () => devAState),
    getComponentState: jest.fn(async () => postgresState),
    ...overrides,
  } as jest.Mocked<InfraHealthApi>;
}
