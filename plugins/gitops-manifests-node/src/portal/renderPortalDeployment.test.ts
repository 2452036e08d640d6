/**
 * @jest-environment node
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { buildComponentApplication } from '../appOfApps/renderComponent';
import { resolveComponentRequest } from '../appOfApps/componentRequest';
import { renderBootstrapTree } from '../appOfApps/renderBootstrapTree';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { isManifestFile, KubeObject, RenderedFile } from '../model';
import { serializeFiles } from '../serialize/yaml';
import { sealingLabel } from '../secrets/sealSecret';
import { validPortalRequest } from '../testUtils/fixtures';
import { makeSealingKeys, unsealValue } from '../testUtils/sealingKeys';
import { assertRenderedValid } from '../validateRendered';
import { ManifestValidator } from '../validation';
import { realTool, run } from '../testUtils/realTools';
import {
  PORTAL_CONFIG_FILE,
  PORTAL_LIVENESS_PATH,
  PORTAL_READINESS_PATH,
  renderPortalDeployment,
} from './renderPortalDeployment';
import { PortalDeploymentRequest } from './request';

jest.setTimeout(60_000);

const keys = makeSealingKeys();
const options = {
  layout: DEFAULT_GITOPS_LAYOUT,
  sealingCertificatePem: keys.certificatePem,
};
const FOLDER = 'platform/gitops/platform-portal';

const existingDatabaseRequest = validPortalRequest({
  database: {
    mode: 'existing',
    host: 'postgres.databases.svc',
    database: 'portal',
    user: 'portal',
  },
  github: { mode: 'token' },
  secrets: {
    backendSecret: 'backend-key-zyxwvutsrqponmlkjihgfedcba9876543',
    authSessionSecret: 'session-key-zyxwvutsrqponmlkjihgfedcba987654',
    oidcClientSecret: 'oidc-secret-for-existing-mode',
    githubToken: 'ghp_existingModeTokenValue0123456789',
    postgresPassword: 'postgres-password-existing-mode',
  },
});

function objects(files: RenderedFile[]): KubeObject[] {
  return files.flatMap(file => (isManifestFile(file) ? file.objects : []));
}

function find(files: RenderedFile[], kind: string): any {
  const found = objects(files).filter(o => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The serialised files with every sealed value replaced, for comparing two renders. */
function withoutSealedValues(files: RenderedFile[]): Map<string, string> {
  const masked = files.map(file =>
    isManifestFile(file)
      ? {
          path: file.path,
          objects: file.objects.map(object =>
            object.kind === 'SealedSecret'
              ? {
                  ...object,
                  spec: {
                    ...(object.spec as any),
                    encryptedData: Object.fromEntries(
                      Object.keys((object.spec as any).encryptedData).map(
                        key => [key, 'sealed'],
                      ),
                    ),
                  },
                }
              : object,
          ),
        }
      : file,
  );
  return serializeFiles(masked);
}

