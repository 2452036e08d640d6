import { findCatalogueComponent } from '../catalogue/components';
import {
  CatalogueComponent,
  ComponentSource,
  SyncPolicyOverrides,
} from '../catalogue/types';
import {
  PLATFORM_DOMAINS,
  PlatformDomain,
} from '@proficientnow/backstage-plugin-gitops-common';
import {
  dns1123Label,
  groupRef,
  integerInRange,
  oneOf,
  safeSingleLine,
} from '../requests/fieldRules';
import { IssueCollector } from '../requests/RequestValidationError';
import {
  always,
  parseRequest,
  refineWith,
  requestZod,
  worded,
  Zod,
} from '../requests/requestSchema';
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
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

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

const exactVersion = (value: unknown) =>
  typeof value === 'string' && SEMVER.test(value)
    ? undefined
    : 'must be an exact chart version like 1.18.2 (no ranges)';
const SOURCE_TYPES = ['helm', 'git', 'kustomize'] as const;
const SYNC_OPTIONS_RULE =
  'must be a list of Argo CD sync options like RespectIgnoreDifferences=true';

/**
 * The rules of each component request field, written once: the scaffolder
 * action's input schema (`gitops:component:render`) and the request schema
 * the generator checks are both made of these.
 */
export function componentFields(z: Zod) {
  const helmValues = () =>
    z
      .record(z.unknown(), always('must be a map of Helm values'))
      .describe('Helm values merged over the catalogue values');
  const repoURL = (helm: boolean) =>
    z
      .string(worded(v => repoUrlRule(v, helm)))
      .superRefine(refineWith(v => repoUrlRule(v, helm)));
  const gitPath = () =>
    z.string(worded(repoPathRule)).superRefine(refineWith(repoPathRule));
  const helmSource = z.object({
    type: z.literal('helm'),
    repoURL: repoURL(true),
    chart: z
      .string(worded(v => dns1123Label(v, 253)))
      .superRefine(refineWith(v => dns1123Label(v, 253))),
    version: z.string(worded(exactVersion)).regex(SEMVER),
    values: helmValues().optional(),
    releaseName: z.string().optional(),
  });
  const gitSource = z.object({
    type: z.literal('git'),
    repoURL: repoURL(false).optional(),
    path: gitPath(),
    targetRevision: z.string().optional(),
    recurse: z.boolean().optional(),
  });
  const kustomizeSource = z.object({
    type: z.literal('kustomize'),
    repoURL: repoURL(false).optional(),
    path: gitPath(),
    targetRevision: z.string().optional(),
    namePrefix: z.string().optional(),
    commonLabels: z.record(z.string()).optional(),
    images: z.array(z.string()).optional(),
  });
  const bySourceType = {
    helm: helmSource,
    git: gitSource,
    kustomize: kustomizeSource,
  };
  /** One source; its type decides its fields, each named when wrong. */
  const source = z.custom<ComponentSource>().superRefine((value, ctx) => {
    const type = (value as { type?: unknown } | null)?.type;
    if (!value || typeof value !== 'object') {
      ctx.addIssue({ code: 'custom', message: 'must be an object' });
      return;
    }
    const schema = bySourceType[type as keyof typeof bySourceType];
    if (!schema) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: oneOf(type, SOURCE_TYPES)!,
      });
      return;
    }
    const result = schema.safeParse(value);
    if (!result.success)
      for (const issue of result.error.issues) ctx.addIssue(issue as any);
  });
  return {
    name: z
      .string(worded(v => dns1123Label(v, 53)))
      .min(1)
      .max(53)
      .regex(DNS_LABEL)
      .describe(
        'Component name: a catalogue component (postgres, metallb, ...) or a new DNS-1123 name',
      ),
    owner: z
      .string(worded(groupRef))
      .superRefine(refineWith(groupRef))
      .describe('Owner group, e.g. group:default/platform-engineers'),
    domain: z
      .enum(
        PLATFORM_DOMAINS,
        worded(v => oneOf(v, PLATFORM_DOMAINS)),
      )
      .describe(
        'infrastructure, applications, workloads or environments (custom components)',
      ),
    group: z
      .string(worded(v => dns1123Label(v, 40)))
      .max(40)
      .regex(DNS_LABEL)
      .describe('Group inside the domain, e.g. databases (custom components)'),
    namespace: z
      .string(worded(v => dns1123Label(v)))
      .max(63)
      .regex(DNS_LABEL)
      .describe(
        'Namespace to deploy into; default the catalogue namespace or the name',
      ),
    title: z
      .string(worded(v => safeSingleLine(v, 100)))
      .superRefine(refineWith(v => safeSingleLine(v, 100))),
    description: z
      .string(always('must be text of at most 500 characters'))
      .max(500)
      .regex(/^[^\0]*$/),
    syncWave: z
      .number(worded(v => integerInRange(v, -50, 100)))
      .int()
      .min(-50)
      .max(100)
      .describe('Argo CD sync wave; default from the catalogue'),
    sources: z
      .array(
        source,
        always('must list at least one source (helm, git or kustomize)'),
      )
      .min(1),
    chartRepoURL: repoURL(true).describe('Custom Helm chart: repository URL'),
    chart: helmSource.shape.chart.describe('Custom Helm chart: chart name'),
    chartVersion: z
      .string(worded(exactVersion))
      .regex(SEMVER)
      .describe('Exact chart version (overrides the catalogue version)'),
    values: helmValues(),
    syncPolicy: z
      .object({
        automated: z.boolean(always('must be true or false')).optional(),
        prune: z.boolean(always('must be true or false')).optional(),
        selfHeal: z.boolean(always('must be true or false')).optional(),
        createNamespace: z.boolean(always('must be true or false')).optional(),
        serverSideApply: z.boolean(always('must be true or false')).optional(),
        retryLimit: z
          .number(worded(v => integerInRange(v, 0, 20)))
          .int()
          .min(0)
          .max(20)
          .optional(),
        extraSyncOptions: z
          .array(z.string(), always(SYNC_OPTIONS_RULE))
          .superRefine(
            refineWith(options =>
              (options as string[]).every(o =>
                /^[A-Za-z]+=[A-Za-z0-9,-]+$/.test(o),
              )
                ? undefined
                : SYNC_OPTIONS_RULE,
            ),
          )
          .optional(),
      })
      .strict(),
  };
}

