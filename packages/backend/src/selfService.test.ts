/**
 * The self-service job end to end, through the real scaffolder backend: each
 * bundled template runs with our actions against the GitHub stand-in, and the
 * resulting branch and pull request are read back from its git repository.
 *
 * @jest-environment node
 */
import { GitHubStandin, startGitHubStandin } from '@internal/github-standin';
import { sealingLabel } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  sshEd25519Key,
  unsealValue,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import { Octokit } from '@octokit/rest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '@internal/test-support';
import { parse } from 'yaml';
import {
  EDITOR_TOKEN,
  headers,
  keys,
  LENA,
  pendingChange,
  Portal,
  PRIYA,
  repoRoot,
  runTemplate,
  startPortalBackend,
  TOKEN,
} from './__testUtils__/selfServicePortal';

jest.setTimeout(120_000);

let standin: GitHubStandin;

/** Runs a test body against a portal backend for a user with these group memberships, and stops it after. */
async function withPortal(
  ownership: string[],
  body: (portal: Portal) => Promise<void>,
) {
  const portal = await startPortalBackend(standin, ownership);
  try {
    await body(portal);
  } finally {
    await portal.stop();
  }
}

beforeEach(async () => {
  standin = await startGitHubStandin({
    repos: [
      {
        owner: 'proficientnow',
        name: 'platform-gitops',
        files: { 'README.md': '# platform-gitops\n' },
      },
    ],
    tokens: [TOKEN, { token: EDITOR_TOKEN, login: 'someone-else' }],
  });
});
afterEach(async () => {
  // every request we sent and every answer the stand-in gave matched GitHub's OpenAPI description
  const violations = standin.violations();
  await standin.close();
  if (violations.length > 0) {
    throw new Error(
      `GitHub protocol violations: ${JSON.stringify(violations, null, 2)}`,
    );
  }
});

