import { findCatalogueComponent } from '../catalogue/components';
import {
  CatalogueComponent,
  ComponentSource,
  SyncPolicyOverrides,
} from '../catalogue/types';
import {
  PLATFORM_DOMAINS,
  PlatformDomain,
} from '@internal/plugin-gitops-common';
import {
  dns1123Label,
  groupRef,
  integerInRange,
  oneOf,
  safeSingleLine,
} from '../requests/fieldRules';
import { IssueCollector } from '../requests/RequestValidationError';
import {
  PlatformAddresses,
  resolvePlatformAddresses,
  substitutePlatformAddresses,
} from '../catalogue/platformAddresses';

/**
 * A request to add (or change) one platform component. For a component of
 * the catalogue only `name` and `owner` are needed; a custom component also
 * names its domain, group, namespace and sources.
 */
export interface ComponentRequest {
  name: string;
  owner: string;
  domain?: PlatformDomain;
  group?: string;
  title?: string;
  description?: string;
  namespace?: string;
  syncWave?: number;
  /** Replaces the catalogue's sources. */
  sources?: ComponentSource[];
  /** Overrides the chart version of a single-chart catalogue component. */
  chartVersion?: string;
  /** Merged over the catalogue's Helm values (top-level keys replace). */
  values?: Record<string, unknown>;
  syncPolicy?: SyncPolicyOverrides;
}

/** A request checked and completed from the catalogue: everything the renderer needs. */
export type ResolvedComponent = CatalogueComponent & { owner: string };

const SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

function checkSources(
  sources: unknown,
  issues: IssueCollector,
  field: string,
): sources is ComponentSource[] {
  if (!Array.isArray(sources) || sources.length === 0) {
    issues.add(field, 'must list at least one source (helm, git or kustomize)');
    return false;
  }
  const before = issues.issues.length;
  sources.forEach((source: any, i) => {
    const at = `${field}[${i}]`;
    if (!source || typeof source !== 'object') {
      issues.add(at, 'must be an object');
      return;
    }
    if (
      !issues.check(
        `${at}.type`,
        oneOf(source.type, ['helm', 'git', 'kustomize']),
      )
    )
      return;
    if (source.repoURL !== undefined || source.type === 'helm') {
      issues.check(
        `${at}.repoURL`,
        repoUrlRule(source.repoURL, source.type === 'helm'),
      );
    }
    if (source.type === 'helm') {
      issues.check(`${at}.chart`, dns1123Label(source.chart, 253));
      if (typeof source.version !== 'string' || !SEMVER.test(source.version)) {
        issues.add(
          `${at}.version`,
          'must be an exact chart version like 1.18.2 (no ranges)',
        );
      }
      if (
        source.values !== undefined &&
        (typeof source.values !== 'object' || Array.isArray(source.values))
      ) {
        issues.add(`${at}.values`, 'must be a map of Helm values');
      }
    } else {
      issues.check(`${at}.path`, repoPathRule(source.path));
    }
  });
  return issues.issues.length === before;
}

function repoUrlRule(value: unknown, helm: boolean): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (/[\s\0]/.test(value)) return 'must not contain whitespace';
  if (/^https:\/\/[^\s/]+(\/\S*)?$/.test(value)) return undefined;
  if (!helm && /^(ssh:\/\/|git@)[^\s]+$/.test(value)) return undefined;
  if (helm && /^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?(\/[a-z0-9._/-]+)?$/.test(value))
    return undefined; // OCI registry
  return helm
    ? 'must be an https:// Helm repository or an OCI registry path like ghcr.io/org/charts'
    : 'must be an https://, ssh:// or git@ Git URL';
}

/** A relative path inside a repository: no leading slash, no `..`, no odd characters. */
export function repoPathRule(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (value.startsWith('/'))
    return 'must be relative to the repository root (no leading /)';
  if (
    value.split('/').some(part => part === '..' || part === '.' || part === '')
  ) {
    return 'must not contain "..", "." or empty segments';
  }
  if (!/^[A-Za-z0-9._/-]+$/.test(value))
    return 'may contain only letters, digits, ".", "_", "-" and "/"';
  return undefined;
}

/**
 * Checks a component request and completes it from the catalogue. Throws a
 * RequestValidationError naming every bad field; renders nothing.
 *
 * Helm values of the catalogue (and of the request) may refer to platform
 * addresses, `{ $platformAddress: apiServerVip }`; they are replaced by
 * `addresses` over DEFAULT_PLATFORM_ADDRESSES, and an unknown name is an
 * error naming the component and the value.
 */
