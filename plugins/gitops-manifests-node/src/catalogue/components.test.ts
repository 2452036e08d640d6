import {
  PLATFORM_DOMAINS,
  PlatformDomain,
} from '@proficientnow/backstage-plugin-gitops-common';
import { findCatalogueComponent, PLATFORM_COMPONENTS } from './components';
import { CatalogueComponent, HelmChartSource } from './types';

/** The names shared with the bundled catalog, by `<domain>/<group>`. */
const EXPECTED_NAMES: Record<string, string[]> = {
  'infrastructure/networking': [
    'cilium',
    'metallb',
    'ingress-nginx',
    'cert-manager',
    'kube-ovn',
    'multus',
    'kubenurse',
  ],
  'infrastructure/storage': ['rook-ceph', 'rook-ceph-cluster', 'minio'],
  'infrastructure/compute': ['kubevirt', 'cdi', 'firecracker', 'openwhisk'],
  'infrastructure/security': ['sealed-secrets', 'authentik', 'keycloak'],
  'infrastructure/backup': ['velero'],
  'infrastructure/gitops': ['platform-portal'],
  'applications/databases': [
    'postgres',
    'timescaledb',
    'mongodb',
    'couchdb',
    'redis',
    'dicedb',
  ],
  'applications/artifacts': ['verdaccio', 'harbor', 'gitlab'],
  'applications/communications': ['kafka', 'rabbitmq', 'postal', 'mailcow'],
  'applications/gateway': ['kong'],
  'applications/observability': [
    'prometheus',
    'grafana',
    'alertmanager',
    'loki',
    'promtail',
    'tempo',
    'jaeger',
  ],
  'applications/alerting': ['alert-routing'],
  'workloads/ml-serving': ['kuberay-operator', 'vllm', 'model-registry'],
  'environments/schedules': ['staging-mirror'],
};

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An exact version: MAJOR.MINOR.PATCH, optionally with a leading `v`. No ranges, wildcards or pre-releases. */
const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

const byName = new Map(PLATFORM_COMPONENTS.map(c => [c.name, c]));

function get(name: string): CatalogueComponent {
  const component = byName.get(name);
  if (!component) {
    throw new Error(`no component named ${name}`);
  }
  return component;
}

/** Every component `name` needs, directly or through other components. */
function transitiveDependencies(name: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...get(name).dependsOn];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (!seen.has(next)) {
      seen.add(next);
      stack.push(...get(next).dependsOn);
    }
  }
  return seen;
}

function domainRank(domain: PlatformDomain): number {
  return PLATFORM_DOMAINS.indexOf(domain);
}

function helmSources(component: CatalogueComponent): HelmChartSource[] {
  return component.sources.filter(
    (s): s is HelmChartSource => s.type === 'helm',
  );
}

/** Every (dependent, dependency) pair in the catalogue. */
const EDGES: Array<[CatalogueComponent, CatalogueComponent]> =
  PLATFORM_COMPONENTS.flatMap(component =>
    component.dependsOn
      .filter(dep => byName.has(dep))
      .map(
        dep =>
          [component, get(dep)] as [CatalogueComponent, CatalogueComponent],
      ),
  );

