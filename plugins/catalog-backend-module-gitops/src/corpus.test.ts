/**
 * Repositories in the layouts real teams use, written by the project under
 * src/__testUtils__/corpus/<layout>/, each with the entities and relations it must
 * give (expected.yaml). Every entity also passes the catalog's own validation.
 *
 * @jest-environment node
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repositoryToEntities } from './repositoryToEntities';
import { rejectedByCatalog } from './__testUtils__/validateEntities';
import { CorpusLiveApplication, liveAnswer } from './__testUtils__/liveAnswer';
import { parseLiveInventory } from './ingest/live';

const CORPUS = path.join(__dirname, '__testUtils__', 'corpus');

function readLayout(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), {
      withFileTypes: true,
    })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (child !== 'expected.yaml')
        files.set(child, readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return files;
}

interface Expected {
  options: Record<string, any>;
  catalog: string[];
  /** What Argo CD holds, when the layout is tested with the live source. */
  live?: CorpusLiveApplication[];
  entities: Array<{
    ref: string;
    owner: string;
    system?: string;
    type?: string;
    dependencyOf?: string[];
    dependsOn?: string[];
    domainLabel?: string;
    unresolved?: string[];
    deployment?: string;
  }>;
  helmTemplates?: number;
  skipped: Array<{ path: string; reason: string }>;
}

const layouts = readdirSync(CORPUS).sort();

/** A reason written /like this/ in expected.yaml is a pattern, else the exact text. */
function reasonMatcher(reason: string): unknown {
  const pattern = /^\/(.*)\/$/.exec(reason);
  return pattern ? expect.stringMatching(new RegExp(pattern[1])) : reason;
}

it('has a repository for each layout the catalog must follow', () => {
  expect(layouts).toEqual([
    'app-of-apps',
    'applicationsets',
    'helm-app-of-apps',
    'many-folders',
  ]);
});

describe.each(layouts)('the %s repository', layout => {
  const dir = path.join(CORPUS, layout);
  const expected = parse(
    readFileSync(path.join(dir, 'expected.yaml'), 'utf8'),
  ) as Expected;
  const files = readLayout(dir);
  const live = expected.live
    ? parseLiveInventory(liveAnswer('platform', expected.live))
    : undefined;
  const mapping = repositoryToEntities(files, {
    ...expected.options,
    clusters: expected.options.argocdClusters,
    knownEntities: new Set(expected.catalog),
    live: live && 'inventory' in live ? live.inventory : undefined,
  });
  const byRef = new Map(
    mapping.entities.map(e => [
      `${e.kind}:default/${e.metadata.name}`.toLowerCase(),
      e,
    ]),
  );

  it('gives exactly the expected entities, with no configuration beyond expected.yaml', () => {
    expect([...byRef.keys()].sort()).toEqual(
      expected.entities.map(e => e.ref).sort(),
    );
  });

  it('takes owners and relations from metadata and rules, and invents none', () => {
    for (const want of expected.entities) {
      const entity = byRef.get(want.ref)!;
      const spec = entity.spec as Record<string, any>;
      expect({ ref: want.ref, owner: spec.owner }).toEqual({
        ref: want.ref,
        owner: want.owner,
      });
      expect({ ref: want.ref, system: spec.system }).toEqual({
        ref: want.ref,
        system: want.system,
      });
      expect({ ref: want.ref, dependencyOf: spec.dependencyOf }).toEqual({
        ref: want.ref,
        dependencyOf: want.dependencyOf,
      });
      expect({ ref: want.ref, dependsOn: spec.dependsOn }).toEqual({
        ref: want.ref,
        dependsOn: want.dependsOn,
      });
      expect(spec.type).toBe(want.type ?? 'argocd-application');
      expect(entity.metadata.labels?.['platform.proficientnow.io/domain']).toBe(
        want.domainLabel,
      );
      expect(
        entity.metadata.annotations?.[
          'platform.proficientnow.io/relations-unresolved'
        ],
      ).toBe(want.unresolved?.join(', '));
      // Git against the live source: a label to select on, a tag to filter by
      expect({
        ref: want.ref,
        deployment:
          entity.metadata.labels?.['platform.proficientnow.io/deployment'],
      }).toEqual({ ref: want.ref, deployment: want.deployment });
      expect({
        ref: want.ref,
        tags: (entity.metadata.tags ?? []).filter(tag =>
          ['not-deployed', 'rendered', 'drift'].includes(tag),
        ),
      }).toEqual({
        ref: want.ref,
        tags:
          want.deployment && want.deployment !== 'deployed'
            ? [want.deployment]
            : [],
      });
    }
  });

  it('skips only what it says, with the file and the reason; other YAML is no warning', () => {
    expect(mapping.skipped).toEqual(
      expected.skipped.map(want => ({
        path: want.path,
        reason: reasonMatcher(want.reason),
      })),
    );
    expect(mapping.counts.helmTemplates).toBe(expected.helmTemplates ?? 0);
  });

  it("passes the catalog's own validation", async () => {
    expect(await rejectedByCatalog(mapping.entities)).toEqual([]);
  });
});
