/**
 * @jest-environment node
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PLATFORM_COMPONENTS } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  makeSealingKeys,
  sshEd25519Key,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  actionContext,
  fakeRepository,
  makeDeps,
} from '../__testUtils__/actionHarness';
import { createRenderBootstrapAction } from './renderBootstrap';
import { examples as bootstrapExamples } from './renderBootstrap.examples';
import { createRenderClusterAction } from './renderCluster';
import { examples as clusterExamples } from './renderCluster.examples';
import { createRenderComponentAction } from './renderComponent';
import { examples as componentExamples } from './renderComponent.examples';

const keys = makeSealingKeys();
const KEY = sshEd25519Key();
// the first render of a file compiles the upstream schemas (seconds on a loaded two-core machine)
jest.setTimeout(30_000);

/** The input of an example's first step, with template expressions filled in. */
function exampleInput(example: string): Record<string, any> {
  const input = parse(example).steps[0].input;
  return JSON.parse(
    JSON.stringify(input).replace(
      /\$\{\{ parameters\.sshPublicKeys \}\}/g,
      KEY,
    ),
  );
}

/** An empty repository. */
function repositoryWith() {
  return fakeRepository({});
}

describe('gitops:cluster:render', () => {
  it.each(clusterExamples.map(e => [e.description, e.example]))(
    'renders the example "%s"',
    async (_d, example) => {
      const github = repositoryWith();
      const deps = makeDeps({
        reader: github.reader,
        sealingCertificatePem: keys.certificatePem,
      });
      const input = exampleInput(example);
      const ctx = actionContext({
        targetPath: 'gitops',
        controlPlaneSize: 'medium',
        workerSize: 'medium',
        channel: '1.32/stable',
        ...input,
      });
      await createRenderClusterAction(deps).handler(ctx as any);

      const files: string[] = (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'files',
      )[1];
      expect(files).toContain(
        `clusters/${input.environment}/${input.name}/kustomization.yaml`,
      );
      // one allocation file per node address
      expect(files.filter(f => f.startsWith('clusters/allocations/'))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^clusters\/allocations\/vlan105\/192\.168\.105\.\d+\.yaml$/,
          ),
        ]),
      );
      for (const file of files)
        expect(existsSync(path.join(ctx.workspacePath, 'gitops', file))).toBe(
          true,
        );
      expect(github.reads).toEqual(['snapshot']);
      const body: string = (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'pullRequestBody',
      )[1];
      expect(body).toMatch(
        /## What changes[\s\S]*## What was validated[\s\S]*## Who must approve/,
      );
      expect(body).toContain(`| ${input.name}-cp-1 | control-plane |`);
      // what the change is, for gitops:pull-request:open; never who asked
      const output = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(output.change).toEqual({
        kind: 'cluster',
        action: 'create',
        target: `resource:default/${input.name}`,
        environment: input.environment,
        requestDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(output.branchName).toBe(
        `gitops/cluster-${input.environment}-${input.name}`,
      );
    },
  );

  it('gives the same request the same digest, and another request another', async () => {
    const digestOf = async (extra: Record<string, unknown>) => {
      const deps = makeDeps({
        reader: repositoryWith().reader,
        sealingCertificatePem: keys.certificatePem,
      });
      const ctx = actionContext({
        ...exampleInput(clusterExamples[0].example),
        controlPlaneSize: 'medium',
        workerSize: 'medium',
        targetPath: 'gitops',
        ...extra,
      });
      await createRenderClusterAction(deps).handler(ctx as any);
      return Object.fromEntries((ctx.output as jest.Mock).mock.calls).change
        .requestDigest;
    };
    expect(await digestOf({})).toBe(await digestOf({}));
    expect(await digestOf({ workerCount: 3 })).not.toBe(await digestOf({}));
  });

  it('keeps clear of the addresses the repository holds (older index, allocation files) and open pull requests claim', async () => {
    const github = fakeRepository({
      'clusters/allocations.yaml':
        'clusters:\n  - cluster: older\n    environment: dev\n    addresses:\n      vlan105: [192.168.105.21, 192.168.105.22]\n',
      'clusters/allocations/vlan105/192.168.105.23.yaml': 'cluster: newer\n',
    });
    const deps = makeDeps({
      reader: github.reader,
      sealingCertificatePem: keys.certificatePem,
      openPulls: [
        {
          number: 7,
          branch: 'gitops/cluster-dev-racing',
          files: ['clusters/allocations/vlan105/192.168.105.24.yaml'],
        },
        {
          // this request's own pull request: its addresses are its to reuse
          number: 8,
          branch: 'gitops/cluster-dev-payments-dev',
          files: ['clusters/allocations/vlan105/192.168.105.25.yaml'],
        },
      ],
    });
    const ctx = actionContext({
      ...exampleInput(clusterExamples[0].example),
      controlPlaneSize: 'medium',
      workerSize: 'medium',
      targetPath: 'gitops',
    });
    await createRenderClusterAction(deps).handler(ctx as any);
    const files: string[] = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls,
    ).files;
    expect(files.filter(f => f.startsWith('clusters/allocations/'))).toEqual([
      'clusters/allocations/vlan105/192.168.105.25.yaml',
      'clusters/allocations/vlan105/192.168.105.26.yaml',
      'clusters/allocations/vlan105/192.168.105.27.yaml',
    ]);
    expect(
      parse(
        readFileSync(
          path.join(
            ctx.workspacePath,
            'gitops/clusters/allocations/vlan105/192.168.105.25.yaml',
          ),
          'utf8',
        ),
      ),
    ).toEqual({
      address: '192.168.105.25',
      vlan: 'vlan105',
      cluster: 'payments-dev',
      environment: 'dev',
      node: 'payments-dev-cp-1',
    });
  });

  it.each([
    [
      'group:default/does-not-exist',
      'owner: must be a group in the catalog: group:default/does-not-exist is not there',
    ],
    [
      'user:default/lena.dev',
      'owner: must be a group (got user:default/lena.dev)',
    ],
  ])(
    'refuses an owner that is not a group of the catalog (%s), before anything is read or written',
    async (owner, message) => {
      const github = repositoryWith();
      const deps = makeDeps({
        reader: github.reader,
        sealingCertificatePem: keys.certificatePem,
      });
      const ctx = actionContext({
        ...exampleInput(clusterExamples[0].example),
        controlPlaneSize: 'medium',
        workerSize: 'medium',
        targetPath: 'gitops',
        owner,
      });
      await expect(
        createRenderClusterAction(deps).handler(ctx as any),
      ).rejects.toThrow(message);
      expect(github.reads).toEqual([]);
      expect(existsSync(path.join(ctx.workspacePath, 'gitops'))).toBe(false);
    },
  );

  it('refuses to create a cluster that is already in the repository', async () => {
    const deps = makeDeps({
      reader: fakeRepository({
        'clusters/dev/payments-dev/kustomization.yaml': 'resources: []\n',
      }).reader,
      sealingCertificatePem: keys.certificatePem,
    });
    const ctx = actionContext({
      ...exampleInput(clusterExamples[0].example),
      controlPlaneSize: 'medium',
      workerSize: 'medium',
      targetPath: 'gitops',
    });
    await expect(
      createRenderClusterAction(deps).handler(ctx as any),
    ).rejects.toThrow(
      /name: a cluster named payments-dev already exists \(clusters\/dev\/payments-dev\)/,
    );
  });

  it('asks the owner team and, for prod, the platform team to review, with gitops and env labels', async () => {
    const deps = makeDeps({
      reader: repositoryWith().reader,
      sealingCertificatePem: keys.certificatePem,
    });
    const ctx = actionContext({
      ...exampleInput(clusterExamples[1].example),
      targetPath: 'gitops',
    });
    await createRenderClusterAction(deps).handler(ctx as any);
    const output = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(output.labels).toEqual(['gitops', 'env:prod']);
    expect(output.teamReviewers).toEqual([
      'app-developers',
      'platform-engineers',
    ]);
    expect(output.codeowners).toEqual([
      {
        path: '/clusters/prod/shop-prod/',
        owners: [
          '@proficientnow/app-developers',
          '@proficientnow/platform-engineers',
        ],
      },
    ]);
    expect(deps.decisions).toEqual(['gitops.change.protected.create']);
  });

  it('refuses a prod cluster to someone without the protected permission, before rendering or reading anything', async () => {
    const github = repositoryWith();
    const deps = makeDeps({
      reader: github.reader,
      sealingCertificatePem: keys.certificatePem,
      decide: name =>
        name === 'gitops.change.protected.create'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const ctx = actionContext({
      ...exampleInput(clusterExamples[1].example),
      targetPath: 'gitops',
    });
    await expect(
      createRenderClusterAction(deps).handler(ctx as any),
    ).rejects.toThrow(
      /not allowed to request a prod cluster: the prod environment is protected/,
    );
    expect(github.reads).toEqual([]);
    expect(existsSync(path.join(ctx.workspacePath, 'gitops'))).toBe(false);
  });

  it('names the bad fields and makes no GitHub request for invalid input', async () => {
    const github = repositoryWith();
    const deps = makeDeps({
      reader: github.reader,
      sealingCertificatePem: keys.certificatePem,
    });
    const ctx = actionContext({
      ...exampleInput(clusterExamples[0].example),
      name: 'Payments_Dev',
      workerCount: 99,
      sshPublicKeys: 'ssh-ed25519 nope',
      targetPath: 'gitops',
      controlPlaneSize: 'medium',
      workerSize: 'medium',
    });
    await expect(
      createRenderClusterAction(deps).handler(ctx as any),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /name: must be a DNS-1123 label[\s\S]*workerCount: must be between 0 and 50[\s\S]*sshPublicKeys\[0\]/,
      ),
    });
    expect(github.reads).toEqual([]);
  });

  it('says which key to configure when there is no sealing certificate', async () => {
    const deps = makeDeps({ reader: repositoryWith().reader });
    const ctx = actionContext({
      ...exampleInput(clusterExamples[0].example),
      targetPath: 'gitops',
      controlPlaneSize: 'medium',
      workerSize: 'medium',
    });
    await expect(
      createRenderClusterAction(deps).handler(ctx as any),
    ).rejects.toThrow(/gitops\.sealing\.certificate is not configured/);
  });
});

