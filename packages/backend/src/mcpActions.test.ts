/**
 * The portal's actions through a real MCP client: the MCP actions backend
 * serves the actions of infra-health and gitops (backend.actions.pluginSources)
 * at /api/mcp-actions/v1, and the SDK's Client, over the Streamable HTTP
 * transport with a signed-in user's token, lists and calls them against the
 * Kubernetes and GitHub stand-ins. Permissions are decided by the portal's
 * own policy for whoever the token names.
 *
 * @jest-environment node
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import {
  KubernetesStandin,
  NESTED_CLUSTER_MISSING_RESOURCES,
  nestedCluster,
  platformCluster,
  startKubernetesStandin,
} from '@internal/kubernetes-standin';
import { waitFor } from '@internal/test-support';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import gitopsPlugin from '@proficientnow/backstage-plugin-gitops-backend';
import {
  makeSealingKeys,
  sshEd25519Key,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import infraHealthPlugin from '@proficientnow/backstage-plugin-infra-health-backend';
import { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import {
  PlatformPermissionPolicy,
  readPlatformPolicyOptions,
} from './permissions/PlatformPermissionPolicy';

jest.setTimeout(120_000);

const OWNER = 'proficientnow';
const REPO = 'platform-gitops';
const GITHUB_TOKEN = 'ghs_mcp_actions_portal_token';
const TOKENS = { platform: 'platform-sa-mcp', shopProd: 'shop-prod-sa-mcp' };
const LENA = 'user:default/lena.dev';
const PRIYA = 'user:default/priya.platform';
/** Group memberships as the sign-in resolver puts them in a user's token. */
const OWNERSHIP: Record<string, string[]> = {
  [LENA]: [LENA, 'group:default/app-developers'],
  [PRIYA]: [PRIYA, 'group:default/platform-engineers'],
};

const OUR_TOOLS = [
  'gitops.list-pending-changes',
  'gitops.list-recent-changes',
  'gitops.render-cluster-dry-run',
  'gitops.render-component-dry-run',
  'infra-health.get-cluster-health',
  'infra-health.get-fleet-health',
];

const entity = (kind: 'User' | 'Group', name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: kind === 'Group' ? { type: 'team', children: [] } : {},
});

/** Every permission decided by the portal's policy for the user the credentials name. */
function permissionsDecidedByPolicy() {
  const policy = new PlatformPermissionPolicy(
    readPlatformPolicyOptions(new ConfigReader({})),
  );
  return mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      Promise.all(
        requests.map(async ({ permission }): Promise<PolicyDecision> => {
          const principal = credentials.principal as { userEntityRef?: string };
          const ref = principal.userEntityRef;
          const decision = await policy.handle(
            { permission } as any,
            ref
              ? ({
                  info: {
                    userEntityRef: ref,
                    ownershipEntityRefs: OWNERSHIP[ref] ?? [ref],
                  },
                } as any)
              : undefined,
          );
          // no action here asks about an entity: a conditional answer does not allow
          return decision.result === AuthorizeResult.CONDITIONAL
            ? { result: AuthorizeResult.DENY }
            : decision;
        }),
      ) as any,
  }).factory;
}

let github: GitHubStandin;
let kube: KubernetesStandin;
let mcpUrl: URL;
const clients: Client[] = [];

/** An MCP client connected as this user (their token as the bearer), as Claude Desktop or Cursor would be. */
async function connectAs(user: string): Promise<Client> {
  const client = new Client({ name: 'mcp-actions-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(mcpUrl, {
      requestInit: {
        headers: {
          Authorization: `Bearer ${mockCredentials.user.token(user)}`,
        },
      },
    }),
  );
  clients.push(client);
  return client;
}

/** Calls a tool and returns its structured answer; a tool error fails the test with its text. */
async function call(client: Client, name: string, args: object = {}) {
  const result = await client.callTool({ name, arguments: { ...args } });
  if (result.isError)
    throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result.structuredContent as any;
}

/** The text of a tool's error answer. */
async function refusal(client: Client, name: string, args: object) {
  const result = await client.callTool({ name, arguments: { ...args } });
  expect(result.isError).toBe(true);
  return (result.content as Array<{ text: string }>)[0].text;
}