describe('the bundled templates, run by the scaffolder against the GitHub stand-in', () => {
  it('nested cluster: one branch with exactly the cluster files, and a pull request with the node table', async () => {
    await withPortal([LENA, 'group:default/app-developers'], async portal => {
      const { task, log } = await runTemplate(portal, LENA, 'nested-cluster', {
        name: 'payments-dev',
        environment: 'dev',
        owner: 'group:default/app-developers',
        controlPlaneCount: 1,
        controlPlaneSize: 'medium',
        workerCount: 2,
        workerSize: 'small',
        channel: '1.32/stable',
        vlans: [105],
        sshPublicKeys: sshEd25519Key(),
      });
      if (task.status !== 'completed')
        throw new Error(`the task ${task.status}:\n${log}`);

      const repo = standin.repo('proficientnow', 'platform-gitops');
      expect((await repo.branches()).sort()).toEqual([
        'gitops/cluster-dev-payments-dev',
        'main',
      ]);
      const files = await repo.readFiles('gitops/cluster-dev-payments-dev');
      expect(Object.keys(files).sort()).toEqual([
        '.github/CODEOWNERS',
        'README.md',
        'argocd/apps/environments/clusters/payments-dev.yaml',
        'clusters/allocations/vlan105/192.168.105.21.yaml',
        'clusters/allocations/vlan105/192.168.105.22.yaml',
        'clusters/allocations/vlan105/192.168.105.23.yaml',
        'clusters/dev/payments-dev/cluster-spec.yaml',
        'clusters/dev/payments-dev/join-token.yaml',
        'clusters/dev/payments-dev/kustomization.yaml',
        'clusters/dev/payments-dev/namespace.yaml',
        'clusters/dev/payments-dev/payments-dev-cp-1.yaml',
        'clusters/dev/payments-dev/payments-dev-worker-1.yaml',
        'clusters/dev/payments-dev/payments-dev-worker-2.yaml',
      ]);
      expect(files['.github/CODEOWNERS']).toContain(
        '/clusters/dev/payments-dev/ @proficientnow/app-developers',
      );
      expect(
        parse(files['clusters/allocations/vlan105/192.168.105.23.yaml']),
      ).toEqual({
        address: '192.168.105.23',
        vlan: 'vlan105',
        cluster: 'payments-dev',
        environment: 'dev',
        node: 'payments-dev-worker-2',
      });

      const [pull] = await repo.pulls();
      expect(pull.title).toBe(
        'Nested cluster payments-dev (dev): 1 control plane + 2 workers',
      );
      expect(pull.body).toContain(
        '| payments-dev-cp-1 | control-plane | 4 | 8 GiB | 60 GiB | 192.168.105.21 |',
      );
      expect(pull.body).toContain(
        '| payments-dev-worker-2 | worker | 2 | 4 GiB | 40 GiB | 192.168.105.23 |',
      );
      expect(pull.body).toMatch(
        /## What was validated[\s\S]*3 cloud-init user-data/,
      );
      expect(pull.body).toContain('@proficientnow/app-developers');
      expect(pull.labels).toEqual(['gitops', 'env:dev']);
      expect(pull.requestedTeams).toEqual(['app-developers']);

      // the change's identity, read back by the GitOps backend: who asked is the task's user
      expect(await pendingChange(portal, LENA, pull.number)).toMatchObject({
        kind: 'cluster',
        action: 'create',
        target: 'payments-dev',
        targetRef: 'resource:default/payments-dev',
        environment: 'dev',
        requester: LENA,
        requesterVerified: true,
      });
      const head = await repo.git.readCommit(pull.headSha);
      expect(head?.message).toMatch(
        /^Platform-Portal-Change: v1 \S+ [0-9a-f]{64}$/m,
      );
    });
  });

  it('who asked survives a hand edit of the pull request text; an edited identity reads back unverified', async () => {
    await withPortal([LENA, 'group:default/app-developers'], async portal => {
      const { task, log } = await runTemplate(portal, LENA, 'nested-cluster', {
        name: 'edited-dev',
        environment: 'dev',
        owner: 'group:default/app-developers',
        controlPlaneCount: 1,
        workerCount: 1,
        sshPublicKeys: sshEd25519Key(),
      });
      if (task.status !== 'completed')
        throw new Error(`the task ${task.status}:\n${log}`);
      const [pull] = await standin
        .repo('proficientnow', 'platform-gitops')
        .pulls();
      const editor = new Octokit({ baseUrl: standin.url, auth: EDITOR_TOKEN });
      const r = { owner: 'proficientnow', repo: 'platform-gitops' };
      await editor.pulls.update({
        ...r,
        pull_number: pull.number,
        body: pull
          .body!.replace(
            'New nested cluster',
            'Edited by hand: new nested cluster',
          )
          .replace(
            `Requested by \`${LENA}\``,
            'Requested by `user:default/mallory`',
          ),
      });
    });
    // a fresh backend, so the pending changes are read from GitHub again
    await withPortal([LENA, 'group:default/app-developers'], async portal => {
      const [pull] = await standin
        .repo('proficientnow', 'platform-gitops')
        .pulls();
      expect(pull.body).toContain('Edited by hand');
      expect(await pendingChange(portal, LENA, pull.number)).toMatchObject({
        requester: LENA,
        requesterVerified: true,
      });
      // now the marker itself: someone rewrites the requester inside it
      const marker =
        /<!-- platform-portal-change v1 (\S+) ([0-9a-f]{64}) -->/.exec(
          pull.body!,
        )!;
      const identity = JSON.parse(
        Buffer.from(marker[1], 'base64url').toString(),
      );
      const forged = Buffer.from(
        JSON.stringify({ ...identity, requester: 'user:default/mallory' }),
      ).toString('base64url');
      const editor = new Octokit({ baseUrl: standin.url, auth: EDITOR_TOKEN });
      await editor.pulls.update({
        owner: 'proficientnow',
        repo: 'platform-gitops',
        pull_number: pull.number,
        body: pull.body!.replace(marker[1], forged),
      });
    });
    await withPortal([LENA, 'group:default/app-developers'], async portal => {
      const [pull] = await standin
        .repo('proficientnow', 'platform-gitops')
        .pulls();
      expect(await pendingChange(portal, LENA, pull.number)).toMatchObject({
        requester: 'user:default/mallory',
        requesterVerified: false,
        identityProblem: expect.stringMatching(/signature does not match/),
      });
    });
  });

  it('dry run (the template editor): renders and validates, opens nothing', async () => {
    await withPortal(
      [PRIYA, 'group:default/platform-engineers'],
      async portal => {
        // the owner must be a group the catalog holds: wait until it has read the org
        await waitFor('the owner group in the catalog', async () => {
          const res = await fetch(
            `${portal.base}/api/catalog/entities/by-name/group/default/app-developers`,
            { headers: headers(PRIYA) },
          );
          return res.status === 200 ? true : undefined;
        });
        standin.resetCounts();
        const template = parse(
          await readFile(
            path.join(repoRoot, 'templates/nested-cluster/template.yaml'),
            'utf8',
          ),
        );
        const res = await fetch(`${portal.base}/api/scaffolder/v2/dry-run`, {
          method: 'POST',
          headers: headers(PRIYA),
          body: JSON.stringify({
            template,
            values: {
              name: 'try-me',
              environment: 'dev',
              owner: 'group:default/app-developers',
              controlPlaneCount: 1,
              workerCount: 1,
              sshPublicKeys: sshEd25519Key(),
            },
            directoryContents: [],
          }),
        });
        const body = await res.json();
        expect(res.status).toBe(200);
        const log = body.log.map((l: any) => l.body.message).join('\n');
        expect(log).toMatch(/rendered 2 nodes of try-me/);
        expect(log).toMatch(/dry run: would open a pull request/);
        expect(body.directoryContents.map((f: any) => f.path)).toContain(
          'gitops/clusters/dev/try-me/try-me-cp-1.yaml',
        );
        // only the address index was read; nothing was written to GitHub
        const writes = Object.entries(
          standin.requestCounts().byOperation,
        ).filter(
          ([operation]) =>
            !operation.startsWith('GET') && !operation.startsWith('HEAD'),
        );
        expect(writes).toEqual([]);
      },
    );
  });

  it('nested cluster in prod: refused to an application developer before anything reaches GitHub', async () => {
    await withPortal([LENA, 'group:default/app-developers'], async portal => {
      standin.resetCounts();
      const { task, log } = await runTemplate(portal, LENA, 'nested-cluster', {
        name: 'shop-prod',
        environment: 'prod',
        owner: 'group:default/app-developers',
        controlPlaneCount: 3,
        workerCount: 3,
        sshPublicKeys: sshEd25519Key(),
      });
      expect(task.status).toBe('failed');
      expect(log).toMatch(/not allowed to request a prod cluster/);
      expect(standin.requestCounts().total).toBe(0);
    });
  });

  it('platform component from the catalogue: one Application in its domain folder', async () => {
    await withPortal(
      [PRIYA, 'group:default/platform-engineers'],
      async portal => {
        const { task, log } = await runTemplate(
          portal,
          PRIYA,
          'platform-component',
          {
            source: 'catalogue',
            component: 'postgres',
            owner: 'group:default/platform-engineers',
          },
        );
        if (task.status !== 'completed')
          throw new Error(`the task ${task.status}:\n${log}`);
        const repo = standin.repo('proficientnow', 'platform-gitops');
        const files = await repo.readFiles(
          'gitops/component-applications-postgres',
        );
        expect(Object.keys(files).sort()).toEqual([
          'README.md',
          'argocd/apps/applications/databases/postgres.yaml',
        ]);
        const [pull] = await repo.pulls();
        expect(pull.body).toContain('| postgres | applications | databases |');
        expect(await pendingChange(portal, PRIYA, pull.number)).toMatchObject({
          kind: 'component',
          action: 'create',
          target: 'postgres',
          domain: 'applications',
          requester: PRIYA,
          requesterVerified: true,
        });
      },
    );
  });

  it('bootstrap: the whole tree in one commit, platform engineers only', async () => {
    await withPortal(
      [PRIYA, 'group:default/platform-engineers'],
      async portal => {
        const { task, log } = await runTemplate(
          portal,
          PRIYA,
          'bootstrap-gitops',
          {
            components: [
              'cilium',
              'metallb',
              'rook-ceph',
              'rook-ceph-cluster',
              'postgres',
            ],
            argocdChartVersion: '8.1.2',
          },
        );
        if (task.status !== 'completed')
          throw new Error(`the task ${task.status}:\n${log}`);
        const files = await standin
          .repo('proficientnow', 'platform-gitops')
          .readFiles('gitops/bootstrap');
        expect(files['argocd/root/root.yaml']).toContain('path: argocd/root');
        expect(
          Object.keys(files).filter(
            f => f.startsWith('argocd/apps/') && !f.includes('/networks/'),
          ),
        ).toHaveLength(5);
        const [pull] = await standin
          .repo('proficientnow', 'platform-gitops')
          .pulls();
        expect(await pendingChange(portal, PRIYA, pull.number)).toMatchObject({
          kind: 'bootstrap',
          action: 'create',
          targetRef: 'system:default/gitops',
          requester: PRIYA,
          requesterVerified: true,
        });
      },
    );
  });

  it('portal deployment: the secret fields are sealed into the pull request and appear nowhere in clear', async () => {
    // what the browser sends: each Secret field masked in the values, its value in the task secrets
    const secrets = {
      backendSecret: 'backend-key-0123456789abcdefghijklmnopqrstuv',
      authSessionSecret: 'session-key-0123456789abcdefghijklmnopqrstu',
      oidcClientSecret: 'oidc-client-secret-portal-e2e',
      githubToken: 'ghp_selfServicePortalToken0123456789',
    };
    const masked = Object.fromEntries(
      Object.entries(secrets).map(([key, value]) => [
        key,
        '*'.repeat(value.length),
      ]),
    );
    await withPortal(
      [PRIYA, 'group:default/platform-engineers'],
      async portal => {
        const { task, log } = await runTemplate(
          portal,
          PRIYA,
          'portal-deployment',
          {
            hostname: 'portal.platform.proficientnow.example',
            image: 'ghcr.io/proficientnow/platform-portal:1.4.0',
            replicas: 2,
            certificateIssuer: 'letsencrypt-production',
            certificateIssuerKind: 'ClusterIssuer',
            databaseMode: 'cloudnative-pg',
            databaseInstances: 3,
            databaseStorageClass: 'ceph-rbd',
            databaseSize: '20Gi',
            oidcMetadataUrl:
              'https://auth.proficientnow.example/application/o/portal/.well-known/openid-configuration',
            oidcClientId: 'platform-portal',
            githubMode: 'token',
            ...masked,
          },
          secrets,
        );
        if (task.status !== 'completed')
          throw new Error(`the task ${task.status}:\n${log}`);

        const repo = standin.repo('proficientnow', 'platform-gitops');
        const branch = 'gitops/component-infrastructure-platform-portal';
        const files = await repo.readFiles(branch);
        expect(Object.keys(files).sort()).toEqual([
          'README.md',
          'argocd/apps/infrastructure/gitops/platform-portal.yaml',
          'platform/gitops/platform-portal/configmap.yaml',
          'platform/gitops/platform-portal/database.yaml',
          'platform/gitops/platform-portal/deployment.yaml',
          'platform/gitops/platform-portal/ingress.yaml',
          'platform/gitops/platform-portal/kustomization.yaml',
          'platform/gitops/platform-portal/namespace.yaml',
          'platform/gitops/platform-portal/poddisruptionbudget.yaml',
          'platform/gitops/platform-portal/secrets.yaml',
          'platform/gitops/platform-portal/service.yaml',
          'platform/gitops/platform-portal/serviceaccount.yaml',
        ]);
        const sealed = parse(
          files['platform/gitops/platform-portal/secrets.yaml'],
        );
        const label = sealingLabel(
          'strict',
          sealed.metadata.namespace,
          sealed.metadata.name,
        );
        const unsealed = Object.fromEntries(
          Object.entries(
            sealed.spec.encryptedData as Record<string, string>,
          ).map(([key, value]) => [
            key,
            unsealValue(keys.privateKeyPem, label, value),
          ]),
        );
        expect(unsealed).toEqual({
          BACKEND_SECRET: secrets.backendSecret,
          AUTH_SESSION_SECRET: secrets.authSessionSecret,
          AUTHENTIK_CLIENT_SECRET: secrets.oidcClientSecret,
          GITHUB_TOKEN: secrets.githubToken,
        });

        const [pull] = await repo.pulls();
        expect(pull.title).toBe(
          'Deploy the portal at portal.platform.proficientnow.example: ghcr.io/proficientnow/platform-portal:1.4.0, 2 replicas',
        );
        expect(pull.labels).toEqual([
          'gitops',
          'env:platform',
          'domain:infrastructure',
        ]);
        expect(pull.requestedTeams).toEqual(['platform-engineers']);
        expect(await pendingChange(portal, PRIYA, pull.number)).toMatchObject({
          kind: 'component',
          target: 'platform-portal',
          domain: 'infrastructure',
          environment: 'platform',
          requester: PRIYA,
          requesterVerified: true,
        });
        // not in the repository, the pull request, the task's record or its log
        const stored = await (
          await fetch(`${portal.base}/api/scaffolder/v2/tasks/${task.id}`, {
            headers: headers(PRIYA),
          })
        ).text();
        const everything = [
          ...Object.values(files),
          pull.body,
          stored,
          log,
        ].join('\n');
        expect(
          Object.values(secrets).filter(value => everything.includes(value)),
        ).toEqual([]);
      },
    );
  });
});
