/**
 * @jest-environment node
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  renderComponentApplication,
  renderNestedCluster,
  serializeFiles,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  makeSealingKeys,
  validClusterRequest,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';

jest.setTimeout(60_000);

const TOKEN = 'ghs_clusters_route_token';
let standin: GitHubStandin;

beforeAll(async () => {
  const created = await renderNestedCluster(
    validClusterRequest({
      name: 'shop-dev',
      workers: { count: 2, size: 'small' },
    }),
    {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: makeSealingKeys().certificatePem,
      joinTokenKey: 'the join token key of the clusters route test',
    },
  );
  const files = Object.fromEntries(
    serializeFiles([
      ...created.files,
      ...renderComponentApplication(DEFAULT_GITOPS_LAYOUT, {
        name: 'postgres',
        owner: 'group:default/app-developers',
      }).files,
    ]),
  );
  files['clusters/dev/broken-dev/cluster-spec.yaml'] =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cluster-spec}\ndata:\n  cluster.yaml: "version: 1\\nname: broken-dev\\nenvironment: dev\\nnodes: []\\n"\n';
  standin = await startGitHubStandin({
    repos: [{ owner: 'proficientnow', name: 'platform-gitops', files }],
    tokens: [TOKEN],
  });
});
afterAll(async () => {
  await standin.close();
});

async function backend() {
  const { server } = await startTestBackend({
    features: [
      gitopsPlugin,
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              { host: 'github.local', apiBaseUrl: standin.url, token: TOKEN },
            ],
          },
          gitops: {
            repository: {
              url: 'https://github.local/proficientnow/platform-gitops',
            },
          },
        },
      }),
    ],
  });
  return server;
}

describe('GET /api/gitops/clusters/:name', () => {
  it('answers the cluster as its record in the repository says, with the commit it was read at', async () => {
    const server = await backend();
    const res = await request(server).get('/api/gitops/clusters/shop-dev');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'shop-dev',
      environment: 'dev',
      owner: 'group:default/app-developers',
      folder: 'clusters/dev/shop-dev',
      revision: await standin
        .repo('proficientnow', 'platform-gitops')
        .headSha('main'),
      channel: '1.32/stable',
      controlPlane: { count: 1, sizeName: 'medium', cpu: 4 },
      workers: { count: 2, sizeName: 'small', cpu: 2, memoryGiB: 4 },
    });
    expect(res.body.nodes.map((n: { name: string }) => n.name)).toEqual([
      'shop-dev-cp-1',
      'shop-dev-worker-1',
      'shop-dev-worker-2',
    ]);
    expect(res.body.nodes[0].address).toBe('192.168.105.21');
  });

  it('404 for a cluster the repository does not hold, 422 naming the field of a record that breaks a rule, 400 for a bad name', async () => {
    const server = await backend();
    const missing = await request(server).get('/api/gitops/clusters/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain(
      'no nested cluster named "nope"',
    );
    const broken = await request(server).get('/api/gitops/clusters/broken-dev');
    expect(broken.status).toBe(422);
    expect(broken.body.error.message).toContain(
      'clusters/dev/broken-dev/cluster-spec.yaml: nodes: must list the nodes of the cluster',
    );
    const bad = await request(server).get('/api/gitops/clusters/Not_A_Name');
    expect(bad.status).toBe(400);
  });
});

describe('GET /api/gitops/components/:name', () => {
  it('answers the component as its Application declares it, with the commit it was read at', async () => {
    const server = await backend();
    const res = await request(server).get('/api/gitops/components/postgres');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'postgres',
      domain: 'applications',
      owner: 'app-developers',
      path: 'argocd/apps/applications/databases/postgres.yaml',
      chart: {
        name: 'cloudnative-pg',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      },
    });
    expect(res.body.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(
      (await request(server).get('/api/gitops/components/nope')).status,
    ).toBe(404);
    // a nested cluster's Application is not a component
    expect(
      (await request(server).get('/api/gitops/components/cluster-shop-dev'))
        .status,
    ).toBe(422);
  });
});
