/*
 * The platform components the seed RFCs name, with the default way the portal
 * deploys each one as an Argo CD Application.
 *
 * How sync waves are chosen:
 * - Waves use one scale for the whole platform, in bands per domain root:
 *   infrastructure 0-29, applications 30-49, workloads 50-59 and
 *   environments 60+. Each domain root syncs its own children in wave order,
 *   and because the bands do not overlap, a component always has a higher
 *   wave than every component it depends on, even in another domain (storage
 *   before databases).
 * - Infrastructure follows the bootstrap order in RFC 000: Cilium first (0);
 *   then Multus and MetalLB (1); Kube-OVN (2); cert-manager (3);
 *   sealed-secrets (4); ingress-nginx (5); Kubenurse (6). Storage comes next:
 *   the Rook operator (10), the CephCluster (11) and MinIO (12). Identity is
 *   at 14, because it needs Ceph volumes, and the portal at 15, because it
 *   signs in through it. Compute is at 20-22 and backup at 25.
 * - Inside the other domains, operators come before the resources that use
 *   them, and data sources come before their consumers (for example
 *   prometheus 30, alertmanager 31, alert-routing 35).
 *
 * Versions are exact chart versions. Git-path sources live in the GitOps
 * repository at `platform/<group>/<name>`.
 */
import { CatalogueComponent } from './types';

/** Service endpoints inside the platform cluster that other components use. */
const MINIO_S3_ENDPOINT = 'http://minio.minio.svc:9000';
const CEPH_RBD_STORAGE_CLASS = 'ceph-rbd';