describe('PLATFORM_COMPONENTS', () => {
  it('holds exactly the component names shared with the bundled catalog, in their domain and group', () => {
    const actual: Record<string, string[]> = {};
    for (const c of PLATFORM_COMPONENTS) {
      (actual[`${c.domain}/${c.group}`] ??= []).push(c.name);
    }
    const sorted = (r: Record<string, string[]>) =>
      Object.fromEntries(
        Object.entries(r).map(([key, names]) => [key, [...names].sort()]),
      );
    expect(sorted(actual)).toEqual(sorted(EXPECTED_NAMES));
    expect(PLATFORM_COMPONENTS).toHaveLength(
      Object.values(EXPECTED_NAMES).flat().length,
    );
  });

  it('has unique names', () => {
    const names = PLATFORM_COMPONENTS.map(c => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(PLATFORM_COMPONENTS.map(c => [c.name, c]))(
    '%s has a DNS-1123 name of at most 53 characters and a DNS-1123 namespace',
    (_name, component) => {
      const c = component as CatalogueComponent;
      expect(c.name).toMatch(DNS_1123_LABEL);
      expect(c.name.length).toBeLessThanOrEqual(53);
      expect(c.namespace).toMatch(DNS_1123_LABEL);
      expect(c.namespace.length).toBeLessThanOrEqual(63);
    },
  );

  it('has a title, a one-sentence description, a known domain and at least one source for every component', () => {
    for (const c of PLATFORM_COMPONENTS) {
      expect(c.title.trim()).not.toBe('');
      expect(c.description.trim()).toMatch(/\.$/);
      expect(PLATFORM_DOMAINS).toContain(c.domain);
      expect(c.group).toMatch(DNS_1123_LABEL);
      expect(c.sources.length).toBeGreaterThan(0);
      expect(Number.isInteger(c.syncWave)).toBe(true);
    }
  });

  describe('dependencies', () => {
    it('only names components of the catalogue, without self-references or duplicates', () => {
      for (const c of PLATFORM_COMPONENTS) {
        for (const dep of c.dependsOn) {
          expect({ component: c.name, dep, known: byName.has(dep) }).toEqual({
            component: c.name,
            dep,
            known: true,
          });
        }
        expect(c.dependsOn).not.toContain(c.name);
        expect(new Set(c.dependsOn).size).toBe(c.dependsOn.length);
      }
    });

    it('has no cycles', () => {
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (name: string, path: string[]) => {
        if (state.get(name) === 'done') return;
        if (state.get(name) === 'visiting') {
          throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
        }
        state.set(name, 'visiting');
        for (const dep of get(name).dependsOn) {
          visit(dep, [...path, name]);
        }
        state.set(name, 'done');
      };
      expect(() =>
        PLATFORM_COMPONENTS.forEach(c => visit(c.name, [])),
      ).not.toThrow();
    });

    it('puts every dependency in an earlier sync wave than its dependent in the same domain', () => {
      const violations = EDGES.filter(
        ([c, dep]) => dep.domain === c.domain && dep.syncWave >= c.syncWave,
      ).map(
        ([c, dep]) =>
          `${c.name} (wave ${c.syncWave}) needs ${dep.name} (wave ${dep.syncWave})`,
      );
      expect(violations).toEqual([]);
    });

    it('gives infrastructure dependencies lower waves than the applications, workloads and environments that need them', () => {
      const crossDomain = EDGES.filter(
        ([c, dep]) =>
          dep.domain === 'infrastructure' && c.domain !== 'infrastructure',
      );
      expect(crossDomain.length).toBeGreaterThan(0);
      const violations = crossDomain
        .filter(([c, dep]) => dep.syncWave >= c.syncWave)
        .map(([c, dep]) => `${c.name} needs ${dep.name}`);
      expect(violations).toEqual([]);
    });

    it('never makes a domain depend on a later domain (infrastructure, applications, workloads, environments)', () => {
      const violations = EDGES.filter(
        ([c, dep]) => domainRank(dep.domain) > domainRank(c.domain),
      ).map(
        ([c, dep]) => `${c.domain}/${c.name} needs ${dep.domain}/${dep.name}`,
      );
      expect(violations).toEqual([]);
    });

    it('keeps every wave inside its domain band', () => {
      const bands: Record<PlatformDomain, [number, number]> = {
        infrastructure: [0, 29],
        applications: [30, 49],
        workloads: [50, 59],
        environments: [60, Number.MAX_SAFE_INTEGER],
      };
      for (const c of PLATFORM_COMPONENTS) {
        const [min, max] = bands[c.domain];
        expect({
          name: c.name,
          inBand: c.syncWave >= min && c.syncWave <= max,
        }).toEqual({ name: c.name, inBand: true });
      }
    });

    it('makes cilium the only root, which everything else needs eventually', () => {
      const roots = PLATFORM_COMPONENTS.filter(c => c.dependsOn.length === 0);
      expect(roots.map(c => c.name)).toEqual(['cilium']);
      expect(get('cilium').syncWave).toBe(
        Math.min(...PLATFORM_COMPONENTS.map(c => c.syncWave)),
      );
      for (const c of PLATFORM_COMPONENTS.filter(x => x.name !== 'cilium')) {
        expect({
          name: c.name,
          needsCilium: transitiveDependencies(c.name).has('cilium'),
        }).toEqual({ name: c.name, needsCilium: true });
      }
    });

    it('orders the networking base as the RFC bootstraps it', () => {
      const wave = (name: string) => get(name).syncWave;
      for (const name of ['metallb', 'kube-ovn', 'multus']) {
        expect(wave(name)).toBeGreaterThan(wave('cilium'));
        expect(wave(name)).toBeLessThan(wave('cert-manager'));
      }
      expect(wave('cert-manager')).toBeLessThan(wave('sealed-secrets'));
      expect(wave('sealed-secrets')).toBeLessThan(wave('ingress-nginx'));
      const networkingBeforeCilium = PLATFORM_COMPONENTS.filter(
        c =>
          c.domain === 'infrastructure' &&
          c.group === 'networking' &&
          c.name !== 'cilium' &&
          !c.dependsOn.includes('cilium'),
      ).map(c => c.name);
      expect(networkingBeforeCilium).toEqual([]);
    });

    it('deploys storage before the persistent databases and compute', () => {
      const storage = PLATFORM_COMPONENTS.filter(c => c.group === 'storage');
      const lastStorageWave = Math.max(...storage.map(c => c.syncWave));
      expect(get('rook-ceph-cluster').dependsOn).toContain('rook-ceph');
      const beforeStorageOperator = PLATFORM_COMPONENTS.filter(
        c =>
          (c.group === 'databases' || c.group === 'compute') &&
          c.syncWave <= get('rook-ceph').syncWave,
      ).map(c => c.name);
      expect(beforeStorageOperator).toEqual([]);

      // Redis and DiceDB are the seeds' non-persistent, in-memory stores.
      const inMemory = ['redis', 'dicedb'];
      const persistent = PLATFORM_COMPONENTS.filter(
        c => c.group === 'databases' && !inMemory.includes(c.name),
      );
      expect(persistent.length).toBeGreaterThan(0);
      const withoutCeph = persistent
        .filter(
          c =>
            !transitiveDependencies(c.name).has('rook-ceph-cluster') ||
            c.syncWave <= lastStorageWave,
        )
        .map(c => c.name);
      expect(withoutCeph).toEqual([]);
    });

    it('wires the dependencies the seeds state', () => {
      const needs = (name: string, dep: string) =>
        expect(get(name).dependsOn).toContain(dep);
      needs('harbor', 'minio');
      needs('verdaccio', 'minio');
      needs('kubevirt', 'cdi');
      needs('alert-routing', 'alertmanager');
      needs('vllm', 'kuberay-operator');
      needs('grafana', 'prometheus');
      needs('alertmanager', 'prometheus');
    });
  });

  describe('sources', () => {
    it('pins every Helm chart to an exact version, never a range', () => {
      const sources = PLATFORM_COMPONENTS.flatMap(c =>
        helmSources(c).map(s => ({ name: c.name, version: s.version })),
      );
      expect(sources.length).toBeGreaterThan(0);
      for (const s of sources) {
        expect({ name: s.name, exact: EXACT_VERSION.test(s.version) }).toEqual({
          name: s.name,
          exact: true,
        });
      }
    });

    it('uses an https Helm repository or an OCI registry without scheme', () => {
      const ociRegistryPath = /^[a-z0-9.-]+\.[a-z]+(\/[a-z0-9._-]+)+$/;
      const isValidRepo = (repoURL: string) =>
        repoURL.includes('://')
          ? new URL(repoURL).protocol === 'https:'
          : ociRegistryPath.test(repoURL);
      const charts = PLATFORM_COMPONENTS.flatMap(helmSources);
      expect(
        charts.map(s => s.chart).filter(n => !DNS_1123_LABEL.test(n)),
      ).toEqual([]);
      expect(
        charts.map(s => s.repoURL).filter(url => !isValidRepo(url)),
      ).toEqual([]);
    });

    it('keeps the Git folders of the GitOps repository at platform/<group>/<name>', () => {
      const misplaced = PLATFORM_COMPONENTS.flatMap(c =>
        c.sources
          .filter(s => s.type !== 'helm' && s.repoURL === undefined)
          .map(s => (s.type === 'helm' ? '' : s.path))
          .filter(path => path !== `platform/${c.group}/${c.name}`)
          .map(path => `${c.name}: ${path}`),
      );
      expect(misplaced).toEqual([]);
      expect(
        PLATFORM_COMPONENTS.some(c => c.sources.some(s => s.type === 'git')),
      ).toBe(true);
    });

    it('uses server-side apply for the CRD-heavy components', () => {
      for (const name of ['prometheus', 'cilium', 'kubevirt', 'rook-ceph']) {
        expect(get(name).syncPolicy?.serverSideApply).toBe(true);
      }
    });

    it('disables the own Grafana and Alertmanager of kube-prometheus-stack, which are separate components', () => {
      const [chart] = helmSources(get('prometheus'));
      expect(chart.chart).toBe('kube-prometheus-stack');
      expect(chart.values).toMatchObject({
        grafana: { enabled: false },
        alertmanager: { enabled: false },
      });
    });
  });

  it('links every component to https documentation', () => {
    for (const c of PLATFORM_COMPONENTS) {
      expect({ name: c.name, protocol: new URL(c.docs).protocol }).toEqual({
        name: c.name,
        protocol: 'https:',
      });
    }
  });

  it('gives each domain its default owner', () => {
    const owners: Record<PlatformDomain, string[]> = {
      infrastructure: ['platform-engineers'],
      applications: ['platform-engineers', 'app-developers'],
      workloads: ['platform-engineers'],
      environments: ['cloud-engineers'],
    };
    for (const c of PLATFORM_COMPONENTS) {
      expect(owners[c.domain]).toContain(c.defaultOwner);
    }
  });
});

describe('findCatalogueComponent', () => {
  it('finds every component by its name', () => {
    for (const c of PLATFORM_COMPONENTS) {
      expect(findCatalogueComponent(c.name)).toBe(c);
    }
  });

  it('ignores surrounding whitespace and case', () => {
    expect(findCatalogueComponent(' Postgres ')?.name).toBe('postgres');
    expect(findCatalogueComponent('METALLB')?.name).toBe('metallb');
  });

  it('returns undefined for unknown names', () => {
    expect(findCatalogueComponent('does-not-exist')).toBeUndefined();
    expect(findCatalogueComponent('')).toBeUndefined();
  });
});
