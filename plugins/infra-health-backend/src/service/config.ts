import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { CustomResourceKind } from '@proficientnow/backstage-plugin-infra-health-common';
import {
  PrometheusTarget,
  selectorMatchers,
} from '../collectors/collectMetricsHealth';
import { ClusterTarget } from '../collectors/KubernetesApi';

/** A cluster from configuration: its API server and, optionally, the Prometheus that scrapes it. */
export interface ConfiguredCluster {
  name: string;
  environment?: string;
  kubernetes?: ClusterTarget;
  prometheus?: PrometheusTarget;
}

export interface InfraHealthSettings {
  schedule: SchedulerServiceTaskScheduleDefinition;
  sourceTimeoutMs: number;
  concurrency: number;
  staleAfterMs: number;
  historyRetentionMs: number;
  /** Custom resource kinds judged in every cluster that does not list its own. */
  customResources: CustomResourceKind[];
  clusters: ConfiguredCluster[];
  catalog: {
    enabled: boolean;
    tokens: Record<string, string>;
    prometheus?: Omit<PrometheusTarget, 'selector'> & { clusterLabel?: string };
  };
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** A CRD's group is a DNS subdomain with at least one dot (the API server refuses others). */
const API_GROUP =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
/** Versions, plurals: DNS-1035 labels, as a CRD's versions and names.plural must be. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CUSTOM_RESOURCE_KEYS = [
  'group',
  'version',
  'plural',
  'kind',
  'title',
  'namespace',
];
/** Each kind is one more request per cluster and cycle. */
export const MAX_CUSTOM_RESOURCE_KINDS = 50;

/**
 * `customResources` at `key`: each kind's group, version, plural and kind
 * checked against what the API server accepts (so a typo stops the backend
 * naming the key instead of turning into a 404 "not installed"), no kind
 * twice, unknown keys refused (a misspelt `namespace` would widen the
 * read to every namespace).
 */
function readCustomResources(
  configs: Config[],
  key: string,
): CustomResourceKind[] {
  if (configs.length > MAX_CUSTOM_RESOURCE_KINDS)
    throw new Error(
      `${key}: at most ${MAX_CUSTOM_RESOURCE_KINDS} kinds (each is a request per cluster and cycle); got ${configs.length}`,
    );
  const seen = new Map<string, string>();
  return configs.map((c, i) => {
    const at = `${key}[${i}]`;
    const unknown = c.keys().filter(k => !CUSTOM_RESOURCE_KEYS.includes(k));
    if (unknown.length)
      throw new Error(
        `${at}.${
          unknown[0]
        }: not a setting of a custom resource kind (${CUSTOM_RESOURCE_KEYS.join(
          ', ',
        )})`,
      );
    const field = (
      name: string,
      pattern: RegExp,
      max: number,
      rule: string,
    ) => {
      const value = c.getString(name);
      if (value.length > max || !pattern.test(value))
        throw new Error(`${at}.${name}: ${rule}; got '${value}'`);
      return value;
    };
    const group = field(
      'group',
      API_GROUP,
      253,
      'must be the API group of a custom resource: a lower-case DNS name with a dot, e.g. cert-manager.io',
    );
    const version = field(
      'version',
      DNS_LABEL,
      63,
      'must be an API version, e.g. v1 or v1beta1',
    );
    const plural = field(
      'plural',
      DNS_LABEL,
      63,
      'must be the lower-case plural of the resource as in its URL, e.g. certificates',
    );
    const kind = field(
      'kind',
      KIND,
      63,
      'must be the kind in CamelCase, e.g. Certificate',
    );
    const title = c.getOptionalString('title');
    if (title !== undefined && (!title.trim() || title.length > 80))
      throw new Error(
        `${at}.title: must be a name of 1 to 80 characters; got '${title}'`,
      );
    const namespace = c.has('namespace')
      ? field(
          'namespace',
          NAMESPACE,
          63,
          'must be a namespace name (lower-case letters, digits and -)',
        )
      : undefined;
    const resource = `${plural}.${group}`;
    const first = seen.get(resource);
    if (first)
      throw new Error(
        `${at}: ${resource} is configured twice (also at ${first}); list it once, without namespace to read every namespace`,
      );
    seen.set(resource, at);
    return {
      group,
      version,
      plural,
      kind,
      ...(title !== undefined ? { title: title.trim() } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
    };
  });
}

function durationMs(config: Config, key: string, fallbackMs: number): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallbackMs;
}

function checkUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${key}: must be an http(s) URL; got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${key}: must be an http(s) URL; got '${value}'`);
  if (url.username || url.password)
    throw new Error(
      `${key}: must not carry credentials in the URL; use the token setting`,
    );
  return value;
}

function readPrometheus(
  config: Config,
  key: string,
  timeoutMs: number,
): PrometheusTarget {
  // label names are checked here, so a bad one stops the backend naming its key
  const labels = (name: string) => {
    const c = config.getOptionalConfig(name);
    if (!c) return undefined;
    const selector = Object.fromEntries(c.keys().map(k => [k, c.getString(k)]));
    try {
      selectorMatchers(selector);
    } catch (error) {
      throw new Error(
        `${key}.${name}: ${(error as Error).message.replace(
          /^prometheus\.selector: /,
          '',
        )}`,
      );
    }
    return selector;
  };
  return {
    url: checkUrl(config.getString('url'), `${key}.url`),
    token: config.getOptionalString('token'),
    caData: config.getOptionalString('caData'),
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify'),
    timeoutMs,
    selector: labels('selector'),
    cephSelector: labels('cephSelector'),
    ciliumSelector: labels('ciliumSelector'),
    ceph: config.getOptionalBoolean('ceph'),
    cilium: config.getOptionalBoolean('cilium'),
    dropWarnPerSecond: config.getOptionalNumber('dropWarnPerSecond'),
  };
}

/**
 * Reads `infraHealth` with defaults a platform team can start from: collect
 * every 30 s, 5 s per source, 8 clusters at a time, stale after 5 min, 7 days
 * of history. Bad values stop the backend with the key and the rule.
 */
export function readInfraHealthSettings(root: Config): InfraHealthSettings {
  const config = root.getOptionalConfig('infraHealth');
  const sourceTimeoutMs = config
    ? durationMs(config, 'sourceTimeout', 5_000)
    : 5_000;
  const schedule = config?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      )
    : {
        frequency: { seconds: 30 },
        timeout: { minutes: 2 },
        initialDelay: { seconds: 5 },
      };
  const concurrency = config?.getOptionalNumber('concurrency') ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(
      `infraHealth.concurrency: must be a whole number of at least 1; got ${concurrency}`,
    );
  const customResources = readCustomResources(
    config?.getOptionalConfigArray('customResources') ?? [],
    'infraHealth.customResources',
  );
  const names = new Set<string>();
  const clusters = (config?.getOptionalConfigArray('clusters') ?? []).map(
    (c, i) => {
      const key = `infraHealth.clusters[${i}]`;
      const name = c.getString('name');
      if (!NAME.test(name))
        throw new Error(
          `${key}.name: must be lower-case letters, digits, '-' or '.'; got '${name}'`,
        );
      if (names.has(name))
        throw new Error(`${key}.name: '${name}' is configured twice`);
      names.add(name);
      const environment = c.getOptionalString('environment');
      const url = c.getOptionalString('url');
      const token = c.getOptionalString('token');
      if (url && !token)
        throw new Error(
          `${key}.token: required with ${key}.url (a service account token that can read nodes, Argo CD, KubeVirt, Rook and Cilium objects)`,
        );
      const prometheus = c.getOptionalConfig('prometheus');
      // a cluster's own list replaces the shared one ([] reads none there)
      const kinds = c.has('customResources')
        ? readCustomResources(
            c.getConfigArray('customResources'),
            `${key}.customResources`,
          )
        : customResources;
      return {
        name,
        environment,
        kubernetes: url
          ? {
              name,
              environment,
              url: checkUrl(url, `${key}.url`),
              token: token!,
              caData: c.getOptionalString('caData'),
              skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
              timeoutMs: sourceTimeoutMs,
              customResources: kinds,
            }
          : undefined,
        prometheus: prometheus
          ? readPrometheus(prometheus, `${key}.prometheus`, sourceTimeoutMs)
          : undefined,
      };
    },
  );
  const catalog = config?.getOptionalConfig('catalog');
  const tokens = catalog?.getOptionalConfig('tokens');
  const catalogPrometheus = catalog?.getOptionalConfig('prometheus');
  return {
    schedule,
    sourceTimeoutMs,
    concurrency,
    staleAfterMs: config
      ? durationMs(config, 'staleAfter', 5 * 60_000)
      : 5 * 60_000,
    historyRetentionMs: config
      ? durationMs(config, 'historyRetention', 7 * 24 * 3_600_000)
      : 7 * 24 * 3_600_000,
    customResources,
    clusters,
    catalog: {
      enabled: catalog?.getOptionalBoolean('enabled') ?? true,
      tokens: tokens
        ? Object.fromEntries(tokens.keys().map(k => [k, tokens.getString(k)]))
        : {},
      prometheus: catalogPrometheus
        ? {
            ...readPrometheus(
              catalogPrometheus,
              'infraHealth.catalog.prometheus',
              sourceTimeoutMs,
            ),
            clusterLabel:
              catalogPrometheus.getOptionalString('clusterLabel') ?? 'cluster',
          }
        : undefined,
    },
  };
}
