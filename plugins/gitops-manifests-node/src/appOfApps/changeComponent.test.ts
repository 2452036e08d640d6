/**
 * @jest-environment node
 */
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { parse } from 'yaml';
import { serializeFiles } from '../serialize/yaml';
import { assertRenderedValid } from '../validateRendered';
import {
  findComponentApplication,
  planComponentChange,
  planComponentRemoval,
} from './changeComponent';
import { renderComponentApplication } from './renderComponent';

const layout = DEFAULT_GITOPS_LAYOUT;

function repositoryWith(extra: Record<string, string> = {}) {
  const { files } = renderComponentApplication(layout, {
    name: 'postgres',
    owner: 'group:default/app-developers',
  });
  const all = new Map(serializeFiles(files));
  for (const [p, c] of Object.entries(extra)) all.set(p, c);
  return { files: all, text: (p: string) => all.get(p) };
}

const PATH = 'argocd/apps/applications/databases/postgres.yaml';

describe('changing a component', () => {
  it('edits the chart version, values and sync wave in place, and says so in words', () => {
    const repo = repositoryWith();
    const found = findComponentApplication(
      repo.files.keys(),
      repo.text,
      layout,
      'postgres',
    );
    expect(found).toMatchObject({ path: PATH, domain: 'applications' });
    const before = parse(repo.text(PATH)!);
    const change = planComponentChange(found, {
      chartVersion: '9.9.9',
      values: { replicas: 3 },
      syncWave: 7,
    })!;
    const chartName = before.spec.source?.chart ?? before.spec.sources[0].chart;
    expect(change.summary).toContain(`chart ${chartName} `);
    expect(change.summary).toContain(
      '→ 9.9.9; Helm values replaced; sync wave',
    );
    const after = parse(change.textFiles.get(PATH)!);
    const source =
      after.spec.source ?? after.spec.sources.find((s: any) => s.chart);
    expect(source.targetRevision).toBe('9.9.9');
    expect(source.helm.valuesObject).toEqual({ replicas: 3 });
    expect(source.helm.values).toBeUndefined();
    expect(after.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(
      '7',
    );
    // everything else is as it was
    expect({
      ...after,
      spec: { ...after.spec, source: undefined, sources: undefined },
      metadata: { ...after.metadata, annotations: undefined },
    }).toEqual({
      ...before,
      spec: { ...before.spec, source: undefined, sources: undefined },
      metadata: { ...before.metadata, annotations: undefined },
    });
    // and it is a valid Application
    assertRenderedValid({ files: [], textFiles: change.textFiles });
  });

  it('changes nothing when asked for what is there', () => {
    const repo = repositoryWith();
    const found = findComponentApplication(
      repo.files.keys(),
      repo.text,
      layout,
      'postgres',
    );
    const app = parse(repo.text(PATH)!);
    const source =
      app.spec.source ?? app.spec.sources.find((s: any) => s.chart);
    expect(
      planComponentChange(found, { chartVersion: source.targetRevision }),
    ).toBeUndefined();
  });

  it('refuses a bad version, a component that is not there, one declared twice, and a cluster, by field', () => {
    const repo = repositoryWith({
      'argocd/apps/applications/other/twice.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: twice}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: twice}\n',
      'argocd/apps/environments/clusters/dev-a.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: cluster-dev-a\n  labels: {platform.proficientnow.io/cluster: dev-a}\n',
    });
    const found = findComponentApplication(
      repo.files.keys(),
      repo.text,
      layout,
      'postgres',
    );
    expect(() =>
      planComponentChange(found, { chartVersion: 'latest' }),
    ).toThrow(/chartVersion: /);
    expect(() => planComponentChange(found, {})).toThrow(
      /chartVersion: name a chart version, values or a sync wave/,
    );
    expect(() =>
      findComponentApplication(repo.files.keys(), repo.text, layout, 'nope'),
    ).toThrow(/name: no Argo CD Application named "nope"/);
    expect(() =>
      findComponentApplication(repo.files.keys(), repo.text, layout, 'twice'),
    ).toThrow(/name: twice is declared more than once/);
    expect(() =>
      findComponentApplication(
        repo.files.keys(),
        repo.text,
        layout,
        'cluster-dev-a',
      ),
    ).toThrow(/nested cluster's Application/);
  });

  it('removing deletes the file, or only its document in a file of several', () => {
    const repo = repositoryWith({
      'argocd/apps/applications/misc/pair.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: one}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: two}\n',
    });
    const postgres = planComponentRemoval(
      findComponentApplication(
        repo.files.keys(),
        repo.text,
        layout,
        'postgres',
      ),
    );
    expect(postgres.deletions).toEqual([PATH]);
    expect(postgres.onMerge[1]).toMatch(
      /resources finalizer deletes everything/,
    );
    const one = planComponentRemoval(
      findComponentApplication(repo.files.keys(), repo.text, layout, 'one'),
    );
    expect(one.deletions).toEqual([]);
    expect(one.textFiles.get('argocd/apps/applications/misc/pair.yaml')).toBe(
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: two}\n',
    );
    expect(one.onMerge[1]).toMatch(/keeps running, unmanaged/);
  });
});
