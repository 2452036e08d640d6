import { PLATFORM_COMPONENTS } from '../catalogue/components';
import {
  DEFAULT_GITOPS_LAYOUT,
  resolveGitOpsLayout,
} from '@proficientnow/backstage-plugin-gitops-common';
import { isManifestFile, KubeObject } from '../model';
import { serializeFiles } from '../serialize/yaml';
import { renderBootstrapTree } from './renderBootstrapTree';
import { renderComponentApplication } from './renderComponent';

function objects(
  files: ReturnType<typeof renderBootstrapTree>,
): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const file of files) {
    if (!isManifestFile(file)) continue;
    for (const object of file.objects)
      out.set(`${object.kind}/${object.metadata.name}`, object);
  }
  return out;
}

describe('renderBootstrapTree', () => {
  const files = renderBootstrapTree(DEFAULT_GITOPS_LAYOUT);
  const byRef = objects(files);

  it('renders the seeds hierarchy: root -> argocd-self + platform-root -> four domain roots', () => {
    const root = byRef.get('Application/root') as any;
    expect(root.spec.source.path).toBe('argocd/root');
    const rootChildren = files
      .filter(f => f.path.startsWith('argocd/root/'))
      .map(f => f.path)
      .sort();
    expect(rootChildren).toEqual([
      'argocd/root/argocd-self.yaml',
      'argocd/root/platform-root.yaml',
      'argocd/root/project-platform.yaml',
      'argocd/root/root.yaml',
    ]);
    expect(
      (byRef.get('Application/platform-root') as any).spec.source.path,
    ).toBe('argocd/platform');
    for (const domain of [
      'infrastructure',
      'applications',
      'workloads',
      'environments',
    ]) {
      const app = byRef.get(`Application/${domain}`) as any;
      expect(app.spec.source).toEqual({
        repoURL: DEFAULT_GITOPS_LAYOUT.repoURL,
        path: `argocd/apps/${domain}`,
        targetRevision: 'main',
        directory: { recurse: true },
      });
      expect(byRef.get(`AppProject/${domain}`)).toBeDefined();
      expect(files.some(f => f.path === `argocd/platform/${domain}.yaml`)).toBe(
        true,
      );
    }
  });

  it('puts every catalogue component under its domain and group, in its domain project', () => {
    for (const component of PLATFORM_COMPONENTS) {
      const path = `argocd/apps/${component.domain}/${component.group}/${component.name}.yaml`;
      const file = files.find(f => f.path === path);
      expect(file).toBeDefined();
      const app = (file as any).objects[0];
      expect(app.spec.project).toBe(component.domain);
      expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(
        String(component.syncWave),
      );
      expect(app.metadata.labels['platform.proficientnow.io/owner']).toBe(
        component.defaultOwner,
      );
    }
  });

  it('orders infrastructure before what runs on it', () => {
    const wave = (name: string) =>
      Number(
        (byRef.get(`Application/${name}`) as any).metadata.annotations[
          'argocd.argoproj.io/sync-wave'
        ],
      );
    expect(wave('infrastructure')).toBeLessThan(wave('applications'));
    expect(wave('infrastructure')).toBeLessThan(wave('environments'));
    expect(wave('applications')).toBeLessThan(wave('workloads'));
    expect(wave('cilium')).toBeLessThan(wave('metallb'));
    expect(wave('rook-ceph')).toBeLessThan(wave('rook-ceph-cluster'));
  });

  it('restricts every domain project to its repositories and keeps non-infrastructure domains out of argocd and kube-system', () => {
    const apps = byRef.get('AppProject/applications') as any;
    expect(apps.spec.sourceRepos).toContain(DEFAULT_GITOPS_LAYOUT.repoURL);
    expect(apps.spec.sourceRepos).not.toContain('*');
    expect(apps.spec.destinations).toEqual(
      expect.arrayContaining([
        { server: '*', namespace: '!argocd' },
        { server: '*', namespace: '!kube-system' },
      ]),
    );
    const environments = byRef.get('AppProject/environments') as any;
    expect(environments.spec.clusterResourceWhitelist).not.toContainEqual({
      group: '*',
      kind: '*',
    });
  });

  it('uses the layout from configuration', () => {
    const layout = resolveGitOpsLayout({
      repoURL: 'https://github.com/acme/gitops.git',
      appsPath: 'apps',
      argocdNamespace: 'gitops',
    });
    const custom = renderBootstrapTree(layout, {
      components: [
        { name: 'metallb', owner: 'group:default/platform-engineers' },
      ],
    });
    const metallb = custom.find(
      f => f.path === 'apps/infrastructure/networking/metallb.yaml',
    ) as any;
    expect(metallb.objects[0].metadata.namespace).toBe('gitops');
    expect(
      (objects(custom).get('Application/root') as any).spec.source.repoURL,
    ).toBe('https://github.com/acme/gitops.git');
  });

  it('is deterministic: the same request gives the same bytes', () => {
    expect(serializeFiles(renderBootstrapTree(DEFAULT_GITOPS_LAYOUT))).toEqual(
      serializeFiles(files),
    );
  });

  it('rejects a bad component list by field, rendering nothing', () => {
    expect(() =>
      renderBootstrapTree(DEFAULT_GITOPS_LAYOUT, {
        components: [
          { name: 'metallb', owner: 'group:default/platform-engineers' },
          { name: 'metallb', owner: 'group:default/platform-engineers' },
          { name: 'Custom', owner: 'nobody here' },
        ],
      }),
    ).toThrow(
      /components\[1\]\.name: metallb is listed twice[\s\S]*components\[2\]\.name: must be a DNS-1123 label[\s\S]*components\[2\]\.owner/,
    );
  });
});

