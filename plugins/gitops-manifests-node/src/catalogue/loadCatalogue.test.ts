import fs from 'fs';
import os from 'os';
import path from 'path';
import { PLATFORM_DOMAINS } from '@proficientnow/backstage-plugin-gitops-common';
import { stringify } from 'yaml';
import { PLATFORM_COMPONENTS } from './components';
import {
  CATALOGUE_SCHEMA_FILE,
  CatalogueError,
  CatalogueProblem,
  defaultCatalogueDir,
  loadCatalogue,
} from './loadCatalogue';
import { DEFAULT_PLATFORM_ADDRESSES } from './platformAddresses';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A catalogue folder holding `files` (path relative to the folder -> text). */
function catalogueDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
  tempDirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A valid infrastructure/networking component, with `overrides` over it. */
function component(
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    title: `The ${name}`,
    domain: 'infrastructure',
    group: 'networking',
    description: `Does what ${name} does.`,
    namespace: name,
    syncWave: 0,
    sources: [{ type: 'git', path: `platform/networking/${name}` }],
    dependsOn: [],
    docs: 'https://example.org/docs/',
    defaultOwner: 'platform-engineers',
    ...overrides,
  };
}

/** A catalogue of `cni` (wave 0) and `lb` (wave 1, needs cni) with `extra` files. */
function catalogue(extra: Record<string, string> = {}): string {
  return catalogueDir({
    'infrastructure/cni.yaml': stringify(component('cni')),
    'infrastructure/lb.yaml': stringify(
      component('lb', { syncWave: 1, dependsOn: ['cni'] }),
    ),
    ...extra,
  });
}

function problemsOf(dir: string): CatalogueProblem[] {
  try {
    loadCatalogue(dir);
  } catch (error) {
    if (error instanceof CatalogueError) return [...error.problems];
    throw error;
  }
  throw new Error(`the catalogue in ${dir} loaded without problems`);
}

/** The one problem a fixture has, as `file at pointer: rule`. */
function onlyProblem(dir: string): string {
  const problems = problemsOf(dir);
  expect(problems).toHaveLength(1);
  const [p] = problems;
  return formatProblem(p);
}

function formatProblem(p: CatalogueProblem): string {
  return `${p.file} at ${p.path || '(root)'}: ${p.rule}`;
}