const clusterRequest = (overrides: object = {}) => ({
  name: 'payments-dev',
  environment: 'dev',
  owner: 'group:default/app-developers',
  controlPlaneCount: 1,
  controlPlaneSize: 'medium',
  workerCount: 5,
  workerSize: 'small',
  sshPublicKeys: sshEd25519Key(),
  ...overrides,
});

beforeAll(async () => {
  github = await startGitHubStandin({
    repos: [{ owner: OWNER, name: REPO, files: { 'README.md': '# gitops\n' } }],
    tokens: [GITHUB_TOKEN],
  });
  kube = await startKubernetesStandin({
    clusters: [
      { name: 'platform', token: TOKENS.platform, objects: platformCluster() },
      {
        name: 'shop-prod',
        token: TOKENS.shopProd,
        objects: nestedCluster('shop-prod', { degraded: true }),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
    ],
  });
  const keys = makeSealingKeys();
  const { server } = await startTestBackend({
    features: [
      mcpActionsPlugin,
      infraHealthPlugin,
      gitopsPlugin,
      // the real scheduler: the health collection runs at once and keeps running
      schedulerServiceFactory,
      permissionsDecidedByPolicy(),
      catalogServiceMock.factory({
        entities: [
          entity('User', 'lena.dev'),
          entity('User', 'priya.platform'),
          entity('Group', 'app-developers'),
          entity('Group', 'platform-engineers'),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { actions: { pluginSources: ['infra-health', 'gitops'] } },
          integrations: {
            github: [
              {
                host: 'github.local',
                apiBaseUrl: github.url,
                token: GITHUB_TOKEN,
              },
            ],
          },
          gitops: {
            repository: { url: `https://github.local/${OWNER}/${REPO}` },
            sealing: { certificate: keys.certificatePem },
            changes: { signingKey: 'the mcp actions test signing key' },
            tracking: { enabled: false },
          },
          infraHealth: {
            schedule: {
              frequency: { seconds: 1 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 0 },
            },
            clusters: [
              {
                name: 'platform',
                environment: 'platform',
                url: kube.clusterUrl('platform'),
                token: TOKENS.platform,
              },
              {
                name: 'shop-prod',
                environment: 'prod',
                url: kube.clusterUrl('shop-prod'),
                token: TOKENS.shopProd,
              },
            ],
            catalog: { enabled: false },
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  mcpUrl = new URL(`http://127.0.0.1:${port}/api/mcp-actions/v1`);
});

afterAll(async () => {
  await Promise.all(clients.map(c => c.close()));
  // the test backend stops itself after the file
  const violations = github?.violations() ?? [];
  await Promise.all([github?.close(), kube?.close()]);
  if (violations.length)
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations)}`,
    );
});

describe('the portal actions through an MCP client', () => {
  it('lists our actions as tools, with their descriptions', async () => {
    const client = await connectAs(LENA);
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual(OUR_TOOLS);
    const byName = Object.fromEntries(tools.map(t => [t.name, t]));
    expect(byName['infra-health.get-fleet-health'].description).toMatch(
      /is prod healthy/,
    );
    expect(byName['gitops.render-cluster-dry-run'].description).toMatch(
      /without opening anything/,
    );
    expect(byName['gitops.render-cluster-dry-run'].annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    // the scaffolder's field rules, for the model to fill the request in
    expect(
      Object.keys(
        byName['gitops.render-cluster-dry-run'].inputSchema.properties ?? {},
      ),
    ).toEqual(expect.arrayContaining(['name', 'environment', 'workerCount']));
  });

  it('answers "is prod healthy?" from the fleet and one cluster with its checks', async () => {
    const client = await connectAs(LENA);
    const fleet = await waitFor(
      'both clusters collected',
      async () => {
        const answer = await call(client, 'infra-health.get-fleet-health');
        return answer.clusters.length === 2 ? answer : undefined;
      },
      30_000,
    );
    // the degraded nested cluster the stand-in serves: Ceph warning, a Cilium agent down
    const byName = Object.fromEntries(
      fleet.clusters.map((c: any) => [c.cluster, c]),
    );
    expect(byName['shop-prod']).toMatchObject({
      environment: 'prod',
      status: 'warning',
      reachable: true,
    });
    expect(
      Object.fromEntries(
        byName['shop-prod'].subsystems.map((s: any) => [s.subsystem, s.status]),
      ),
    ).toMatchObject({ ceph: 'warning', cilium: 'warning', nodes: 'ok' });
    // the platform cluster: one Argo CD Application out of sync
    expect(byName.platform).toMatchObject({
      environment: 'platform',
      status: 'warning',
      reason: 'Argo CD: 8 Applications; out of sync: nested-clusters',
    });
    expect(fleet.counts).toEqual({
      ok: 0,
      warning: 2,
      critical: 0,
      unknown: 0,
    });

    const cluster = await call(client, 'infra-health.get-cluster-health', {
      cluster: 'shop-prod',
    });
    const ceph = cluster.subsystems.find((s: any) => s.subsystem === 'ceph');
    expect(ceph.status).toBe('warning');
    expect(ceph.checks.length).toBeGreaterThan(0);
    expect(ceph.checks[0]).toMatchObject({
      subsystem: 'ceph',
      id: expect.stringMatching(/^ceph\./),
      reason: expect.any(String),
    });

    expect(
      await refusal(client, 'infra-health.get-cluster-health', {
        cluster: 'no-such-cluster',
      }),
    ).toMatch(
      /^NotFoundError: cluster: no health collected for cluster "no-such-cluster"; known clusters: platform, shop-prod$/,
    );
  });

  it('lists the pending and recent changes (none yet)', async () => {
    const client = await connectAs(LENA);
    await expect(
      call(client, 'gitops.list-pending-changes', { environment: 'prod' }),
    ).resolves.toMatchObject({ configured: true, changes: [] });
    await expect(
      call(client, 'gitops.list-recent-changes'),
    ).resolves.toMatchObject({ changes: [] });
  });

  it('renders a 5-worker dev cluster as a dry run: valid, its files, and nothing sent to GitHub', async () => {
    const client = await connectAs(LENA);
    const answer = await call(
      client,
      'gitops.render-cluster-dry-run',
      clusterRequest(),
    );
    expect(answer).toMatchObject({
      valid: true,
      errors: [],
      protectedChange: false,
      summary: 'Nested cluster payments-dev (dev): 1 control plane + 5 workers',
      entityRef: 'resource:default/payments-dev',
    });
    const paths: string[] = answer.files.map((f: any) => f.path);
    const workers = paths.filter(p =>
      /^clusters\/dev\/payments-dev\/payments-dev-worker-\d+\.yaml$/.test(p),
    );
    expect(workers).toHaveLength(5);
    expect(paths).toEqual(
      expect.arrayContaining([
        'argocd/apps/environments/clusters/payments-dev.yaml',
        'clusters/dev/payments-dev/payments-dev-cp-1.yaml',
        'clusters/dev/payments-dev/kustomization.yaml',
      ]),
    );
    // the YAML text of each file, as it would be committed
    const worker = answer.files.find((f: any) => f.path === workers[0]);
    const kinds = worker.content
      .split(/^---$/m)
      .map((doc: string) => parse(doc)?.kind);
    expect(kinds).toContain('VirtualMachine');

    const repo = github.repo(OWNER, REPO);
    expect(await repo.branches()).toEqual(['main']);
    expect(await repo.pulls()).toEqual([]);
  });

  it('answers an invalid request with each field and its rule', async () => {
    const client = await connectAs(LENA);
    const answer = await call(
      client,
      'gitops.render-cluster-dry-run',
      clusterRequest({ name: 'Payments_Dev', workerCount: 500 }),
    );
    expect(answer.valid).toBe(false);
    expect(answer.files).toEqual([]);
    expect(answer.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', rule: expect.stringMatching(/DNS-1123/) },
        { field: 'workerCount', rule: expect.stringMatching(/50/) },
      ]),
    );
  });

  it('refuses a prod cluster to an application developer and renders it for a platform engineer', async () => {
    const prod = clusterRequest({
      name: 'payments-prod',
      environment: 'prod',
      controlPlaneCount: 3,
    });
    const lena = await connectAs(LENA);
    expect(await refusal(lena, 'gitops.render-cluster-dry-run', prod)).toMatch(
      /^NotAllowedError: not allowed to request a prod cluster: the prod environment is protected.*gitops\.change\.protected\.create/,
    );

    const priya = await connectAs(PRIYA);
    const answer = await call(priya, 'gitops.render-cluster-dry-run', prod);
    expect(answer).toMatchObject({ valid: true, protectedChange: true });
    expect(
      answer.files.filter((f: any) => /-cp-\d+\.yaml$/.test(f.path)),
    ).toHaveLength(3);
  });
});