export const PLATFORM_COMPONENTS: readonly CatalogueComponent[] = [
  // ---------------------------------------------------------------------------
  // infrastructure / networking
  // ---------------------------------------------------------------------------
  {
    name: 'cilium',
    title: 'Cilium',
    domain: 'infrastructure',
    group: 'networking',
    description:
      'Primary eBPF CNI of the platform cluster, with kube-proxy replacement, WireGuard encryption and Hubble flow visibility; it is installed first, before everything else.',
    namespace: 'kube-system',
    syncWave: 0,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://helm.cilium.io',
        chart: 'cilium',
        version: '1.18.2',
        values: {
          kubeProxyReplacement: true,
          // Keepalived API VIP from RFC 002 §4.4. It is needed because no
          // kube-proxy is left to reach the API server.
          k8sServiceHost: '192.168.102.10',
          k8sServicePort: 6443,
          // Leave other CNI configs in place so Multus and Kube-OVN can chain.
          cni: { exclusive: false },
          encryption: { enabled: true, type: 'wireguard' },
          hubble: {
            relay: { enabled: true },
            ui: { enabled: true },
          },
        },
      },
    ],
    syncPolicy: { serverSideApply: true, prune: false },
    dependsOn: [],
    docs: 'https://docs.cilium.io/en/stable/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'multus',
    title: 'Multus CNI',
    domain: 'infrastructure',
    group: 'networking',
    description:
      'Meta-CNI (thick plugin) that keeps Cilium as the default pod network and attaches the extra Kube-OVN interfaces that VMs and nested clusters use.',
    namespace: 'kube-system',
    syncWave: 1,
    sources: [{ type: 'git', path: 'platform/networking/multus' }],
    dependsOn: ['cilium'],
    docs: 'https://github.com/k8snetworkplumbingwg/multus-cni',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'metallb',
    title: 'MetalLB',
    domain: 'infrastructure',
    group: 'networking',
    description:
      'Bare-metal LoadBalancer in L2 mode that hands out internal IPs to ingress-nginx and other LoadBalancer services (the address pool comes from the Git folder).',
    namespace: 'metallb-system',
    syncWave: 1,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://metallb.github.io/metallb',
        chart: 'metallb',
        version: '0.16.1',
      },
      // IPAddressPool and L2Advertisement: the range is not in the seeds.
      { type: 'git', path: 'platform/networking/metallb' },
    ],
    dependsOn: ['cilium'],
    docs: 'https://metallb.universe.tf/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'kube-ovn',
    title: 'Kube-OVN',
    domain: 'infrastructure',
    group: 'networking',
    description:
      'Secondary (non-primary) CNI that provides VM networking, virtual switches and VLAN-backed subnets for KubeVirt VMs and nested clusters, attached through Multus.',
    namespace: 'kube-system',
    syncWave: 2,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://kubeovn.github.io/kube-ovn/',
        chart: 'kube-ovn',
        version: 'v1.16.2',
        values: {
          cni_conf: { NON_PRIMARY_CNI: true },
        },
      },
    ],
    dependsOn: ['cilium', 'multus'],
    docs: 'https://kubeovn.github.io/docs/stable/en/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'cert-manager',
    title: 'cert-manager',
    domain: 'infrastructure',
    group: 'networking',
    description:
      "Issues and renews TLS certificates (Let's Encrypt ClusterIssuers from the Git folder) for every HTTPS endpoint on the platform.",
    namespace: 'cert-manager',
    syncWave: 3,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.jetstack.io',
        chart: 'cert-manager',
        version: 'v1.17.1',
        values: { crds: { enabled: true } },
      },
      { type: 'git', path: 'platform/networking/cert-manager' },
    ],
    dependsOn: ['cilium'],
    docs: 'https://cert-manager.io/docs/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'ingress-nginx',
    title: 'ingress-nginx',
    domain: 'infrastructure',
    group: 'networking',
    description:
      'NGINX Ingress controller, exposed through a MetalLB LoadBalancer IP, that routes HTTP(S) traffic from OPNsense to services on the platform cluster.',
    namespace: 'ingress-nginx',
    syncWave: 5,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://kubernetes.github.io/ingress-nginx',
        chart: 'ingress-nginx',
        version: '4.12.1',
        values: {
          controller: {
            service: { type: 'LoadBalancer' },
            ingressClassResource: { default: true },
          },
        },
      },
    ],
    dependsOn: ['cilium', 'metallb'],
    docs: 'https://kubernetes.github.io/ingress-nginx/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'kubenurse',
    title: 'Kubenurse',
    domain: 'infrastructure',
    group: 'networking',
    description:
      'DaemonSet that monitors the network: it checks node-to-node, pod-to-API-server, DNS, service and ingress paths and exports their latency as Prometheus metrics.',
    namespace: 'kubenurse',
    syncWave: 6,
    sources: [{ type: 'git', path: 'platform/networking/kubenurse' }],
    dependsOn: ['cilium', 'ingress-nginx'],
    docs: 'https://github.com/postfinance/kubenurse',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // infrastructure / security (sealed-secrets first: storage needs its secrets)
  // ---------------------------------------------------------------------------
  {
    name: 'sealed-secrets',
    title: 'Sealed Secrets',
    domain: 'infrastructure',
    group: 'security',
    description:
      "Controller that decrypts SealedSecrets committed to the GitOps repository into Secrets; the seeds call it 'Bitnami Secrets Vault'.",
    namespace: 'kube-system',
    syncWave: 4,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://bitnami-labs.github.io/sealed-secrets',
        chart: 'sealed-secrets',
        version: '2.16.1',
        // The name and namespace kubeseal looks for by default.
        values: { fullnameOverride: 'sealed-secrets-controller' },
      },
    ],
    dependsOn: ['cilium'],
    docs: 'https://github.com/bitnami-labs/sealed-secrets',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // infrastructure / storage
  // ---------------------------------------------------------------------------
  {
    name: 'rook-ceph',
    title: 'Rook-Ceph operator',
    domain: 'infrastructure',
    group: 'storage',
    description:
      'Rook operator and Ceph CSI drivers that let the cluster consume and control the externally deployed MicroCeph cluster.',
    namespace: 'rook-ceph',
    syncWave: 10,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.rook.io/release',
        chart: 'rook-ceph',
        version: 'v1.20.6',
        values: { crds: { enabled: true } },
      },
    ],
    // Pruning the CRDs would delete every Ceph custom resource with them.
    syncPolicy: { serverSideApply: true, prune: false },
    dependsOn: ['cilium'],
    docs: 'https://rook.io/docs/rook/latest-release/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'rook-ceph-cluster',
    title: 'Ceph cluster (external MicroCeph)',
    domain: 'infrastructure',
    group: 'storage',
    description:
      'External-mode CephCluster that connects to the bare-metal MicroCeph, provides the Ceph RBD block StorageClass `ceph-rbd` for databases and VMs, and gives access to the Ceph dashboard.',
    namespace: 'rook-ceph',
    syncWave: 11,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.rook.io/release',
        chart: 'rook-ceph-cluster',
        version: 'v1.20.6',
        values: {
          operatorNamespace: 'rook-ceph',
          cephClusterSpec: {
            external: { enable: true },
            crashCollector: { disable: true },
          },
          // Pools are managed by MicroCeph; Rook only consumes them.
          cephBlockPools: [],
          cephFileSystems: [],
          cephObjectStores: [],
        },
      },
      // Sealed import secrets for the external cluster and the `ceph-rbd` StorageClass.
      { type: 'git', path: 'platform/storage/rook-ceph-cluster' },
    ],
    syncPolicy: { prune: false },
    dependsOn: ['rook-ceph', 'sealed-secrets'],
    docs: 'https://rook.io/docs/rook/latest-release/CRDs/Cluster/external-cluster/external-cluster/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'minio',
    title: 'MinIO',
    domain: 'infrastructure',
    group: 'storage',
    description:
      'Distributed (HA) MinIO that provides S3 object storage on Ceph RBD volumes, used as the storage backend of Harbor, Verdaccio and Loki.',
    namespace: 'minio',
    syncWave: 12,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.min.io/',
        chart: 'minio',
        version: '5.4.0',
        values: {
          mode: 'distributed',
          replicas: 4,
          persistence: { storageClass: CEPH_RBD_STORAGE_CLASS },
        },
      },
    ],
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://min.io/docs/minio/kubernetes/upstream/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // infrastructure / security (identity: needs Ceph volumes)
  // ---------------------------------------------------------------------------
  {
    name: 'authentik',
    title: 'Authentik',
    domain: 'infrastructure',
    group: 'security',
    description:
      'Identity provider (SSO, MFA, OIDC, SAML, LDAP outpost) for Argo CD, Jenkins, KubeSphere, OPNsense and the portal, backed by PostgreSQL and Redis on Ceph volumes.',
    namespace: 'authentik',
    syncWave: 14,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.goauthentik.io',
        chart: 'authentik',
        version: '2025.4.1',
        values: {
          postgresql: { enabled: true },
          redis: { enabled: true },
        },
      },
    ],
    dependsOn: ['rook-ceph-cluster', 'ingress-nginx', 'cert-manager'],
    docs: 'https://docs.goauthentik.io/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'keycloak',
    title: 'Keycloak',
    domain: 'infrastructure',
    group: 'security',
    description:
      "Alternative identity and access management server ('Keycloak or Authentik or Both'); it is in the catalogue but is not synced automatically, because the RFC settles on Authentik.",
    namespace: 'keycloak',
    syncWave: 14,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://codecentric.github.io/helm-charts',
        chart: 'keycloakx',
        version: '7.1.7',
        releaseName: 'keycloak',
      },
    ],
    syncPolicy: { automated: false },
    dependsOn: ['rook-ceph-cluster', 'ingress-nginx', 'cert-manager'],
    docs: 'https://www.keycloak.org/documentation',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // infrastructure / gitops (the portal itself: signs in through Authentik)
  // ---------------------------------------------------------------------------
  {
    name: 'platform-portal',
    title: 'Platform portal (Backstage)',
    domain: 'infrastructure',
    group: 'gitops',
    description:
      'The portal itself: the Backstage backend, which serves the frontend, in at least two replicas behind ingress-nginx, with a cert-manager certificate, sealed secrets, Authentik sign-in and PostgreSQL (CloudNativePG or an existing server); renderPortalDeployment renders its folder.',
    namespace: 'platform-portal',
    syncWave: 15,
    sources: [{ type: 'git', path: 'platform/gitops/platform-portal' }],
    // the folder holds the Namespace with its pod-security labels
    syncPolicy: { createNamespace: false },
    dependsOn: ['ingress-nginx', 'cert-manager', 'sealed-secrets', 'authentik'],
    docs: 'https://backstage.io/docs/deployment/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // infrastructure / compute
  // ---------------------------------------------------------------------------
  {
    name: 'cdi',
    title: 'Containerized Data Importer',
    domain: 'infrastructure',
    group: 'compute',
    description:
      'CDI operator and CDI resource that import, clone and upload VM disk images into Ceph RBD PVCs through DataVolumes.',
    namespace: 'cdi',
    syncWave: 20,
    sources: [{ type: 'git', path: 'platform/compute/cdi' }],
    syncPolicy: { serverSideApply: true },
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://github.com/kubevirt/containerized-data-importer',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'kubevirt',
    title: 'KubeVirt',
    domain: 'infrastructure',
    group: 'compute',
    description:
      'KubeVirt operator and KubeVirt resource that run the VMs, including the nested dev, staging and prod MicroK8s clusters, on Ceph disks and Kube-OVN networks.',
    namespace: 'kubevirt',
    syncWave: 21,
    sources: [{ type: 'git', path: 'platform/compute/kubevirt' }],
    syncPolicy: { serverSideApply: true },
    dependsOn: ['cdi', 'kube-ovn', 'multus', 'rook-ceph-cluster'],
    docs: 'https://kubevirt.io/user-guide/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'firecracker',
    title: 'Firecracker microVMs',
    domain: 'infrastructure',
    group: 'compute',
    description:
      'Node setup and RuntimeClass that run lightweight MicroVM workloads in Firecracker microVMs.',
    namespace: 'firecracker',
    syncWave: 20,
    sources: [{ type: 'git', path: 'platform/compute/firecracker' }],
    dependsOn: ['cilium'],
    docs: 'https://firecracker-microvm.github.io/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'openwhisk',
    title: 'Apache OpenWhisk',
    domain: 'infrastructure',
    group: 'compute',
    description:
      'Functions-as-a-Service platform that exposes both a UI and an API for the applications to run functions.',
    namespace: 'openwhisk',
    syncWave: 22,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://openwhisk.apache.org/charts',
        chart: 'openwhisk',
        version: '1.0.0',
        values: {
          k8s: {
            persistence: {
              hasDefaultStorageClass: false,
              explicitStorageClass: CEPH_RBD_STORAGE_CLASS,
            },
          },
        },
      },
    ],
    dependsOn: ['ingress-nginx', 'rook-ceph-cluster'],
    docs: 'https://github.com/apache/openwhisk-deploy-kube',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // infrastructure / backup
  // ---------------------------------------------------------------------------
  {
    name: 'velero',
    title: 'Velero',
    domain: 'infrastructure',
    group: 'backup',
    description:
      'Takes incremental, consistent backups of cluster resources and volumes and sends them to off-site archives (even though hardware RAID is in place).',
    namespace: 'velero',
    syncWave: 25,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://vmware-tanzu.github.io/helm-charts',
        chart: 'velero',
        version: '8.1.0',
        // File-system (Kopia) backups of volumes; the off-site location is set per platform.
        values: { deployNodeAgent: true },
      },
    ],
    dependsOn: ['rook-ceph-cluster', 'sealed-secrets'],
    docs: 'https://velero.io/docs/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // applications / databases
  // ---------------------------------------------------------------------------
  {
    name: 'postgres',
    title: 'PostgreSQL (CloudNativePG)',
    domain: 'applications',
    group: 'databases',
    description:
      'CloudNativePG operator that runs the highly available PostgreSQL clusters (OLTP: SQL, vector and graph) for the SaaS product on Ceph RBD volumes.',
    namespace: 'cnpg-system',
    syncWave: 30,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://cloudnative-pg.github.io/charts',
        chart: 'cloudnative-pg',
        version: '0.23.0',
      },
    ],
    syncPolicy: { serverSideApply: true },
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://cloudnative-pg.io/documentation/current/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'timescaledb',
    title: 'TimescaleDB',
    domain: 'applications',
    group: 'databases',
    description:
      'Time-series (OLAP) database: a CloudNativePG cluster that runs a TimescaleDB image on Ceph RBD volumes.',
    namespace: 'timescaledb',
    syncWave: 31,
    sources: [{ type: 'git', path: 'platform/databases/timescaledb' }],
    dependsOn: ['postgres', 'rook-ceph-cluster'],
    docs: 'https://docs.timescale.com/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'mongodb',
    title: 'MongoDB',
    domain: 'applications',
    group: 'databases',
    description:
      'Replica-set MongoDB that serves as the NoSQL document/JSON store for the applications, on Ceph RBD volumes.',
    namespace: 'mongodb',
    syncWave: 30,
    sources: [
      {
        type: 'helm',
        repoURL: 'registry-1.docker.io/bitnamicharts',
        chart: 'mongodb',
        version: '16.4.0',
        values: {
          architecture: 'replicaset',
          persistence: { storageClass: CEPH_RBD_STORAGE_CLASS },
        },
      },
    ],
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://github.com/bitnami/charts/tree/main/bitnami/mongodb',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'couchdb',
    title: 'Apache CouchDB',
    domain: 'applications',
    group: 'databases',
    description:
      'Clustered CouchDB that serves as the hybrid store for realtime and reactive application data, on Ceph RBD volumes.',
    namespace: 'couchdb',
    syncWave: 30,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://apache.github.io/couchdb-helm',
        chart: 'couchdb',
        version: '4.6.2',
        // couchdbConfig.couchdb.uuid is required by the chart and set per request.
        values: {
          clusterSize: 3,
          persistentVolume: {
            enabled: true,
            storageClass: CEPH_RBD_STORAGE_CLASS,
          },
        },
      },
    ],
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://docs.couchdb.org/en/stable/install/kubernetes.html',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'redis',
    title: 'Redis',
    domain: 'applications',
    group: 'databases',
    description:
      'In-memory Redis with replicas, used as the non-persistent cache and key/value store of the applications.',
    namespace: 'redis',
    syncWave: 30,
    sources: [
      {
        type: 'helm',
        repoURL: 'registry-1.docker.io/bitnamicharts',
        chart: 'redis',
        version: '20.6.2',
        values: {
          architecture: 'replication',
          master: { persistence: { enabled: false } },
          replica: { persistence: { enabled: false } },
        },
      },
    ],
    dependsOn: ['cilium'],
    docs: 'https://github.com/bitnami/charts/tree/main/bitnami/redis',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'dicedb',
    title: 'DiceDB',
    domain: 'applications',
    group: 'databases',
    description:
      'In-memory DiceDB, used as the reactive, realtime key/value store for the applications.',
    namespace: 'dicedb',
    syncWave: 30,
    sources: [{ type: 'git', path: 'platform/databases/dicedb' }],
    dependsOn: ['cilium'],
    docs: 'https://github.com/DiceDB/dice',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // applications / communications
  // ---------------------------------------------------------------------------
  {
    name: 'kafka',
    title: 'Apache Kafka (Strimzi)',
    domain: 'applications',
    group: 'communications',
    description:
      'Strimzi operator that runs the Kafka event clusters for the applications (it watches every namespace, because an application may have its own).',
    namespace: 'kafka',
    syncWave: 30,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://strimzi.io/charts/',
        chart: 'strimzi-kafka-operator',
        version: '0.45.0',
        values: { watchAnyNamespace: true },
      },
    ],
    syncPolicy: { serverSideApply: true },
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://strimzi.io/documentation/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'rabbitmq',
    title: 'RabbitMQ',
    domain: 'applications',
    group: 'communications',
    description:
      'Clustered RabbitMQ message broker for the queues and jobs of the applications, on Ceph RBD volumes.',
    namespace: 'rabbitmq',
    syncWave: 30,
    sources: [
      {
        type: 'helm',
        repoURL: 'registry-1.docker.io/bitnamicharts',
        chart: 'rabbitmq',
        version: '16.0.14',
        values: {
          replicaCount: 3,
          persistence: { storageClass: CEPH_RBD_STORAGE_CLASS },
        },
      },
    ],
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://github.com/bitnami/charts/tree/main/bitnami/rabbitmq',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'postal',
    title: 'Postal',
    domain: 'applications',
    group: 'communications',
    description:
      'Postal mail delivery platform that sends the transactional email of the applications, with SMTP exposed on a MetalLB IP.',
    namespace: 'postal',
    syncWave: 33,
    sources: [{ type: 'git', path: 'platform/communications/postal' }],
    dependsOn: [
      'metallb',
      'ingress-nginx',
      'cert-manager',
      'rook-ceph-cluster',
    ],
    docs: 'https://docs.postalserver.io/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'mailcow',
    title: 'Mailcow',
    domain: 'applications',
    group: 'communications',
    description:
      'Mailcow mail server suite (SMTP, IMAP and webmail) for application mailboxes, with mail ports exposed on a MetalLB IP.',
    namespace: 'mailcow',
    syncWave: 33,
    sources: [{ type: 'git', path: 'platform/communications/mailcow' }],
    dependsOn: [
      'metallb',
      'ingress-nginx',
      'cert-manager',
      'rook-ceph-cluster',
    ],
    docs: 'https://docs.mailcow.email/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // applications / artifacts
  // ---------------------------------------------------------------------------
  {
    name: 'verdaccio',
    title: 'Verdaccio',
    domain: 'applications',
    group: 'artifacts',
    description:
      'Private npm registry for the JS/TS packages, with MinIO as its storage backend.',
    namespace: 'verdaccio',
    syncWave: 33,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.verdaccio.org',
        chart: 'verdaccio',
        version: '4.29.0',
      },
    ],
    dependsOn: ['minio', 'ingress-nginx', 'cert-manager'],
    docs: 'https://verdaccio.org/docs/kubernetes',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'harbor',
    title: 'Harbor',
    domain: 'applications',
    group: 'artifacts',
    description:
      'Container image and Helm chart registry for the platform, which stores its blobs in MinIO.',
    namespace: 'harbor',
    syncWave: 33,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://helm.goharbor.io',
        chart: 'harbor',
        version: '1.16.0',
        values: {
          expose: { type: 'ingress', ingress: { className: 'nginx' } },
          persistence: {
            imageChartStorage: {
              type: 's3',
              s3: {
                region: 'us-east-1',
                bucket: 'harbor',
                regionendpoint: MINIO_S3_ENDPOINT,
                existingSecret: 'harbor-s3-credentials',
              },
            },
          },
        },
      },
    ],
    dependsOn: ['minio', 'ingress-nginx', 'cert-manager', 'rook-ceph-cluster'],
    docs: 'https://goharbor.io/docs/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'gitlab',
    title: 'GitLab',
    domain: 'applications',
    group: 'artifacts',
    description:
      'Self-hosted code repositories; the seeds defer GitLab to v3 or v4, so it is catalogued but not synced automatically.',
    namespace: 'gitlab',
    syncWave: 33,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.gitlab.io/',
        chart: 'gitlab',
        version: '8.7.2',
        // Reuse the platform's cert-manager and ingress-nginx.
        values: {
          installCertmanager: false,
          'nginx-ingress': { enabled: false },
          global: { ingress: { class: 'nginx' } },
        },
      },
    ],
    syncPolicy: { automated: false },
    dependsOn: ['minio', 'ingress-nginx', 'cert-manager', 'rook-ceph-cluster'],
    docs: 'https://docs.gitlab.com/charts/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // applications / gateway
  // ---------------------------------------------------------------------------
  {
    name: 'kong',
    title: 'Kong API Gateway',
    domain: 'applications',
    group: 'gateway',
    description:
      'DB-less Kong gateway that acts as the API gateway and service-level load balancer between application services and databases.',
    namespace: 'kong',
    syncWave: 34,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://charts.konghq.com',
        chart: 'kong',
        version: '2.41.0',
        values: {
          env: { database: 'off' },
          ingressController: { enabled: true },
          proxy: { type: 'ClusterIP' },
        },
      },
    ],
    dependsOn: ['cilium', 'cert-manager'],
    docs: 'https://github.com/Kong/charts/tree/main/charts/kong',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // applications / observability
  // ---------------------------------------------------------------------------
  {
    name: 'prometheus',
    title: 'Prometheus (kube-prometheus-stack)',
    domain: 'applications',
    group: 'observability',
    description:
      'Prometheus Operator, Prometheus and exporters that collect metrics at the application, database, container, service and deployment level; Grafana and Alertmanager are separate components.',
    namespace: 'observability',
    syncWave: 30,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://prometheus-community.github.io/helm-charts',
        chart: 'kube-prometheus-stack',
        version: '72.6.2',
        releaseName: 'prometheus',
        values: {
          // The standalone grafana component picks these up through its sidecars.
          grafana: {
            enabled: false,
            forceDeployDatasources: true,
            forceDeployDashboards: true,
          },
          alertmanager: { enabled: false },
          prometheus: {
            prometheusSpec: {
              serviceMonitorSelectorNilUsesHelmValues: false,
              podMonitorSelectorNilUsesHelmValues: false,
              ruleSelectorNilUsesHelmValues: false,
              // The Alertmanager of the alertmanager component.
              alertingEndpoints: [
                {
                  namespace: 'observability',
                  name: 'alertmanager-operated',
                  port: 'web',
                  apiVersion: 'v2',
                },
              ],
            },
          },
        },
      },
    ],
    syncPolicy: { serverSideApply: true },
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'alertmanager',
    title: 'Alertmanager',
    domain: 'applications',
    group: 'observability',
    description:
      'Alertmanager (an Alertmanager resource run by the Prometheus Operator) that deduplicates and groups the alerts of every domain before alert-routing sends them on.',
    namespace: 'observability',
    syncWave: 31,
    sources: [{ type: 'git', path: 'platform/observability/alertmanager' }],
    dependsOn: ['prometheus'],
    docs: 'https://prometheus.io/docs/alerting/latest/alertmanager/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'loki',
    title: 'Grafana Loki',
    domain: 'applications',
    group: 'observability',
    description:
      'Log store for application, container and platform logs, which keeps its chunks in MinIO.',
    namespace: 'observability',
    syncWave: 31,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://grafana.github.io/helm-charts',
        chart: 'loki',
        version: '6.29.0',
        values: {
          loki: {
            schemaConfig: {
              configs: [
                {
                  from: '2024-04-01',
                  store: 'tsdb',
                  object_store: 's3',
                  schema: 'v13',
                  index: { prefix: 'loki_index_', period: '24h' },
                },
              ],
            },
            storage: {
              type: 's3',
              bucketNames: {
                chunks: 'loki-chunks',
                ruler: 'loki-ruler',
                admin: 'loki-admin',
              },
              s3: {
                endpoint: MINIO_S3_ENDPOINT,
                s3ForcePathStyle: true,
                insecure: true,
              },
            },
          },
        },
      },
    ],
    dependsOn: ['minio', 'rook-ceph-cluster'],
    docs: 'https://grafana.com/docs/loki/latest/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'promtail',
    title: 'Promtail',
    domain: 'applications',
    group: 'observability',
    description: 'DaemonSet that ships container and node logs to Loki.',
    namespace: 'observability',
    syncWave: 32,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://grafana.github.io/helm-charts',
        chart: 'promtail',
        version: '6.16.6',
        values: {
          config: {
            clients: [
              {
                url: 'http://loki-gateway.observability.svc/loki/api/v1/push',
              },
            ],
          },
        },
      },
    ],
    dependsOn: ['loki'],
    docs: 'https://grafana.com/docs/loki/latest/send-data/promtail/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'tempo',
    title: 'Grafana Tempo',
    domain: 'applications',
    group: 'observability',
    description:
      'Distributed-tracing backend that stores the traces of the applications so Grafana can show them.',
    namespace: 'observability',
    syncWave: 31,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://grafana.github.io/helm-charts',
        chart: 'tempo',
        version: '1.24.4',
      },
    ],
    dependsOn: ['rook-ceph-cluster'],
    docs: 'https://grafana.com/docs/tempo/latest/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'jaeger',
    title: 'Jaeger',
    domain: 'applications',
    group: 'observability',
    description:
      'All-in-one Jaeger that collects traces from the applications and gives developers the Jaeger UI.',
    namespace: 'observability',
    syncWave: 31,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://jaegertracing.github.io/helm-charts',
        chart: 'jaeger',
        version: '3.4.1',
        values: {
          provisionDataStore: { cassandra: false },
          allInOne: { enabled: true },
          storage: { type: 'memory' },
          agent: { enabled: false },
          collector: { enabled: false },
          query: { enabled: false },
        },
      },
    ],
    dependsOn: ['cilium'],
    docs: 'https://www.jaegertracing.io/docs/',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'grafana',
    title: 'Grafana',
    domain: 'applications',
    group: 'observability',
    description:
      'Dashboards for the metrics, logs and traces of every level; it loads the data sources and dashboards that the other observability components ship.',
    namespace: 'observability',
    syncWave: 32,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://grafana.github.io/helm-charts',
        chart: 'grafana',
        version: '8.9.0',
        values: {
          sidecar: {
            datasources: { enabled: true },
            dashboards: { enabled: true },
          },
          datasources: {
            'datasources.yaml': {
              apiVersion: 1,
              datasources: [
                {
                  name: 'Loki',
                  type: 'loki',
                  access: 'proxy',
                  url: 'http://loki-gateway.observability.svc',
                },
                {
                  name: 'Tempo',
                  type: 'tempo',
                  access: 'proxy',
                  url: 'http://tempo.observability.svc:3100',
                },
              ],
            },
          },
        },
      },
    ],
    dependsOn: ['prometheus', 'loki', 'tempo'],
    docs: 'https://grafana.com/docs/grafana/latest/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // applications / alerting
  // ---------------------------------------------------------------------------
  {
    name: 'alert-routing',
    title: 'Alert routing',
    domain: 'applications',
    group: 'alerting',
    description:
      'Alertmanager routes and receivers that send crashes, errors, over-usage and deployment alerts, with tags, to Slack, email and GitHub issues.',
    namespace: 'observability',
    syncWave: 35,
    sources: [{ type: 'git', path: 'platform/alerting/alert-routing' }],
    dependsOn: ['alertmanager', 'sealed-secrets'],
    docs: 'https://prometheus.io/docs/alerting/latest/configuration/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // workloads / ml-serving
  // ---------------------------------------------------------------------------
  {
    name: 'kuberay-operator',
    title: 'KubeRay operator',
    domain: 'workloads',
    group: 'ml-serving',
    description:
      'KubeRay operator that manages the Ray clusters used as the vLLM backend and for serving, training and data processing.',
    namespace: 'kuberay-system',
    syncWave: 50,
    sources: [
      {
        type: 'helm',
        repoURL: 'https://ray-project.github.io/kuberay-helm/',
        chart: 'kuberay-operator',
        version: '1.4.2',
      },
    ],
    syncPolicy: { serverSideApply: true },
    dependsOn: ['cilium'],
    docs: 'https://docs.ray.io/en/latest/cluster/kubernetes/index.html',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'model-registry',
    title: 'Model registry',
    domain: 'workloads',
    group: 'ml-serving',
    description:
      'In-house, Hugging Face-like store for LLMs and small-to-medium ML models, kept in MinIO; the seeds leave the product open.',
    namespace: 'model-registry',
    syncWave: 50,
    sources: [{ type: 'git', path: 'platform/ml-serving/model-registry' }],
    dependsOn: ['minio', 'ingress-nginx'],
    docs: 'https://huggingface.co/docs/hub/index',
    defaultOwner: 'platform-engineers',
  },
  {
    name: 'vllm',
    title: 'vLLM',
    domain: 'workloads',
    group: 'ml-serving',
    description:
      'Distributed LLM inference with vLLM, run as a Ray Serve application on KubeRay.',
    namespace: 'ml-serving',
    syncWave: 51,
    sources: [{ type: 'git', path: 'platform/ml-serving/vllm' }],
    dependsOn: ['kuberay-operator'],
    docs: 'https://docs.vllm.ai/',
    defaultOwner: 'platform-engineers',
  },

  // ---------------------------------------------------------------------------
  // environments / schedules
  // ---------------------------------------------------------------------------
  {
    name: 'staging-mirror',
    title: 'Staging mirror of production',
    domain: 'environments',
    group: 'schedules',
    description:
      'Scheduled job that re-images the staging cluster from production every 24 hours by default (the interval is configurable) and resets the staging databases to the production mirror.',
    namespace: 'staging-mirror',
    syncWave: 60,
    sources: [{ type: 'git', path: 'platform/schedules/staging-mirror' }],
    dependsOn: ['kubevirt', 'cdi', 'velero', 'postgres'],
    docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/',
    defaultOwner: 'cloud-engineers',
  },
];

const COMPONENTS_BY_NAME: ReadonlyMap<string, CatalogueComponent> = new Map(
  PLATFORM_COMPONENTS.map(component => [component.name, component]),
);

/**
 * Looks a component up by its catalogue name. Surrounding whitespace and
 * case are ignored, so that 'Postgres ' finds 'postgres'.
 */
export function findCatalogueComponent(
  name: string,
): CatalogueComponent | undefined {
  return COMPONENTS_BY_NAME.get(name.trim().toLowerCase());
}