describe('loadCatalogue', () => {
  describe('the package catalogue', () => {
    it('finds the folder inside the package and reads it once per process', () => {
      expect(fs.existsSync(path.join(defaultCatalogueDir(), 'README.md'))).toBe(
        true,
      );
      const first = loadCatalogue();
      expect(loadCatalogue()).toBe(first);
      expect(first).toBe(PLATFORM_COMPONENTS);
    });

    it('holds one file per component at <domain>/<name>.yaml', () => {
      const files = PLATFORM_DOMAINS.flatMap(domain =>
        fs
          .readdirSync(path.join(defaultCatalogueDir(), domain))
          .map(file => `${domain}/${file}`),
      ).sort();
      expect(files).toEqual(
        PLATFORM_COMPONENTS.map(c => `${c.domain}/${c.name}.yaml`).sort(),
      );
    });

    it('returns the components in deployment order, frozen', () => {
      const order = PLATFORM_COMPONENTS.map(
        c => `${PLATFORM_DOMAINS.indexOf(c.domain)}/${c.syncWave}/${c.name}`,
      );
      const rank = (c: (typeof PLATFORM_COMPONENTS)[number]) =>
        PLATFORM_DOMAINS.indexOf(c.domain) * 1000 + c.syncWave;
      const sorted = [...PLATFORM_COMPONENTS]
        .sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : 1))
        .map(
          c => `${PLATFORM_DOMAINS.indexOf(c.domain)}/${c.syncWave}/${c.name}`,
        );
      expect(order).toEqual(sorted);
      expect(PLATFORM_COMPONENTS[0].name).toBe('cilium');
      expect(Object.isFrozen(PLATFORM_COMPONENTS)).toBe(true);
      expect(Object.isFrozen(PLATFORM_COMPONENTS[0].sources[0])).toBe(true);
    });

    it('keeps the schema in step with the code: domains and platform address names', () => {
      const schema = JSON.parse(
        fs.readFileSync(
          path.join(defaultCatalogueDir(), CATALOGUE_SCHEMA_FILE),
          'utf8',
        ),
      );
      expect(schema.properties.domain.enum).toEqual([...PLATFORM_DOMAINS]);
      expect(
        schema.$defs.platformAddressRef.properties.$platformAddress.enum,
      ).toEqual(Object.keys(DEFAULT_PLATFORM_ADDRESSES));
    });

    it('writes no platform address into a file: the API VIP is a reference', () => {
      const cilium = PLATFORM_COMPONENTS.find(c => c.name === 'cilium')!;
      const helm = cilium.sources[0];
      expect(helm.type === 'helm' && helm.values?.k8sServiceHost).toEqual({
        $platformAddress: 'apiServerVip',
      });
      const ipv4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/;
      for (const domain of PLATFORM_DOMAINS) {
        for (const file of fs.readdirSync(
          path.join(defaultCatalogueDir(), domain),
        )) {
          const text = fs.readFileSync(
            path.join(defaultCatalogueDir(), domain, file),
            'utf8',
          );
          expect({ file, ip: text.match(ipv4)?.[0] }).toEqual({
            file,
            ip: undefined,
          });
        }
      }
    });
  });

  it('loads a valid folder, ignoring README.md, the schema file and dotfiles', () => {
    const dir = catalogue({
      'README.md': '# notes\n',
      [CATALOGUE_SCHEMA_FILE]: '{}',
      'infrastructure/.lb.yaml.swp': 'not yaml: [',
    });
    expect(loadCatalogue(dir).map(c => c.name)).toEqual(['cni', 'lb']);
  });

  it('names the folder, every file, pointer and rule in the message, all problems at once', () => {
    const dir = catalogue({
      'infrastructure/bad.yaml': stringify(component('bad', { syncWave: -1 })),
      'applications/db.yaml': stringify(
        component('db', { domain: 'applications', syncWave: 30, docs: 'x' }),
      ),
    });
    expect(() => loadCatalogue(dir)).toThrow(CatalogueError);
    expect(() => loadCatalogue(dir)).toThrow(
      `the platform component catalogue in ${dir} is invalid:\n` +
        '  - applications/db.yaml at /docs: must match pattern "^https://[^\\s/]+(/\\S*)?$"\n' +
        '  - infrastructure/bad.yaml at /syncWave: must be >= 0',
    );
  });

  describe('checks every file against the schema', () => {
    it.each([
      [
        'a missing field',
        { docs: undefined },
        'at (root): must have the field docs',
      ],
      [
        'an unknown field',
        { owner: 'someone' },
        'at (root): must not have the field owner',
      ],
      [
        'a name that is not a DNS-1123 label',
        { name: 'Lb_1' },
        'at /name: must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"',
      ],
      [
        'an unknown domain',
        { domain: 'storage' },
        'at /domain: must be one of infrastructure, applications, workloads, environments',
      ],
      [
        'a wave outside the domain band',
        { syncWave: 30 },
        'at /syncWave: must be <= 29',
      ],
      [
        'a description that is not a sentence',
        { description: 'no full stop' },
        'at /description: must match pattern',
      ],
      [
        'a dependency listed twice',
        { dependsOn: ['cni', 'cni'] },
        'at /dependsOn: must NOT have duplicate items',
      ],
      [
        'an unknown source type',
        { sources: [{ type: 'oci', path: 'x' }] },
        'at /sources/0/type: must be one of helm, git, kustomize',
      ],
      [
        'no source',
        { sources: [] },
        'at /sources: must NOT have fewer than 1 items',
      ],
      [
        'a chart version range',
        {
          sources: [
            {
              type: 'helm',
              repoURL: 'https://charts.example.org',
              chart: 'lb',
              version: '^1.2.0',
            },
          ],
        },
        'at /sources/0/version: must match pattern',
      ],
      [
        'a pre-release chart version',
        {
          sources: [
            {
              type: 'helm',
              repoURL: 'https://charts.example.org',
              chart: 'lb',
              version: '1.2.0-rc.1',
            },
          ],
        },
        'at /sources/0/version: must match pattern',
      ],
      [
        'an http Helm repository',
        {
          sources: [
            {
              type: 'helm',
              repoURL: 'http://charts.example.org',
              chart: 'lb',
              version: '1.2.0',
            },
          ],
        },
        'at /sources/0/repoURL: must match pattern',
      ],
      [
        'a field of another source type',
        { sources: [{ type: 'git', path: 'platform/lb', chart: 'lb' }] },
        'at /sources/0: must not have the field chart',
      ],
      [
        'a path that leaves the repository',
        { sources: [{ type: 'git', path: 'platform/../secrets' }] },
        'at /sources/0/path: must match pattern',
      ],
      [
        'an unknown sync policy option',
        { syncPolicy: { prunee: false } },
        'at /syncPolicy: must not have the field prunee',
      ],
    ])('rejects %s', (_what, overrides, expected) => {
      const data = component('lb', {
        syncWave: 1,
        dependsOn: ['cni'],
        ...overrides,
      });
      for (const key of Object.keys(data)) {
        if (data[key] === undefined) delete data[key];
      }
      const file =
        typeof data.name === 'string' && /^[a-z-]+$/.test(data.name)
          ? `${data.name}.yaml`
          : 'lb.yaml';
      const dir = catalogueDir({
        'infrastructure/cni.yaml': stringify(component('cni')),
        [`infrastructure/${file}`]: stringify(data),
      });
      const problems = problemsOf(dir).map(formatProblem);
      expect(problems).toContainEqual(
        expect.stringContaining(`infrastructure/${file} ${expected}`),
      );
    });

    describe('platform address references', () => {
      const withValues = (values: unknown) =>
        catalogue({
          'infrastructure/cni.yaml': stringify(
            component('cni', {
              sources: [
                {
                  type: 'helm',
                  repoURL: 'https://helm.cilium.io',
                  chart: 'cilium',
                  version: '1.18.2',
                  values,
                },
              ],
            }),
          ),
        });

      it('accepts a reference anywhere in Helm values', () => {
        const [cni] = loadCatalogue(
          withValues({
            k8sServiceHost: { $platformAddress: 'apiServerVip' },
            extra: [{ hosts: [{ $platformAddress: 'apiServerVip' }] }],
          }),
        );
        expect(cni.sources[0]).toMatchObject({
          values: {
            k8sServiceHost: { $platformAddress: 'apiServerVip' },
          },
        });
      });

      it('rejects an unknown address name', () => {
        expect(
          onlyProblem(
            withValues({ k8sServiceHost: { $platformAddress: 'apiVip' } }),
          ),
        ).toBe(
          'infrastructure/cni.yaml at /sources/0/values/k8sServiceHost/$platformAddress: must be one of apiServerVip',
        );
      });

      it('rejects a reference with other keys beside it', () => {
        expect(
          onlyProblem(
            withValues({
              nested: {
                list: [{ $platformAddress: 'apiServerVip', port: 6443 }],
              },
            }),
          ),
        ).toBe(
          'infrastructure/cni.yaml at /sources/0/values/nested/list/0: must not have the field port',
        );
      });
    });
  });

  describe('checks the rules that span files', () => {
    it.each([
      [
        'rejects two components with the same name',
        'applications/lb.yaml',
        component('lb', { domain: 'applications', syncWave: 30 }),
        'infrastructure/lb.yaml at /name: lb is also the name of applications/lb.yaml; names are unique in the catalogue',
      ],
      [
        'rejects a dependency that is not in the catalogue',
        'infrastructure/ingress.yaml',
        component('ingress', { syncWave: 5, dependsOn: ['lb', 'dns'] }),
        'infrastructure/ingress.yaml at /dependsOn/1: no component named dns in the catalogue',
      ],
      [
        'rejects a component that depends on itself',
        'infrastructure/ingress.yaml',
        component('ingress', { syncWave: 5, dependsOn: ['ingress'] }),
        'infrastructure/ingress.yaml at /dependsOn/0: a component cannot depend on itself',
      ],
      [
        'rejects a sync wave that is not higher than every dependency',
        'infrastructure/ingress.yaml',
        component('ingress', { syncWave: 1, dependsOn: ['cni', 'lb'] }),
        'infrastructure/ingress.yaml at /syncWave: 1 must be higher than the sync wave of every dependency (lb has 1)',
      ],
    ] as const)('%s', (_title, file, entry, problem) => {
      expect(onlyProblem(catalogue({ [file]: stringify(entry) }))).toBe(
        problem,
      );
    });

    it('rejects a cycle, which the wave rule makes impossible', () => {
      const dir = catalogueDir({
        'infrastructure/a.yaml': stringify(
          component('a', { syncWave: 1, dependsOn: ['b'] }),
        ),
        'infrastructure/b.yaml': stringify(
          component('b', { syncWave: 2, dependsOn: ['a'] }),
        ),
      });
      expect(problemsOf(dir)).toEqual([
        {
          file: 'infrastructure/a.yaml',
          path: '/syncWave',
          rule: '1 must be higher than the sync wave of every dependency (b has 2)',
        },
      ]);
    });

    it('rejects a file in the folder of another domain', () => {
      const dir = catalogue({
        'applications/db.yaml': stringify(component('db', { syncWave: 2 })),
      });
      expect(onlyProblem(dir)).toBe(
        'applications/db.yaml at /domain: is infrastructure, but the file is in the applications folder; move it to infrastructure/db.yaml',
      );
    });

    it('rejects a file not named after its component', () => {
      const dir = catalogue({
        'infrastructure/database.yaml': stringify(
          component('db', { syncWave: 2 }),
        ),
      });
      expect(onlyProblem(dir)).toBe(
        "infrastructure/database.yaml at /name: is db, but the file is named database.yaml; a component's file is <domain>/<name>.yaml (db.yaml)",
      );
    });
  });

  describe('reads only plain YAML component files', () => {
    it.each([
      [
        'a duplicate key',
        'infrastructure/db.yaml',
        `${stringify(component('db', { syncWave: 2 }))}syncWave: 3\n`,
        /^infrastructure\/db\.yaml at \(root\): is not valid YAML: Map keys must be unique at line 14/,
      ],
      [
        'an alias',
        'infrastructure/db.yaml',
        stringify(component('db', { syncWave: 2 })).replace(
          'namespace: db',
          'namespace: &ns db\ngroup2: *ns',
        ),
        /^infrastructure\/db\.yaml at \(root\): uses a YAML alias \(\*name\); write every value out in full$/,
      ],
      [
        'two documents',
        'infrastructure/db.yaml',
        `${stringify(component('db', { syncWave: 2 }))}---\n${stringify(
          component('db2', { syncWave: 2 }),
        )}`,
        /^infrastructure\/db\.yaml at \(root\): is not valid YAML: Source contains multiple documents/,
      ],
      [
        'a custom tag',
        'infrastructure/db.yaml',
        stringify(component('db', { syncWave: 2 })).replace(
          'namespace: db',
          'namespace: !env DB_NAMESPACE',
        ),
        /^infrastructure\/db\.yaml at \(root\): is not valid YAML: Unresolved tag: !env/,
      ],
      [
        'a list instead of a map',
        'infrastructure/db.yaml',
        '- db\n',
        /^infrastructure\/db\.yaml at \(root\): must be object$/,
      ],
      [
        'a .yml file',
        'infrastructure/db.yml',
        stringify(component('db', { syncWave: 2 })),
        /^infrastructure\/db\.yml at \(root\): a domain folder holds only component files named <name>\.yaml$/,
      ],
      [
        'a sub-folder of a domain',
        'infrastructure/networking/db.yaml',
        stringify(component('db', { syncWave: 2 })),
        /^infrastructure\/networking at \(root\): a domain folder holds only component files named <name>\.yaml$/,
      ],
      [
        'a folder that is not a domain',
        'storage/db.yaml',
        stringify(component('db', { syncWave: 2 })),
        /^storage at \(root\): not a domain folder \(infrastructure, applications, workloads, environments\), README\.md or component\.schema\.json$/,
      ],
    ])('rejects %s', (_what, file, text, expected) => {
      expect(onlyProblem(catalogue({ [file]: text }))).toMatch(expected);
    });

    it('rejects a missing or empty folder', () => {
      const missing = path.join(os.tmpdir(), 'no-such-catalogue-folder');
      expect(() => loadCatalogue(missing)).toThrow(
        `the platform component catalogue in ${missing} is invalid:\n  - . at (root): the catalogue folder does not exist`,
      );
      expect(onlyProblem(catalogueDir({ 'README.md': '# empty\n' }))).toBe(
        '. at (root): the catalogue holds no components',
      );
    });
  });
});