export function resolveComponentRequest(
  request: ComponentRequest,
  addresses?: Partial<PlatformAddresses>,
): ResolvedComponent {
  const platformAddresses = resolvePlatformAddresses(addresses);
  const issues = new IssueCollector();
  if (!request || typeof request !== 'object') {
    issues.add('request', 'must be an object');
    issues.throwIfAny();
  }
  issues.check('name', dns1123Label(request.name, 53));
  issues.check('owner', groupRef(request.owner));
  const base =
    typeof request.name === 'string'
      ? findCatalogueComponent(request.name)
      : undefined;

  if (!base) {
    // a custom component must say where it goes and what it deploys
    if (request.domain === undefined)
      issues.add(
        'domain',
        `is required for a component that is not in the catalogue (${PLATFORM_DOMAINS.join(
          ', ',
        )})`,
      );
    if (request.group === undefined)
      issues.add(
        'group',
        'is required for a component that is not in the catalogue',
      );
    if (request.sources === undefined)
      issues.add(
        'sources',
        'is required for a component that is not in the catalogue',
      );
  }
  if (request.domain !== undefined)
    issues.check('domain', oneOf(request.domain, PLATFORM_DOMAINS));
  if (request.group !== undefined)
    issues.check('group', dns1123Label(request.group, 40));
  if (request.namespace !== undefined)
    issues.check('namespace', dns1123Label(request.namespace));
  if (request.title !== undefined)
    issues.check('title', safeSingleLine(request.title, 100));
  if (request.description !== undefined) {
    issues.check(
      'description',
      typeof request.description === 'string' &&
        request.description.length <= 500 &&
        !/[\0]/.test(request.description)
        ? undefined
        : 'must be text of at most 500 characters',
    );
  }
  if (request.syncWave !== undefined)
    issues.check('syncWave', integerInRange(request.syncWave, -50, 100));
  if (request.sources !== undefined)
    checkSources(request.sources, issues, 'sources');
  if (request.chartVersion !== undefined) {
    const helmSources = (request.sources ?? base?.sources ?? []).filter(
      s => s.type === 'helm',
    );
    if (
      typeof request.chartVersion !== 'string' ||
      !SEMVER.test(request.chartVersion)
    ) {
      issues.add(
        'chartVersion',
        'must be an exact chart version like 1.18.2 (no ranges)',
      );
    } else if (helmSources.length !== 1) {
      issues.add(
        'chartVersion',
        'can only be set for a component with exactly one Helm chart',
      );
    }
  }
  if (
    request.values !== undefined &&
    (typeof request.values !== 'object' ||
      request.values === null ||
      Array.isArray(request.values))
  ) {
    issues.add('values', 'must be a map of Helm values');
  }
  if (request.syncPolicy !== undefined) {
    const policy = request.syncPolicy as Record<string, unknown>;
    for (const flag of [
      'automated',
      'prune',
      'selfHeal',
      'createNamespace',
      'serverSideApply',
    ] as const) {
      if (policy[flag] !== undefined && typeof policy[flag] !== 'boolean')
        issues.add(`syncPolicy.${flag}`, 'must be true or false');
    }
    if (policy.retryLimit !== undefined)
      issues.check(
        'syncPolicy.retryLimit',
        integerInRange(policy.retryLimit, 0, 20),
      );
    if (policy.extraSyncOptions !== undefined) {
      const options = policy.extraSyncOptions;
      if (
        !Array.isArray(options) ||
        options.some(
          o => typeof o !== 'string' || !/^[A-Za-z]+=[A-Za-z0-9,-]+$/.test(o),
        )
      ) {
        issues.add(
          'syncPolicy.extraSyncOptions',
          'must be a list of Argo CD sync options like RespectIgnoreDifferences=true',
        );
      }
    }
  }
  issues.throwIfAny();

  const sources = (request.sources ?? base!.sources).map((source, i) => {
    if (source.type !== 'helm') return source;
    const values = substitutePlatformAddresses(
      { ...(source.values ?? {}), ...(request.values ?? {}) },
      platformAddresses,
      { component: request.name, field: `sources[${i}].values` },
      (field, rule) => issues.add(field, rule),
    ) as Record<string, unknown>;
    return {
      ...source,
      ...(request.chartVersion ? { version: request.chartVersion } : {}),
      ...(Object.keys(values).length ? { values } : {}),
    };
  });
  issues.throwIfAny();
  return {
    name: request.name,
    title: request.title ?? base?.title ?? request.name,
    domain: request.domain ?? base!.domain,
    group: request.group ?? base!.group,
    description: request.description ?? base?.description ?? '',
    namespace: request.namespace ?? base?.namespace ?? request.name,
    syncWave: request.syncWave ?? base?.syncWave ?? 0,
    sources,
    syncPolicy: { ...(base?.syncPolicy ?? {}), ...(request.syncPolicy ?? {}) },
    dependsOn: base?.dependsOn ?? [],
    docs: base?.docs ?? '',
    defaultOwner: base?.defaultOwner ?? request.owner,
    owner: request.owner,
  };
}