/** The component request schema the generator checks; what depends on the catalogue is checked after it. */
export function componentRequestSchema(z: Zod) {
  const f = componentFields(z);
  return z.object(
    {
      name: f.name,
      owner: f.owner,
      domain: f.domain.optional(),
      group: f.group.optional(),
      title: f.title.optional(),
      description: f.description.optional(),
      namespace: f.namespace.optional(),
      syncWave: f.syncWave.optional(),
      sources: f.sources.optional(),
      chartVersion: f.chartVersion.optional(),
      values: f.values.optional(),
      syncPolicy: f.syncPolicy.optional(),
    },
    always('must be an object'),
  );
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
  const checked = parseRequest(componentRequestSchema(requestZod), request);
  const issues = new IssueCollector();
  const base = findCatalogueComponent(checked.name);
  if (!base) {
    // a custom component must say where it goes and what it deploys
    if (checked.domain === undefined)
      issues.add(
        'domain',
        `is required for a component that is not in the catalogue (${PLATFORM_DOMAINS.join(
          ', ',
        )})`,
      );
    if (checked.group === undefined)
      issues.add(
        'group',
        'is required for a component that is not in the catalogue',
      );
    if (checked.sources === undefined)
      issues.add(
        'sources',
        'is required for a component that is not in the catalogue',
      );
  }
  if (checked.chartVersion !== undefined) {
    const helmSources = (checked.sources ?? base?.sources ?? []).filter(
      s => s.type === 'helm',
    );
    if (helmSources.length !== 1)
      issues.add(
        'chartVersion',
        'can only be set for a component with exactly one Helm chart',
      );
  }
  issues.throwIfAny();

  const sources = (checked.sources ?? base!.sources).map((source, i) => {
    if (source.type !== 'helm') return source;
    const values = substitutePlatformAddresses(
      { ...(source.values ?? {}), ...(checked.values ?? {}) },
      platformAddresses,
      { component: request.name, field: `sources[${i}].values` },
      (field, rule) => issues.add(field, rule),
    ) as Record<string, unknown>;
    return {
      ...source,
      ...(checked.chartVersion ? { version: checked.chartVersion } : {}),
      ...(Object.keys(values).length ? { values } : {}),
    };
  });
  issues.throwIfAny();
  return {
    name: checked.name,
    title: checked.title ?? base?.title ?? checked.name,
    domain: checked.domain ?? base!.domain,
    group: checked.group ?? base!.group,
    description: checked.description ?? base?.description ?? '',
    namespace: checked.namespace ?? base?.namespace ?? checked.name,
    syncWave: checked.syncWave ?? base?.syncWave ?? 0,
    sources,
    syncPolicy: { ...(base?.syncPolicy ?? {}), ...(checked.syncPolicy ?? {}) },
    dependsOn: base?.dependsOn ?? [],
    docs: base?.docs ?? '',
    defaultOwner: base?.defaultOwner ?? checked.owner,
    owner: checked.owner,
  };
}
