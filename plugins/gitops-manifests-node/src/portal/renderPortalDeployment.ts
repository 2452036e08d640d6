import { LABELS, MANAGED_BY } from '../appOfApps/applications';
import { renderComponentApplication } from '../appOfApps/renderComponent';
import { findCatalogueComponent } from '../catalogue/components';
import { PlatformAddresses } from '../catalogue/platformAddresses';
import { GitOpsLayout } from '@proficientnow/backstage-plugin-gitops-common';
import { KubeObject, RenderedFile, SealedPlaintext } from '../model';
import { groupName } from '../requests/fieldRules';
import { sealSecret } from '../secrets/sealSecret';
import { toYaml } from '../serialize/yaml';
import {
  buildPortalAppConfig,
  CNPG_DATABASE,
  CNPG_OWNER,
  PORTAL_BACKEND_PORT,
  PORTAL_SECRET_ENV,
} from './appConfig';
import {
  memoryBytes,
  PortalDeploymentRequest,
  PortalSecrets,
  resolvePortalDeploymentRequest,
  ResolvedPortalDeployment,
} from './request';

/** The portal's name in the catalogue, the bundled catalog and the cluster. */
export const PORTAL_COMPONENT_NAME = 'platform-portal';

/** Backstage's root health endpoints (coreServices.rootHealth, served by the root HTTP router). */
export const PORTAL_READINESS_PATH = '/.backstage/health/v1/readiness';
export const PORTAL_LIVENESS_PATH = '/.backstage/health/v1/liveness';

/** Where the platform app-config is mounted, and the file name inside the ConfigMap. */
export const PORTAL_CONFIG_DIR = '/etc/platform-portal';
export const PORTAL_CONFIG_FILE = 'app-config.platform.yaml';

/** UID and GID of the `node` user of the official Node.js images the backend image is built on. */
export const PORTAL_RUN_AS_USER = 1000;

export interface RenderPortalDeploymentOptions {
  layout: GitOpsLayout;
  /** The sealed-secrets controller's certificate (PEM). Required: secrets never reach Git in clear. */
  sealingCertificatePem: string;
  /** Platform addresses for references in catalogue values; default DEFAULT_PLATFORM_ADDRESSES. */
  addresses?: Partial<PlatformAddresses>;
}

export interface PortalObjectNames {
  deployment: string;
  serviceAccount: string;
  service: string;
  ingress: string;
  podDisruptionBudget: string;
  configMap: string;
  sealedSecret: string;
  tlsSecret: string;
  databaseCluster: string;
}

export interface PortalDeploymentRenderResult {
  portal: ResolvedPortalDeployment;
  names: PortalObjectNames;
  /** Folder of the portal's manifests: the catalogue component's Git path. */
  folder: string;
  applicationPath: string;
  /** The platform app-config in the ConfigMap, as data. */
  appConfig: Record<string, unknown>;
  files: RenderedFile[];
  sealedPlaintexts: SealedPlaintext[];
  embedded: [];
}

function objectNames(): PortalObjectNames {
  const name = PORTAL_COMPONENT_NAME;
  return {
    deployment: name,
    serviceAccount: name,
    service: name,
    ingress: name,
    podDisruptionBudget: name,
    configMap: `${name}-app-config`,
    sealedSecret: `${name}-secrets`,
    tlsSecret: `${name}-tls`,
    databaseCluster: `${name}-db`,
  };
}

