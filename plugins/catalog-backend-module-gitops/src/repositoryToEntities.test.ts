/**
 * @jest-environment node
 */
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
import { repositoryToEntities } from './repositoryToEntities';

const keys = makeSealingKeys();

async function generatedRepository(): Promise<Map<string, string>> {
  const cluster = await renderNestedCluster(
    validClusterRequest({ name: 'payments-dev' }),
    {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: keys.certificatePem,
    },
  );
  return serializeFiles([
    ...renderBootstrapTree(DEFAULT_GITOPS_LAYOUT),
    ...cluster.files,
  ]);
}

// what the portal's bundled catalog holds that these files point at
const knownEntities = new Set([
  ...['platform-engineers', 'cloud-engineers', 'app-developers'].map(
    g => `group:default/${g}`,
  ),
  ...['networking', 'databases', 'nested-clusters'].map(
    s => `system:default/${s}`,
  ),
  'component:default/metallb',
  'component:default/kubevirt',
  'resource:default/dev',
  'resource:default/platform-cluster',
]);

describe('repositoryToEntities', () => {
  it('turns the generated bootstrap tree and a nested cluster into entities', async () => {
    const { entities, skipped, unresolvedOwners } = repositoryToEntities(
      await generatedRepository(),
      { knownEntities, defaultOwner: 'platform-engineers' },
    );
    expect(skipped).toEqual([]);
    expect(unresolvedOwners).toEqual([]);
    const byRef = new Map(
      entities.map(e => [`${e.kind}:${e.metadata.name}`, e]),
    );

    const metallb = byRef.get('Resource:metallb')!;
    expect(metallb.spec).toMatchObject({
      type: 'argocd-application',
      owner: 'group:default/platform-engineers',
      system: 'system:default/networking',
      dependencyOf: ['component:default/metallb'],
    });
    expect(metallb.metadata.annotations).toMatchObject({
      'argocd/app-name': 'metallb',
      'backstage.io/kubernetes-id': 'metallb',
    });

    const cluster = byRef.get('Resource:payments-dev')!;
    expect(cluster.spec).toMatchObject({
      type: 'kubernetes-cluster',
      owner: 'group:default/app-developers',
      system: 'system:default/nested-clusters',
      dependsOn: [
        'resource:default/dev',
        'resource:default/platform-cluster',
        'component:default/kubevirt',
      ],
    });
    // what Backstage's kubernetes backend reads with its catalog cluster locator
    expect(cluster.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server':
        'https://api.payments-dev.clusters.proficientnow.internal:16443',
      'kubernetes.io/auth-provider': 'oidc',
      'kubernetes.io/oidc-token-provider': 'authentik',
      // the API by address too (a three-control-plane cluster's is its virtual IP)
      'platform.proficientnow.io/api-server-address': expect.stringMatching(
        /^https:\/\/192\.168\.105\.\d+:16443$/,
      ),
    });
    // MicroK8s makes its CA at install: until it is recorded, the entity says what is missing
    expect(
      cluster.metadata.annotations?.[
        'kubernetes.io/api-server-certificate-authority'
      ],
    ).toBeUndefined();
    expect(
      cluster.metadata.annotations?.[
        'platform.proficientnow.io/kubernetes-pending'
      ],
    ).toMatch(/platform\.proficientnow\.io\/api-server-ca/);
    // the cluster's own Application is the cluster entity, not a second one
    expect(byRef.has('Resource:cluster-payments-dev')).toBe(false);
    // the hierarchy's own Applications (root, domain roots) are found too, with no
    // owner of their own: the configured default owner holds them
    expect(byRef.get('Resource:root')?.spec?.owner).toBe(
      'group:default/platform-engineers',
    );
    expect(byRef.get('Resource:platform-root')).toBeDefined();
  });

  it('skips bad files with a reason and keeps the rest', async () => {
    const files = await generatedRepository();
    const app = (name: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec: {}\n`;
    files.set(
      'argocd/apps/applications/broken/bad.yaml',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: [unclosed\n',
    );
    files.set(
      'argocd/apps/applications/misc/configmap.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
    files.set(
      'argocd/apps/applications/misc/nameless.yaml',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {}\n',
    );
    files.set('argocd/apps/applications/a/twin.yaml', app('twin'));
    files.set('argocd/apps/workloads/b/twin.yaml', app('twin'));
    files.set(
      'argocd/apps/applications/misc/huge.yaml',
      `${app('huge')}# ${'x'.repeat(600 * 1024)}\n`,
    );
    const { entities, skipped } = repositoryToEntities(files, {
      knownEntities,
      defaultOwner: 'platform-engineers',
    });
    const reasons = Object.fromEntries(skipped.map(s => [s.path, s.reason]));
    expect(reasons['argocd/apps/applications/broken/bad.yaml']).toMatch(/YAML/);
    // other kinds are not entities, and not a problem either
    expect(reasons['argocd/apps/applications/misc/configmap.yaml']).toBe(
      undefined,
    );
    expect(reasons['argocd/apps/applications/misc/nameless.yaml']).toMatch(
      /^Application without a valid metadata\.name/,
    );
    expect(reasons['argocd/apps/workloads/b/twin.yaml']).toMatch(
      /duplicate name twin \(also in argocd\/apps\/applications\/a\/twin\.yaml\)/,
    );
    expect(reasons['argocd/apps/applications/a/twin.yaml']).toMatch(
      /duplicate name twin \(also in argocd\/apps\/workloads\/b\/twin\.yaml\)/,
    );
    expect(reasons['argocd/apps/applications/misc/huge.yaml']).toMatch(
      /larger than/,
    );
    const names = entities.map(e => e.metadata.name);
    expect(names).not.toContain('twin');
    expect(names).not.toContain('huge');
    // one bad file never stops the rest
    expect(names).toEqual(
      expect.arrayContaining(['metallb', 'postgres', 'payments-dev']),
    );
  });

  it('reports owners that are not groups in the catalog instead of inventing them', async () => {
    const files = await generatedRepository();
    files.set(
      'argocd/apps/applications/databases/orphan.yaml',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: orphan\n  labels:\n    platform.proficientnow.io/owner: ghost-team\nspec: {}\n',
    );
    const { entities, unresolvedOwners } = repositoryToEntities(files, {
      knownEntities,
      defaultOwner: 'platform-engineers',
    });
    expect(unresolvedOwners).toEqual([
      { owner: 'ghost-team', entity: 'resource:default/orphan' },
    ]);
    const orphan = entities.find(e => e.metadata.name === 'orphan')!;
    expect(orphan.spec?.owner).toBe('group:default/ghost-team');
    expect(
      orphan.metadata.annotations?.[
        'platform.proficientnow.io/owner-unresolved'
      ],
    ).toBe('ghost-team');
  });

  it('applies configurable rules by path', async () => {
    const { entities } = repositoryToEntities(await generatedRepository(), {
      rules: [
        {
          pathPrefix: 'argocd/apps/workloads/',
          kind: 'Component',
          type: 'ml-service',
          system: 'system:default/ml-serving',
        },
      ],
    });
    const vllm = entities.find(e => e.metadata.name === 'vllm')!;
    expect(vllm.kind).toBe('Component');
    expect(vllm.spec).toMatchObject({
      type: 'ml-service',
      system: 'system:default/ml-serving',
      lifecycle: 'production',
    });
  });
});