describe('renderComponentApplication', () => {
  it('needs only a name and an owner for a catalogue component', () => {
    const { files } = renderComponentApplication(DEFAULT_GITOPS_LAYOUT, {
      name: 'postgres',
      owner: 'group:default/app-developers',
    });
    expect(files).toHaveLength(1);
    const app = (files[0] as any).objects[0];
    expect(files[0].path).toMatch(
      /^argocd\/apps\/applications\/databases\/postgres\.yaml$/,
    );
    expect(app.metadata.labels['platform.proficientnow.io/owner']).toBe(
      'app-developers',
    );
    expect(app.spec.syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: true,
    });
    expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });

  it('renders a custom Helm chart with values, a Git path and a multi-source component', () => {
    const layout = resolveGitOpsLayout({
      extraSourceRepos: ['https://charts.example.org'],
    });
    const { files } = renderComponentApplication(layout, {
      name: 'billing-cache',
      owner: 'group:default/app-developers',
      domain: 'applications',
      group: 'databases',
      namespace: 'billing',
      syncWave: 12,
      sources: [
        {
          type: 'helm',
          repoURL: 'https://charts.example.org',
          chart: 'cache',
          version: '1.2.3',
          values: { replicas: 3 },
        },
        { type: 'git', path: 'platform/databases/billing-cache' },
      ],
      syncPolicy: { selfHeal: false, serverSideApply: true },
    });
    const app = (files[0] as any).objects[0];
    expect(app.spec.source).toBeUndefined();
    expect(app.spec.sources).toEqual([
      {
        repoURL: 'https://charts.example.org',
        chart: 'cache',
        targetRevision: '1.2.3',
        helm: { valuesObject: { replicas: 3 } },
      },
      {
        repoURL: layout.repoURL,
        path: 'platform/databases/billing-cache',
        targetRevision: 'main',
      },
    ]);
    expect(app.spec.syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: false,
    });
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
  });

  it('refuses a chart repository the domain project does not allow', () => {
    expect(() =>
      renderComponentApplication(DEFAULT_GITOPS_LAYOUT, {
        name: 'sneaky',
        owner: 'group:default/app-developers',
        domain: 'applications',
        group: 'databases',
        sources: [
          {
            type: 'helm',
            repoURL: 'https://evil.example.org',
            chart: 'x',
            version: '1.0.0',
          },
        ],
      }),
    ).toThrow(
      /sources\[0\]\.repoURL: https:\/\/evil\.example\.org is not a source repository of the applications AppProject/,
    );
  });

  it.each([
    [
      { name: 'custom-thing', owner: 'group:default/x' },
      'domain',
      /required for a component that is not in the catalogue/,
    ],
    [
      { name: 'postgres', owner: 'group:default/x', chartVersion: '^1.0.0' },
      'chartVersion',
      /exact chart version/,
    ],
    [
      { name: 'postgres', owner: 'group:default/x', namespace: 'Data Base' },
      'namespace',
      /DNS-1123 label/,
    ],
    [
      { name: 'postgres', owner: 'group:default/x', syncWave: 1000 },
      'syncWave',
      /between -50 and 100/,
    ],
    [
      {
        name: 'x',
        owner: 'group:default/x',
        domain: 'apps',
        group: 'g',
        sources: [],
      },
      'domain',
      /one of infrastructure/,
    ],
    [
      {
        name: 'x',
        owner: 'group:default/x',
        domain: 'applications',
        group: 'g',
        sources: [{ type: 'git', path: '../../etc' }],
      },
      'sources[0].path',
      /must not contain/,
    ],
    [
      {
        name: 'x',
        owner: 'group:default/x',
        domain: 'applications',
        group: 'g',
        sources: [
          {
            type: 'helm',
            repoURL: 'http://insecure',
            chart: 'c',
            version: '1.0.0',
          },
        ],
      },
      'sources[0].repoURL',
      /https/,
    ],
    [
      {
        name: 'x',
        owner: 'group:default/x',
        domain: 'applications',
        group: 'g',
        sources: [{ type: 'svn', path: 'a' }],
      },
      'sources[0].type',
      /one of helm, git, kustomize/,
    ],
    [
      {
        name: 'postgres',
        owner: 'group:default/x',
        syncPolicy: { extraSyncOptions: ['Replace=true\nkind: Secret'] },
      },
      'syncPolicy.extraSyncOptions',
      /sync options/,
    ],
  ])('rejects %j naming %s', (request, field, rule) => {
    let issues: Array<{ field: string; rule: string }> = [];
    try {
      renderComponentApplication(DEFAULT_GITOPS_LAYOUT, request as any);
    } catch (error: any) {
      issues = error.issues;
    }
    expect(issues.find(i => i.field === field)?.rule).toMatch(rule);
  });
});