/** Plaintext values by the environment variable the backend reads them from. */
function secretEnvironment(secrets: PortalSecrets): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, variable] of Object.entries(PORTAL_SECRET_ENV)) {
    const value = secrets[key as keyof PortalSecrets];
    if (value !== undefined) data[variable] = value;
  }
  return data;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(text),
  );
  return Array.from(new Uint8Array(digest), b =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

function postgresPasswordEnv(
  portal: ResolvedPortalDeployment,
  names: PortalObjectNames,
): Record<string, unknown> | undefined {
  const database = portal.database;
  if (database.mode === 'cloudnative-pg') {
    // CloudNativePG keeps the owner's credentials in <cluster>-app
    return {
      name: PORTAL_SECRET_ENV.postgresPassword,
      valueFrom: {
        secretKeyRef: { name: `${names.databaseCluster}-app`, key: 'password' },
      },
    };
  }
  if (database.passwordSecret) {
    return {
      name: PORTAL_SECRET_ENV.postgresPassword,
      valueFrom: {
        secretKeyRef: {
          name: database.passwordSecret.name,
          key: database.passwordSecret.key,
        },
      },
    };
  }
  return undefined; // sealed with the other secrets, read through envFrom
}

function deployment(
  portal: ResolvedPortalDeployment,
  names: PortalObjectNames,
  labels: Record<string, string>,
  selector: Record<string, string>,
  configChecksum: string,
): KubeObject {
  const memoryLimitMiB = Math.floor(
    memoryBytes(portal.resources.limits.memory)! / 2 ** 20,
  );
  const passwordEnv = postgresPasswordEnv(portal, names);
  const probe = (path: string) => ({
    httpGet: { path, port: 'http', scheme: 'HTTP' },
    timeoutSeconds: 5,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: names.deployment, namespace: portal.namespace, labels },
    spec: {
      replicas: portal.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      // never fewer ready replicas than asked for during a rollout
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      },
      template: {
        metadata: {
          labels,
          // a changed app-config rolls the pods; the Deployment alone would not notice
          annotations: { 'checksum/app-config': configChecksum },
        },
        spec: {
          serviceAccountName: names.serviceAccount,
          // the backend talks to clusters with the credentials in its config, not its own token
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: PORTAL_RUN_AS_USER,
            runAsGroup: PORTAL_RUN_AS_USER,
            fsGroup: PORTAL_RUN_AS_USER,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          // one replica per node, so losing a node never loses the portal
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: selector },
              matchLabelKeys: ['pod-template-hash'],
            },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchLabels: selector },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: 'backend',
              image: portal.image,
              imagePullPolicy: 'IfNotPresent',
              command: [
                'node',
                'packages/backend',
                '--config',
                'app-config.yaml',
                '--config',
                'app-config.production.yaml',
                '--config',
                `${PORTAL_CONFIG_DIR}/${PORTAL_CONFIG_FILE}`,
              ],
              ports: [
                {
                  name: 'http',
                  containerPort: PORTAL_BACKEND_PORT,
                  protocol: 'TCP',
                },
              ],
              env: [
                {
                  name: 'NODE_OPTIONS',
                  // the heap stays below the container's memory limit instead of being OOM-killed
                  value: `--no-node-snapshot --max-old-space-size=${Math.floor(
                    memoryLimitMiB * 0.75,
                  )}`,
                },
                ...(passwordEnv ? [passwordEnv] : []),
              ],
              envFrom: [{ secretRef: { name: names.sealedSecret } }],
              // migrations on the first start can take a while; liveness waits for them
              startupProbe: {
                ...probe(PORTAL_LIVENESS_PATH),
                periodSeconds: 10,
                failureThreshold: 30,
              },
              readinessProbe: {
                ...probe(PORTAL_READINESS_PATH),
                periodSeconds: 10,
                failureThreshold: 3,
              },
              livenessProbe: {
                ...probe(PORTAL_LIVENESS_PATH),
                periodSeconds: 20,
                failureThreshold: 3,
              },
              resources: {
                requests: { ...portal.resources.requests },
                limits: { ...portal.resources.limits },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: PORTAL_RUN_AS_USER,
                runAsGroup: PORTAL_RUN_AS_USER,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [
                // scaffolder workspaces and other temporary files: the only writable path
                { name: 'tmp', mountPath: '/tmp' },
                {
                  name: 'app-config',
                  mountPath: PORTAL_CONFIG_DIR,
                  readOnly: true,
                },
              ],
            },
          ],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: '2Gi' } },
            { name: 'app-config', configMap: { name: names.configMap } },
          ],
        },
      },
    },
  };
}

function databaseCluster(
  portal: ResolvedPortalDeployment,
  names: PortalObjectNames,
  labels: Record<string, string>,
): KubeObject | undefined {
  const database = portal.database;
  if (database.mode !== 'cloudnative-pg') return undefined;
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: {
      name: names.databaseCluster,
      namespace: portal.namespace,
      labels: { ...labels, 'app.kubernetes.io/component': 'database' },
      // the CRD comes with the CloudNativePG operator; skip the dry run while it is missing
      annotations: {
        'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
      },
    },
    spec: {
      // CloudNativePG's defaults do the rest: superuser access off, primary
      // updated by the operator (unsupervised), the owner's Secret <name>-app
      instances: database.instances,
      bootstrap: {
        initdb: { database: CNPG_DATABASE, owner: CNPG_OWNER },
      },
      storage: { storageClass: database.storageClass, size: database.size },
      affinity: {
        enablePodAntiAffinity: true,
        topologyKey: 'kubernetes.io/hostname',
        podAntiAffinityType: 'preferred',
      },
    },
  };
}

/**
 * Renders the portal itself as a platform component: its namespace,
 * ServiceAccount, platform app-config (ConfigMap), sealed secrets,
 * Deployment (at least two hardened replicas, probed on Backstage's health
 * endpoints), PodDisruptionBudget, Service, Ingress with a cert-manager
 * certificate, a CloudNativePG cluster when asked for, the kustomization,
 * and the Argo CD Application of the catalogue component `platform-portal`
 * in the infrastructure domain. Checks the request first: a bad one renders
 * nothing. The same request gives the same bytes, sealed values aside.
 */
