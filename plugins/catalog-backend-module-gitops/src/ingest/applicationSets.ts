import path from 'node:path';
import { globMatcher } from './discovery';
import { parseYamlFile } from './yamlDocuments';

/** A cluster Argo CD knows, for the cluster generator. */
export interface ArgoCluster {
  name: string;
  server: string;
  labels?: Record<string, string>;
}

/** The Argo CD instance's local cluster, which the cluster generator includes unless a selector rules it out. */
export const IN_CLUSTER: ArgoCluster = {
  name: 'in-cluster',
  server: 'https://kubernetes.default.svc',
};

/** What an ApplicationSet's generators can be resolved against without Argo CD. */
export interface GeneratorContext {
  /** The GitOps repository's URL: git generators resolve only against it. */
  repoURL?: string;
  /** Every path of the repository at the revision read. */
  paths: string[];
  readText(path: string): string | undefined;
  /** Clusters from configuration and from cluster Secrets in the repository. */
  clusters: ArgoCluster[];
}

/** One Application an ApplicationSet produces, with the generator that made it. */
export interface GeneratedApplication {
  object: Record<string, any>;
  generator: string;
}

export interface Expansion {
  applications: GeneratedApplication[];
  /** Generators (or elements) that could not be resolved here, with why. */
  unresolved: string[];
  /** What the generators are, in words, for the entity that stands for an unresolved set. */
  generators: string[];
}

type Params = Record<string, string>;

function flatten(value: unknown, prefix: string, into: Params): Params {
  if (value === null || value === undefined) return into;
  if (typeof value !== 'object') {
    if (prefix) into[prefix] = String(value);
    return into;
  }
  for (const [key, child] of Object.entries(value)) {
    flatten(child, prefix ? `${prefix}.${key}` : key, into);
  }
  return into;
}

function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}

function normalizeRepoUrl(url: string | undefined): string {
  return String(url ?? '')
    .trim()
    .toLowerCase()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}

function pathParams(dir: string): Params {
  const params: Params = {
    path: dir,
    'path.path': dir,
    'path.basename': path.posix.basename(dir),
    'path.basenameNormalized': normalizedName(path.posix.basename(dir)),
  };
  dir.split('/').forEach((segment, i) => {
    params[`path[${i}]`] = segment;
    params[`path.segments.${i}`] = segment;
  });
  return params;
}

function directoriesOf(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++)
      dirs.add(parts.slice(0, i).join('/'));
  }
  return [...dirs].sort();
}

function gitGenerator(
  git: any,
  context: GeneratorContext,
): { params: Params[]; describe: string } | { unresolved: string } {
  if (
    !context.repoURL ||
    normalizeRepoUrl(git?.repoURL) !== normalizeRepoUrl(context.repoURL)
  ) {
    return {
      unresolved: `git generator on ${
        git?.repoURL ?? '(no repoURL)'
      }: not the GitOps repository this provider reads`,
    };
  }
  if (Array.isArray(git.directories)) {
    const included = git.directories
      .filter((d: any) => d && !d.exclude && typeof d.path === 'string')
      .map((d: any) => d.path);
    const excluded = git.directories
      .filter((d: any) => d?.exclude && typeof d.path === 'string')
      .map((d: any) => d.path);
    if (!included.length) {
      return { unresolved: 'git directory generator without a path' };
    }
    const isIncluded = globMatcher(included);
    const isExcluded = excluded.length ? globMatcher(excluded) : () => false;
    const dirs = directoriesOf(context.paths).filter(
      d => isIncluded(d) && !isExcluded(d),
    );
    return {
      params: dirs.map(pathParams),
      describe: `git directories ${included.join(', ')}`,
    };
  }
  if (Array.isArray(git.files)) {
    const patterns = git.files
      .map((f: any) => f?.path)
      .filter((p: unknown) => typeof p === 'string');
    if (!patterns.length) {
      return { unresolved: 'git file generator without a path' };
    }
    const matches = globMatcher(patterns);
    const params: Params[] = [];
    for (const file of context.paths.filter(p => matches(p))) {
      const text = context.readText(file);
      const parsed = text === undefined ? undefined : parseYamlFile(text);
      if (!parsed || !Array.isArray(parsed) || parsed.length !== 1) {
        return {
          unresolved: `git file generator: ${file} is not one JSON or YAML document`,
        };
      }
      const only = parsed[0];
      if (!('value' in only)) {
        return { unresolved: `git file generator: ${file}: ${only.problem}` };
      }
      const values = Array.isArray(only.value) ? only.value : [only.value];
      const dir = path.posix.dirname(file);
      for (const value of values) {
        params.push({
          ...flatten(value, '', {}),
          ...pathParams(dir === '.' ? '' : dir),
          'path.filename': path.posix.basename(file),
          'path.filenameNormalized': normalizedName(path.posix.basename(file)),
        });
      }
    }
    return { params, describe: `git files ${patterns.join(', ')}` };
  }
  return { unresolved: 'git generator with neither directories nor files' };
}

