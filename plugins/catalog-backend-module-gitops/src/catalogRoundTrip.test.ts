/**
 * Round trip through the real catalog: files written by the generators,
 * read by the provider, become entities with the relations a person clicks
 * through (cluster -> environment, cluster -> owner), and the kubernetes
 * backend's catalog cluster locator finds the nested cluster.
 *
 * @jest-environment node
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  renderBootstrapTree,
  renderNestedCluster,
  serializeFiles,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import {
  makeSealingKeys,
  validClusterRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '@internal/test-support';
import gitopsProvider from './index';
import { manualScheduler } from './__testUtils__/manualScheduler';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');

it('a generated nested cluster shows up in the catalog with its environment, owner and kubernetes cluster', async () => {
  const checkout = mkdtempSync(path.join(os.tmpdir(), 'gitops-checkout-'));
  const cluster = await renderNestedCluster(
    validClusterRequest({ name: 'payments-dev' }),
    {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: makeSealingKeys().certificatePem,
    },
  );
  const files = serializeFiles([
    ...renderBootstrapTree(DEFAULT_GITOPS_LAYOUT),
    ...cluster.files,
  ]);
  // the follow-up change that records the cluster's CA once MicroK8s made it
  const namespaceFile = `${cluster.folder}/namespace.yaml`;
  files.set(
    namespaceFile,
    files
      .get(namespaceFile)!
      .replace(
        '    platform.proficientnow.io/api-server-address:',
        `    platform.proficientnow.io/api-server-ca: ${Buffer.from(
          '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        ).toString(
          'base64',
        )}\n    platform.proficientnow.io/api-server-address:`,
      ),
  );
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    writeFileSync(path.join(checkout, file), content);
  }
  // tasks run when the test plays an interval of the schedule
  const scheduler = manualScheduler();
  const nextInterval = () => scheduler.next('gitops-entity-provider:refresh');
  const { server } = await startTestBackend({
    features: [
      scheduler.factory,
      catalogPlugin,
      gitopsProvider,
      kubernetesPlugin,
      mockServices.rootConfig.factory({
        data: {
          gitops: {
            repository: {
              url: 'https://github.local/proficientnow/platform-gitops',
            },
            catalog: {
              localPath: checkout,
              schedule: { frequency: { seconds: 2 }, timeout: { seconds: 30 } },
            },
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            // the nested clusters' API names live on the platform's private zone
            clusterLocatorMethods: [
              {
                type: 'catalog',
                dangerouslyAllowClusterUrls: [
                  '*.clusters.proficientnow.internal',
                ],
              },
            ],
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Group',
                  'User',
                  'Component',
                  'Location',
                  'System',
                  'Domain',
                  'Resource',
                ],
              },
            ],
            locations: [
              'org/groups.yaml',
              'platform/environments.yaml',
              'platform/systems.yaml',
              'platform/domains.yaml',
            ].map(file => ({
              type: 'file',
              target: path.join(repoRoot, 'catalog', file),
            })),
          },
        },
      }),
    ],
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { Authorization: mockCredentials.user.header() };
  try {
    const entity = await waitFor(
      'the cluster entity with relations',
      async () => {
        await nextInterval();
        const res = await fetch(
          `${base}/api/catalog/entities/by-name/resource/default/payments-dev`,
          { headers },
        );
        if (res.status !== 200) return undefined;
        const body = await res.json();
        // relations point only at entities the catalog holds: the environment
        // arrives from its file location, and the next refresh links it
        return body.relations?.some((r: any) => r.type === 'partOf')
          ? body
          : undefined;
      },
    );
    expect(entity.relations).toEqual(
      expect.arrayContaining([
        { type: 'dependsOn', targetRef: 'resource:default/dev' },
        { type: 'ownedBy', targetRef: 'group:default/app-developers' },
        { type: 'partOf', targetRef: 'system:default/nested-clusters' },
      ]),
    );
    // the other end of the graph: the environment lists the cluster
    const dev = await waitFor(
      'the dev environment listing the cluster',
      async () => {
        const res = await fetch(
          `${base}/api/catalog/entities/by-name/resource/default/dev`,
          { headers },
        );
        const body = res.status === 200 ? await res.json() : undefined;
        return body?.relations?.some(
          (r: any) => r.targetRef === 'resource:default/payments-dev',
        )
          ? body
          : undefined;
      },
    );
    expect(dev.relations).toContainEqual({
      type: 'dependencyOf',
      targetRef: 'resource:default/payments-dev',
    });

    // the kubernetes backend's catalog locator sees the merged cluster without any config edit
    const clusters = await waitFor(
      'the kubernetes backend to list a cluster',
      async () => {
        const res = await fetch(`${base}/api/kubernetes/clusters`, { headers });
        if (res.status !== 200) return undefined;
        const body = await res.json();
        return body.items?.length ? body.items : undefined;
      },
    );
    expect(clusters).toContainEqual(
      expect.objectContaining({ name: 'payments-dev', authProvider: 'oidc' }),
    );
  } finally {
    await server.stop();
    rmSync(checkout, { recursive: true, force: true });
  }
});
