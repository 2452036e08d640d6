/**
 * @jest-environment node
 */
import { validateRendered } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { pushCommit, signAppJwt } from '@internal/github-standin';
import { waitFor } from '@internal/test-support';
import { Octokit } from '@octokit/rest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { startLocalStack } from './startLocalStack';

jest.setTimeout(60_000);

/** A stack on free ports with the stand-in Ceph (the real one has tests of its own). */
async function startStack() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-stack-'));
  const stack = await startLocalStack({
    dir,
    githubPort: 0,
    kubernetesPort: 0,
    controlPort: 0,
    ceph: 'off',
  });
  return { dir, stack };
}

describe('startLocalStack', () => {
  it('its Argo CD follows the repository: a push to main syncs each Application to the new head and drops a removed one', async () => {
    const { dir, stack } = await startStack();
    try {
      const config = parse(readFileSync(stack.configPath, 'utf8'));
      const octokit = new Octokit({
        baseUrl: stack.github.url,
        auth: config.integrations.github[0].token,
      });
      const applications = async () => {
        const res = await fetch(
          `${stack.fleet.kubernetes.clusterUrl(
            'platform',
          )}/apis/argoproj.io/v1alpha1/applications`,
          {
            headers: { Authorization: `Bearer ${stack.fleet.tokens.platform}` },
          },
        );
        return (await res.json()).items as Array<{
          metadata: { name: string };
          status: { sync: { revision: string } };
        }>;
      };
      const before = await applications();
      expect(before.map(a => a.metadata.name)).toContain('cert-manager');
      const certManager = Object.entries(
        await stack.github
          .repo('proficientnow', 'platform-gitops')
          .readFiles('main'),
      ).find(
        ([file, text]) =>
          /\.ya?ml$/.test(file) &&
          /name: cert-manager\n/.test(text) &&
          /kind: Application/.test(text),
      )![0];
      const { after } = await pushCommit(octokit, {
        owner: 'proficientnow',
        repo: 'platform-gitops',
        message: 'Retire cert-manager',
        files: { [certManager]: null },
      });
      const synced = await waitFor(
        'the local Argo CD to sync the push',
        async () => {
          const now = await applications();
          const sample = now.find(a => a.metadata.name === 'kubevirt');
          return sample?.status.sync.revision === after ? now : undefined;
        },
      );
      expect(synced.map(a => a.metadata.name)).not.toContain('cert-manager');
    } finally {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with oidcPort and githubAuth app: an identity provider for the catalog people and the portal as a GitHub App', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'local-stack-'));
    const stack = await startLocalStack({
      dir,
      githubPort: 0,
      kubernetesPort: 0,
      controlPort: 0,
      ceph: 'off',
      backendPort: 7999,
      oidcPort: 0,
      githubAuth: 'app',
      oidcUsersFile: path.resolve(__dirname, '../../../catalog/org/users.yaml'),
    });
    try {
      const config = parse(readFileSync(stack.configPath, 'utf8'));
      // Authentik only, the way production signs people in
      expect(config.portal.signIn.providers).toEqual(['authentik']);
      const oidc = config.auth.providers.oidc.development;
      expect(oidc.signIn.resolvers).toEqual([
        { resolver: 'platformCatalogUser' },
      ]);
      const metadata = await (await fetch(oidc.metadataUrl)).json();
      expect(metadata.issuer).toBe(stack.oidc!.provider.issuer);
      expect(metadata.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      // the catalog's example people and a stranger, passwords in a file only its owner reads
      const accountsFile = path.join(dir, 'oidc-accounts.json');
      expect(statSync(accountsFile).mode & 0o777).toBe(0o600);
      const accounts = JSON.parse(readFileSync(accountsFile, 'utf8'));
      expect(accounts.map((a: any) => a.username).sort()).toEqual([
        'lena.dev',
        'omar.cloud',
        'priya.platform',
        'stranger',
      ]);
      expect(
        accounts.find((a: any) => a.username === 'lena.dev'),
      ).toMatchObject({
        email: 'lena.dev@proficientnow.example',
        groups: ['app-developers'],
        password: expect.stringMatching(/^[\w-]{12}$/),
      });

      // the portal holds an App's key, not a token; the stand-in's own token is in a file
      const [github] = config.integrations.github;
      expect(github.token).toBeUndefined();
      const [app] = github.apps;
      const jwt = signAppJwt(app.appId, app.privateKey);
      const installations = await fetch(
        `${stack.github.url}/app/installations`,
        {
          headers: { Authorization: `Bearer ${jwt}` },
        },
      );
      expect(installations.status).toBe(200);
      const [installation] = await installations.json();
      expect(installation.account.login).toBe('proficientnow');
      const issued = await fetch(
        `${stack.github.url}/app/installations/${installation.id}/access_tokens`,
        { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } },
      );
      const { token } = await issued.json();
      // the control API lists what was issued, for the browser test's leak search
      const listed = await (
        await fetch(`${stack.controlUrl}/github/installation-tokens`)
      ).json();
      expect(listed.tokens).toEqual([token]);
      const standinToken = readFileSync(
        path.join(dir, 'github-standin-token'),
        'utf8',
      ).trim();
      expect(
        (
          await fetch(
            `${stack.github.url}/repos/proficientnow/platform-gitops`,
            {
              headers: { Authorization: `token ${standinToken}` },
            },
          )
        ).status,
      ).toBe(200);
    } finally {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves a GitOps repository seeded by the bootstrap generator and writes the config that points the portal at it', async () => {
    const { dir, stack } = await startStack();
    try {
      const config = parse(readFileSync(stack.configPath, 'utf8'));
      expect(config.gitops.repository.url).toBe(
        'https://github.local/proficientnow/platform-gitops',
      );
      expect(config.integrations.github[0].apiBaseUrl).toBe(stack.github.url);
      expect(config.gitops.sealing.certificate).toMatch(
        /^-----BEGIN CERTIFICATE-----/,
      );

      const files = await stack.github
        .repo('proficientnow', 'platform-gitops')
        .readFiles('main');
      expect(files['argocd/root/root.yaml']).toContain(
        'repoURL: https://github.local/proficientnow/platform-gitops.git',
      );
      // the portal itself is one of the platform's components
      expect(
        parse(files['argocd/apps/infrastructure/gitops/platform-portal.yaml']),
      ).toMatchObject({
        kind: 'Application',
        metadata: { name: 'platform-portal' },
        spec: {
          project: 'infrastructure',
          source: { path: 'platform/gitops/platform-portal' },
        },
      });
      const res = await fetch(
        `${stack.github.url}/repos/proficientnow/platform-gitops`,
        {
          headers: {
            Authorization: `token ${config.integrations.github[0].token}`,
          },
        },
      );
      expect(res.status).toBe(200);
      // the seed is what the generator validated, byte for byte
      const manifests = Object.entries(files)
        .filter(([file]) => file.endsWith('.yaml'))
        .map(([file, text]) => ({ path: file, text }));
      expect(validateRendered({ files: manifests }).errors).toEqual([]);
    } finally {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the platform, dev and degraded prod clusters, and the control API changes them', async () => {
    const { dir, stack } = await startStack();
    try {
      const config = parse(readFileSync(stack.configPath, 'utf8'));
      const clusters = config.infraHealth.clusters;
      expect(clusters.map((c: any) => c.name)).toEqual([
        'platform',
        'dev',
        'prod',
      ]);
      expect(config.portal.localStack).toMatchObject({
        enabled: true,
        ceph: 'stand-in',
        control: stack.controlUrl,
      });
      const cephOf = async (cluster: any) => {
        const res = await fetch(
          `${cluster.url}/apis/ceph.rook.io/v1/cephclusters`,
          { headers: { Authorization: `Bearer ${cluster.token}` } },
        );
        expect(res.status).toBe(200);
        return (await res.json()).items[0].status.ceph.health;
      };
      const dev = clusters.find((c: any) => c.name === 'dev');
      const prod = clusters.find((c: any) => c.name === 'prod');
      expect(await cephOf(prod)).toBe('HEALTH_WARN');
      expect(await cephOf(dev)).toBe('HEALTH_OK');

      const change = await fetch(`${stack.controlUrl}/clusters/dev`, {
        method: 'POST',
        body: JSON.stringify({ ceph: 'HEALTH_ERR' }),
      });
      expect(change.status).toBe(200);
      expect(await cephOf(dev)).toBe('HEALTH_ERR');

      const bad = await fetch(`${stack.controlUrl}/clusters/dev`, {
        method: 'POST',
        body: JSON.stringify({ ceph: 'BROKEN' }),
      });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toBe(
        'ceph: must be one of HEALTH_OK, HEALTH_WARN, HEALTH_ERR',
      );
      const unknownCluster = await fetch(`${stack.controlUrl}/clusters/qa`, {
        method: 'POST',
        body: JSON.stringify({ api: 'dead' }),
      });
      expect((await unknownCluster.json()).error).toMatch(
        /^cluster: must be one of platform, dev, prod/,
      );

      await fetch(`${stack.controlUrl}/clusters/prod`, {
        method: 'POST',
        body: JSON.stringify({ api: 'dead' }),
      });
      await expect(
        fetch(`${prod.url}/api/v1/nodes`, {
          headers: { Authorization: `Bearer ${prod.token}` },
        }),
      ).rejects.toThrow();
    } finally {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