function clusterGenerator(
  clusters: any,
  context: GeneratorContext,
): { params: Params[]; describe: string } | { unresolved: string } {
  if (
    Array.isArray(clusters?.selector?.matchExpressions) &&
    clusters.selector.matchExpressions.length
  ) {
    // set-based selectors are Argo CD's to evaluate; a guess could list the wrong clusters
    return {
      unresolved:
        'clusters generator with selector.matchExpressions: resolved only by Argo CD',
    };
  }
  const matchLabels: Record<string, string> =
    clusters?.selector?.matchLabels ?? {};
  const hasSelector =
    Object.keys(matchLabels).length > 0 ||
    Array.isArray(clusters?.selector?.matchExpressions);
  const candidates = hasSelector
    ? context.clusters
    : [
        ...context.clusters,
        ...(context.clusters.some(c => c.server === IN_CLUSTER.server)
          ? []
          : [IN_CLUSTER]),
      ];
  const selected = candidates.filter(cluster =>
    Object.entries(matchLabels).every(
      ([key, value]) => cluster.labels?.[key] === value,
    ),
  );
  return {
    params: selected.map(cluster => ({
      name: cluster.name,
      nameNormalized: normalizedName(cluster.name),
      server: cluster.server,
      ...flatten(cluster.labels ?? {}, 'metadata.labels', {}),
      ...flatten(clusters?.values ?? {}, 'values', {}),
    })),
    describe: `clusters${
      hasSelector ? ` matching ${JSON.stringify(clusters.selector)}` : ''
    }`,
  };
}

const FAST_PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const GO_PLACEHOLDER = /\{\{\s*\.([A-Za-z0-9_.[\]]+)\s*\}\}/g;

/** Fills the template's strings with one parameter set; placeholders it cannot fill stay, and are reported. */
function fill(value: unknown, params: Params, goTemplate: boolean): unknown {
  if (typeof value === 'string') {
    return value.replace(
      goTemplate ? GO_PLACEHOLDER : FAST_PLACEHOLDER,
      (whole, key: string) => params[key] ?? whole,
    );
  }
  if (Array.isArray(value)) return value.map(v => fill(v, params, goTemplate));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fill(v, params, goTemplate)]),
    );
  }
  return value;
}

function describeGenerator(generator: Record<string, unknown>): string {
  return Object.keys(generator ?? {}).join('+') || 'empty';
}

/**
 * Expands an ApplicationSet into the Applications Argo CD would make from it,
 * for the generators that can be resolved from the repository and the
 * configuration (list, git directories and files on this repository,
 * clusters); anything else (matrix, merge, SCM and pull-request generators,
 * templates with functions) is reported as unresolved instead of guessed.
 */
export function expandApplicationSet(
  set: Record<string, any>,
  context: GeneratorContext,
): Expansion {
  const spec = set.spec ?? {};
  const template = spec.template;
  const goTemplate = spec.goTemplate === true;
  const generators: unknown[] = Array.isArray(spec.generators)
    ? spec.generators
    : [];
  const result: Expansion = {
    applications: [],
    unresolved: [],
    generators: [],
  };
  if (!template || typeof template !== 'object') {
    result.unresolved.push('no spec.template');
    return result;
  }
  if (!generators.length) result.unresolved.push('no spec.generators');
  for (const raw of generators) {
    const generator = (raw ?? {}) as Record<string, any>;
    let produced:
      | { params: Params[]; describe: string }
      | { unresolved: string };
    if (Array.isArray(generator.list?.elements)) {
      produced = {
        params: generator.list.elements.map((e: unknown) => flatten(e, '', {})),
        describe: `list of ${generator.list.elements.length}`,
      };
    } else if (generator.list) {
      produced = {
        unresolved: 'list generator without literal elements (elementsYaml)',
      };
    } else if (generator.git) {
      produced = gitGenerator(generator.git, context);
    } else if (generator.clusters) {
      produced = clusterGenerator(generator.clusters, context);
    } else {
      produced = {
        unresolved: `${describeGenerator(
          generator,
        )} generator: resolved only by Argo CD`,
      };
    }
    if ('unresolved' in produced) {
      result.unresolved.push(produced.unresolved);
      result.generators.push(describeGenerator(generator));
      continue;
    }
    result.generators.push(produced.describe);
    for (const params of produced.params) {
      const filled = fill(template, params, goTemplate) as Record<string, any>;
      const name = filled?.metadata?.name;
      if (typeof name !== 'string' || name.includes('{{')) {
        result.unresolved.push(
          `${produced.describe}: the template's name ${JSON.stringify(
            template.metadata?.name ?? null,
          )} did not resolve with ${JSON.stringify(params).slice(0, 120)}`,
        );
        continue;
      }
      result.applications.push({
        generator: produced.describe,
        object: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: {
            ...filled.metadata,
            namespace: filled.metadata?.namespace ?? set.metadata?.namespace,
          },
          spec: filled.spec ?? {},
        },
      });
    }
  }
  return result;
}

/** Clusters declared in the repository the way Argo CD reads them: Secrets labelled argocd.argoproj.io/secret-type=cluster. */
export function clusterFromSecret(object: any): ArgoCluster | undefined {
  if (
    object?.kind !== 'Secret' ||
    object?.metadata?.labels?.['argocd.argoproj.io/secret-type'] !== 'cluster'
  ) {
    return undefined;
  }
  const data = object.stringData ?? {};
  const decoded = (key: string): string | undefined => {
    if (typeof data[key] === 'string') return data[key];
    const encoded = object.data?.[key];
    return typeof encoded === 'string'
      ? Buffer.from(encoded, 'base64').toString('utf8')
      : undefined;
  };
  const server = decoded('server');
  const name = decoded('name') ?? server;
  if (!server || !name) return undefined;
  const labels = Object.fromEntries(
    Object.entries(object.metadata?.labels ?? {}).filter(
      ([, v]) => typeof v === 'string',
    ),
  ) as Record<string, string>;
  return { name, server, labels };
}
