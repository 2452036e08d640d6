import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
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
  clusters: ConfiguredCluster[];
  catalog: {
    enabled: boolean;
    tokens: Record<string, string>;
    prometheus?: Omit<PrometheusTarget, 'selector'> & { clusterLabel?: string };
  };
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

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