function writeTree(files: Map<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-tree-'));
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('renderPortalDeployment', () => {
  it.each([
    ['a CloudNativePG cluster', validPortalRequest(), true],
    ['an existing database', existingDatabaseRequest, false],
  ])(
    'renders every kind valid against the upstream schemas, with %s',
    async (_what, request, cnpg) => {
      const result = await renderPortalDeployment(
        request as PortalDeploymentRequest,
        options,
      );
      const report = assertRenderedValid(result);
      expect(report.errors).toEqual([]);
      const kinds = objects(result.files).map(o => `${o.apiVersion} ${o.kind}`);
      expect(kinds.sort()).toEqual(
        [
          'v1 Namespace',
          'v1 ServiceAccount',
          'v1 ConfigMap',
          'bitnami.com/v1alpha1 SealedSecret',
          'apps/v1 Deployment',
          'policy/v1 PodDisruptionBudget',
          'v1 Service',
          'networking.k8s.io/v1 Ingress',
          'kustomize.config.k8s.io/v1beta1 Kustomization',
          'argoproj.io/v1alpha1 Application',
          ...(cnpg ? ['postgresql.cnpg.io/v1 Cluster'] : []),
        ].sort(),
      );
      // every kind has a schema of its own: none was waved through
      const supported = ManifestValidator.supportedKinds().map(
        k => `${k.apiVersion} ${k.kind}`,
      );
      expect(kinds.filter(k => !supported.includes(k))).toEqual([]);
      expect(
        result.files.map(f => f.path).filter(p => !p.startsWith(`${FOLDER}/`)),
      ).toEqual(['argocd/apps/infrastructure/gitops/platform-portal.yaml']);
    },
  );

  it('the schemas catch a broken Deployment, Ingress and Cluster, so the check above means something', async () => {
    const result = await renderPortalDeployment(validPortalRequest(), options);
    const deployment = find(result.files, 'Deployment');
    deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFS =
      true;
    deployment.spec.replicas = '2';
    find(result.files, 'Ingress').spec.rules[0].http.paths[0].pathType =
      undefined;
    find(result.files, 'Cluster').spec.instance = 3;
    const validator = new ManifestValidator();
    const errors = objects(result.files).flatMap(o =>
      validator.validateManifest(o),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          object: 'Deployment platform-portal',
          path: '/spec/template/spec/containers/0/securityContext',
          rule: 'must NOT have additional property "readOnlyRootFS"',
        }),
        expect.objectContaining({
          path: '/spec/replicas',
          rule: 'must be integer',
        }),
        expect.objectContaining({
          object: 'Ingress platform-portal',
          path: '/spec/rules/0/http/paths/0',
          rule: 'must have required property "pathType"',
        }),
        expect.objectContaining({
          object: 'Cluster platform-portal-db',
          path: '/spec',
          rule: 'must NOT have additional property "instance"',
        }),
      ]),
    );
  });

  it('hardens the Deployment: replicas, probes, resources, non-root, read-only root, no capabilities, spread over nodes', async () => {
    const result = await renderPortalDeployment(
      validPortalRequest({ replicas: 3 }),
      options,
    );
    const deployment = find(result.files, 'Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({
      maxUnavailable: 0,
      maxSurge: 1,
    });
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/.backstage/health/v1/readiness',
      port: 'http',
      scheme: 'HTTP',
    });
    expect(container.livenessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/liveness',
    );
    expect(PORTAL_READINESS_PATH).toBe('/.backstage/health/v1/readiness');
    expect(PORTAL_LIVENESS_PATH).toBe('/.backstage/health/v1/liveness');
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 7007, protocol: 'TCP' },
    ]);
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '768Mi' },
      limits: { cpu: '2', memory: '1536Mi' },
    });
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    // the only writable path is an emptyDir on /tmp
    const tmpMount = container.volumeMounts.find(
      (m: any) => m.mountPath === '/tmp',
    );
    expect(pod.volumes.find((v: any) => v.name === tmpMount.name)).toEqual({
      name: 'tmp',
      emptyDir: { sizeLimit: '2Gi' },
    });
    expect(
      container.volumeMounts.filter((m: any) => m.mountPath !== '/tmp'),
    ).toEqual([expect.objectContaining({ readOnly: true })]);
    expect(pod.topologySpreadConstraints).toEqual([
      expect.objectContaining({
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
        maxSkew: 1,
        labelSelector: { matchLabels: deployment.spec.selector.matchLabels },
      }),
    ]);
    // the heap limit follows the memory limit (75% of 1536Mi)
    expect(container.env).toContainEqual({
      name: 'NODE_OPTIONS',
      value: '--no-node-snapshot --max-old-space-size=1152',
    });
    // the pods carry the selector's labels, and the PDB and Service select them
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      deployment.spec.selector.matchLabels,
    );
    expect(find(result.files, 'PodDisruptionBudget').spec).toMatchObject({
      maxUnavailable: 1,
      selector: deployment.spec.selector,
    });
    expect(find(result.files, 'Service').spec.selector).toEqual(
      deployment.spec.selector.matchLabels,
    );
    // the namespace enforces the restricted pod security profile
    expect(find(result.files, 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('serves the host over TLS from a cert-manager certificate', async () => {
    const clusterIssuer = await renderPortalDeployment(
      validPortalRequest(),
      options,
    );
    const ingress = find(clusterIssuer.files, 'Ingress');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-production',
    });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([
      {
        hosts: ['portal.platform.proficientnow.example'],
        secretName: 'platform-portal-tls',
      },
    ]);
    expect(ingress.spec.rules[0].host).toBe(
      'portal.platform.proficientnow.example',
    );
    const issuer = await renderPortalDeployment(
      validPortalRequest({
        certificateIssuer: { name: 'internal-ca', kind: 'Issuer' },
      }),
      options,
    );
    expect(find(issuer.files, 'Ingress').metadata.annotations).toEqual({
      'cert-manager.io/issuer': 'internal-ca',
    });
  });

  it('puts the production app-config in the ConfigMap as YAML, with secrets only as environment references', async () => {
    const result = await renderPortalDeployment(validPortalRequest(), options);
    const configMap = find(result.files, 'ConfigMap');
    const config = parse(configMap.data[PORTAL_CONFIG_FILE]);
    expect(config).toEqual(result.appConfig);
    expect(config).toMatchObject({
      app: { baseUrl: 'https://portal.platform.proficientnow.example' },
      backend: {
        baseUrl: 'https://portal.platform.proficientnow.example',
        database: {
          client: 'pg',
          pluginDivisionMode: 'schema',
          connection: {
            host: 'platform-portal-db-rw.platform-portal.svc',
            user: 'backstage',
            database: 'backstage',
            password: '${POSTGRES_PASSWORD}',
          },
        },
      },
      auth: {
        providers: {
          oidc: {
            production: {
              clientId: 'platform-portal',
              clientSecret: '${AUTHENTIK_CLIENT_SECRET}',
            },
          },
        },
      },
      integrations: {
        github: [
          {
            host: 'github.com',
            apps: [
              expect.objectContaining({
                appId: 123456,
                privateKey: '${GITHUB_APP_PRIVATE_KEY}',
              }),
            ],
          },
        ],
      },
      gitops: { sealing: { certificate: keys.certificatePem } },
    });
    // the password of a CloudNativePG cluster comes from the operator's Secret
    const container = find(result.files, 'Deployment').spec.template.spec
      .containers[0];
    expect(container.env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: {
        secretKeyRef: { name: 'platform-portal-db-app', key: 'password' },
      },
    });
    expect(container.command.slice(-2)).toEqual([
      '--config',
      '/etc/platform-portal/app-config.platform.yaml',
    ]);
    const cluster = find(result.files, 'Cluster');
    expect(cluster.spec).toMatchObject({
      instances: 3,
      storage: { storageClass: 'ceph-rbd', size: '20Gi' },
      bootstrap: { initdb: { database: 'backstage', owner: 'backstage' } },
    });
  });

  it.each([
    ['a CloudNativePG cluster', validPortalRequest()],
    ['an existing database', existingDatabaseRequest],
  ])(
    'never writes a secret in clear, and seals exactly the given values (%s)',
    async (_what, request) => {
      const result = await renderPortalDeployment(request, options);
      const serialized = [...serializeFiles(result.files).values()].join('\n');
      const secretValues = Object.values(request.secrets);
      expect(secretValues.length).toBeGreaterThan(3);
      for (const value of secretValues) {
        for (const form of [
          value,
          Buffer.from(value!).toString('base64'),
          value!.split('\n')[1] ?? value,
        ]) {
          expect({ found: serialized.includes(form!) }).toEqual({
            found: false,
          });
        }
      }
      const sealed = find(result.files, 'SealedSecret');
      const label = sealingLabel(
        'strict',
        sealed.metadata.namespace,
        sealed.metadata.name,
      );
      const unsealed = Object.fromEntries(
        Object.entries(sealed.spec.encryptedData as Record<string, string>).map(
          ([key, value]) => [
            key,
            unsealValue(keys.privateKeyPem, label, value),
          ],
        ),
      );
      const s = request.secrets;
      expect(unsealed).toEqual({
        BACKEND_SECRET: s.backendSecret,
        AUTH_SESSION_SECRET: s.authSessionSecret,
        AUTHENTIK_CLIENT_SECRET: s.oidcClientSecret,
        ...(s.githubToken ? { GITHUB_TOKEN: s.githubToken } : {}),
        ...(s.githubAppPrivateKey
          ? {
              GITHUB_APP_PRIVATE_KEY: s.githubAppPrivateKey,
              GITHUB_APP_CLIENT_SECRET: s.githubAppClientSecret,
              GITHUB_APP_WEBHOOK_SECRET: s.githubAppWebhookSecret,
            }
          : {}),
        ...(s.postgresPassword
          ? { POSTGRES_PASSWORD: s.postgresPassword }
          : {}),
      });
      // the Deployment reads them all from that Secret
      const container = find(result.files, 'Deployment').spec.template.spec
        .containers[0];
      expect(container.envFrom).toEqual([
        { secretRef: { name: sealed.metadata.name } },
      ]);
    },
  );

  it('gives an existing database password Secret to the backend without sealing a password', async () => {
    const result = await renderPortalDeployment(
      {
        ...existingDatabaseRequest,
        database: {
          mode: 'existing',
          host: 'db.example.org',
          port: 6432,
          database: 'portal',
          user: 'portal',
          passwordSecret: { name: 'portal-db', key: 'password' },
        },
        secrets: {
          ...existingDatabaseRequest.secrets,
          postgresPassword: undefined,
        },
      },
      options,
    );
    const container = find(result.files, 'Deployment').spec.template.spec
      .containers[0];
    expect(container.env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'portal-db', key: 'password' } },
    });
    expect(
      Object.keys(find(result.files, 'SealedSecret').spec.encryptedData),
    ).not.toContain('POSTGRES_PASSWORD');
    expect((result.appConfig as any).backend.database.connection).toMatchObject(
      { host: 'db.example.org', port: 6432, database: 'portal' },
    );
  });

  it('gives the portal the same Argo CD Application in the infrastructure domain as every other component', async () => {
    const result = await renderPortalDeployment(validPortalRequest(), options);
    const applicationFile = result.files.find(
      f => f.path === result.applicationPath,
    )!;
    expect(result.applicationPath).toBe(
      'argocd/apps/infrastructure/gitops/platform-portal.yaml',
    );
    const expected = buildComponentApplication(
      DEFAULT_GITOPS_LAYOUT,
      resolveComponentRequest({
        name: 'platform-portal',
        owner: 'group:default/platform-engineers',
      }),
    );
    expect(isManifestFile(applicationFile) && applicationFile.objects).toEqual([
      expected,
    ]);
    expect((expected.spec as any).source).toEqual({
      repoURL: DEFAULT_GITOPS_LAYOUT.repoURL,
      path: FOLDER,
      targetRevision: 'main',
    });
    // and the bootstrap tree holds the very same file
    const bootstrap = serializeFiles(
      renderBootstrapTree(DEFAULT_GITOPS_LAYOUT),
    );
    expect(bootstrap.get(result.applicationPath)).toBe(
      serializeFiles([applicationFile]).get(result.applicationPath),
    );
  });

  it('gives the same bytes for the same request, sealed values aside', async () => {
    const first = await renderPortalDeployment(validPortalRequest(), options);
    const second = await renderPortalDeployment(validPortalRequest(), options);
    expect(withoutSealedValues(second.files)).toEqual(
      withoutSealedValues(first.files),
    );
    // and a changed app-config rolls the pods
    const changed = await renderPortalDeployment(
      validPortalRequest({
        hostname: 'portal2.platform.proficientnow.example',
      }),
      options,
    );
    const checksum = (files: RenderedFile[]) =>
      find(files, 'Deployment').spec.template.metadata.annotations[
        'checksum/app-config'
      ];
    expect(checksum(first.files)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(changed.files)).not.toBe(checksum(first.files));
  });

  it('refuses to render without a sealing certificate', async () => {
    await expect(
      renderPortalDeployment(validPortalRequest(), {
        layout: DEFAULT_GITOPS_LAYOUT,
        sealingCertificatePem: '',
      }),
    ).rejects.toThrow(/no sealing certificate/);
  });
});

describe('the rendered portal against the real tools', () => {
  it('kubectl kustomize builds the portal folder with every object in it', async () => {
    if (!realTool('kubectl')) return;
    const result = await renderPortalDeployment(validPortalRequest(), options);
    const tree = serializeFiles(result.files);
    const dir = writeTree(tree);
    try {
      const { code, output } = run('kubectl', [
        'kustomize',
        path.join(dir, FOLDER),
      ]);
      expect({ code, output: code === 0 ? '' : output }).toEqual({
        code: 0,
        output: '',
      });
      const built = parseAllDocuments(output).map(d => d.toJS());
      const expected = [...tree]
        .filter(
          ([file]) =>
            file.startsWith(`${FOLDER}/`) &&
            !file.endsWith('kustomization.yaml'),
        )
        .flatMap(([, content]) =>
          parseAllDocuments(content).map(d => d.toJS()),
        );
      expect(built.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
        expected.map(o => `${o.kind}/${o.metadata.name}`).sort(),
      );
      expect(built).toHaveLength(9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