describe('gitops:component:render', () => {
  it.each(componentExamples.map(e => [e.description, e.example]))(
    'renders the example "%s"',
    async (_d, example) => {
      const deps = makeDeps({});
      const input = exampleInput(example);
      const ctx = actionContext({ targetPath: 'gitops', ...input });
      await createRenderComponentAction(deps).handler(ctx as any);
      const output = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(output.files).toHaveLength(1);
      const app = parse(
        readFileSync(
          path.join(ctx.workspacePath, 'gitops', output.files[0]),
          'utf8',
        ),
      );
      expect(app.metadata.name).toBe(input.name);
      // a pinned chart version ends up as the Application's targetRevision
      expect(JSON.stringify(app.spec)).toContain(
        input.chartVersion ?? 'targetRevision',
      );
      expect(output.entityRef).toBe(`component:default/${input.name}`);
      expect(output.change).toEqual({
        kind: 'component',
        action: 'create',
        target: `component:default/${input.name}`,
        domain: output.domain,
        requestDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    },
  );

  it('treats an infrastructure component as protected and an application component as not', async () => {
    const deps = makeDeps({});
    await createRenderComponentAction(deps).handler(
      actionContext({
        name: 'metallb',
        owner: 'group:default/platform-engineers',
        targetPath: 'gitops',
      }) as any,
    );
    await createRenderComponentAction(deps).handler(
      actionContext({
        name: 'redis',
        owner: 'group:default/app-developers',
        targetPath: 'gitops',
      }) as any,
    );
    expect(deps.decisions).toEqual([
      'gitops.change.protected.create',
      'gitops.change.create',
    ]);
  });

  it('renders a custom chart from an allowed repository, and refuses one from elsewhere', async () => {
    const deps = makeDeps({
      config: { layout: { extraSourceRepos: ['https://charts.example.org'] } },
    });
    const custom = {
      name: 'billing-cache',
      owner: 'group:default/app-developers',
      domain: 'applications',
      group: 'databases',
      chartRepoURL: 'https://charts.example.org',
      chart: 'cache',
      chartVersion: '1.2.3',
      targetPath: 'gitops',
    };
    const ctx = actionContext(custom);
    await createRenderComponentAction(deps).handler(ctx as any);
    expect(
      readFileSync(
        path.join(
          ctx.workspacePath,
          'gitops/argocd/apps/applications/databases/billing-cache.yaml',
        ),
        'utf8',
      ),
    ).toContain('chart: cache');
    await expect(
      createRenderComponentAction(deps).handler(
        actionContext({
          ...custom,
          chartRepoURL: 'https://evil.example.org',
        }) as any,
      ),
    ).rejects.toThrow(
      /sources\[0\]\.repoURL: https:\/\/evil\.example\.org is not a source repository/,
    );
  });
});

describe('gitops:bootstrap:render', () => {
  it.each(bootstrapExamples.map(e => [e.description, e.example]))(
    'renders the example "%s"',
    async (_d, example) => {
      const deps = makeDeps({});
      const input = exampleInput(example);
      const ctx = actionContext({ targetPath: 'gitops', ...input });
      await createRenderBootstrapAction(deps).handler(ctx as any);
      const output = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(output.files).toContain('argocd/root/root.yaml');
      expect(output.files).toContain('argocd/platform/infrastructure.yaml');
      const componentFiles = output.files.filter(
        (f: string) =>
          f.startsWith('argocd/apps/') && !f.includes('/networks/'),
      );
      // every catalogue component, the portal's own included, unless the example picks some
      expect(componentFiles.length).toBe(
        input.components?.length ?? PLATFORM_COMPONENTS.length,
      );
    },
  );
});