export async function renderPortalDeployment(
  request: PortalDeploymentRequest,
  options: RenderPortalDeploymentOptions,
): Promise<PortalDeploymentRenderResult> {
  const portal = resolvePortalDeploymentRequest(request);
  if (!options.sealingCertificatePem) {
    throw new Error(
      "no sealing certificate: configure the sealed-secrets controller's certificate so the portal's secrets can be sealed",
    );
  }
  const layout = options.layout;
  const component = findCatalogueComponent(PORTAL_COMPONENT_NAME);
  const gitSource = component?.sources.find(source => source.type === 'git');
  if (!component || !gitSource || gitSource.type !== 'git') {
    throw new Error(
      `the catalogue has no ${PORTAL_COMPONENT_NAME} component with a Git source`,
    );
  }
  const folder = gitSource.path;
  const names = objectNames();
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': PORTAL_COMPONENT_NAME,
    'app.kubernetes.io/instance': PORTAL_COMPONENT_NAME,
    'app.kubernetes.io/part-of': PORTAL_COMPONENT_NAME,
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.component]: PORTAL_COMPONENT_NAME,
    [LABELS.owner]: groupName(portal.owner),
    // the bundled catalog's platform-portal component finds its pods by this label
    'backstage.io/kubernetes-id': PORTAL_COMPONENT_NAME,
  };
  const backendLabels = { ...labels, 'app.kubernetes.io/component': 'backend' };
  const selector = {
    'app.kubernetes.io/name': PORTAL_COMPONENT_NAME,
    'app.kubernetes.io/component': 'backend',
  };
  const namespace = portal.namespace;

  const appConfig = buildPortalAppConfig(
    portal,
    names,
    options.sealingCertificatePem,
  );
  const appConfigYaml = toYaml(appConfig);
  const secretData = secretEnvironment(portal.secrets);

  const files: RenderedFile[] = [];
  const resources: string[] = [];
  const add = (file: string, ...objects: KubeObject[]) => {
    files.push({ path: `${folder}/${file}`, objects });
    resources.push(file);
  };

  add('namespace.yaml', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        ...labels,
        // every pod here (the backend and CloudNativePG's) meets the restricted profile
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  });
  add('serviceaccount.yaml', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: names.serviceAccount, namespace, labels },
    automountServiceAccountToken: false,
  });
  add('configmap.yaml', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: names.configMap, namespace, labels },
    data: { [PORTAL_CONFIG_FILE]: appConfigYaml },
  });
  add(
    'secrets.yaml',
    await sealSecret({
      name: names.sealedSecret,
      namespace,
      data: secretData,
      certificatePem: options.sealingCertificatePem,
      labels,
    }),
  );
  const cluster = databaseCluster(portal, names, labels);
  if (cluster) add('database.yaml', cluster);
  add(
    'deployment.yaml',
    deployment(
      portal,
      names,
      backendLabels,
      selector,
      await sha256Hex(appConfigYaml),
    ),
  );
  add('poddisruptionbudget.yaml', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: names.podDisruptionBudget, namespace, labels },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selector },
      // a crash-looping pod must not block draining its node
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
  add('service.yaml', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: names.service, namespace, labels: backendLabels },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  });
  const issuerAnnotation =
    portal.certificateIssuer.kind === 'ClusterIssuer'
      ? 'cert-manager.io/cluster-issuer'
      : 'cert-manager.io/issuer';
  add('ingress.yaml', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: names.ingress,
      namespace,
      labels,
      // cert-manager's ingress-shim issues the certificate into the tls Secret below
      annotations: { [issuerAnnotation]: portal.certificateIssuer.name },
    },
    spec: {
      ingressClassName: portal.ingressClassName,
      tls: [{ hosts: [portal.hostname], secretName: names.tlsSecret }],
      rules: [
        {
          host: portal.hostname,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: names.service, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  });
  files.push({
    path: `${folder}/kustomization.yaml`,
    objects: [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        metadata: { name: PORTAL_COMPONENT_NAME },
        resources,
      },
    ],
  });

  const application = renderComponentApplication(
    layout,
    {
      name: PORTAL_COMPONENT_NAME,
      owner: portal.owner,
      ...(namespace !== component.namespace ? { namespace } : {}),
    },
    options.addresses,
  );
  files.push(...application.files);

  const sealedPlaintexts: SealedPlaintext[] = Object.entries(secretData).map(
    ([key, value]) => ({
      sealedInto: `SealedSecret ${names.sealedSecret}`,
      key,
      format: 'opaque',
      value,
    }),
  );
  return {
    portal,
    names,
    folder,
    applicationPath: application.files[0].path,
    appConfig,
    files,
    sealedPlaintexts,
    embedded: [],
  };
}
