import { HealthCheck } from '@proficientnow/backstage-plugin-infra-health-common';
import { performance } from 'node:perf_hooks';
import { collectClusterHealth } from '../../collectors/collectClusterHealth';
import {
  collectMetricsHealth,
  PrometheusTarget,
} from '../../collectors/collectMetricsHealth';
import { ClusterTarget } from '../../collectors/KubernetesApi';
import {
  KUBERNETES_SOURCE_KEYS,
  kubernetesSourceOf,
  PROMETHEUS_SOURCE_KEYS,
  prometheusSourceOf,
  SourceKey,
} from './collectorSources';
import { FuzzRequest, startFuzzServer } from './fuzzServer';
import { previewBody } from './jsonMutations';
import {
  Delivery,
  Expectation,
  MutationKind,
  mutationWeights,
  renderAnswer,
} from './malformedAnswers';
import { SeededRandom } from './seededRandom';

export type CollectionKind = 'cluster' | 'metrics';

export interface CampaignOptions {
  seed: number;
  /** How many collections the plan has (alternately a cluster and a Prometheus). */
  collections: number;
  /** Run only these collections of the plan (a replay); all when absent. */
  only?: number[];
  concurrency: number;
  /** The source timeout of every target. */
  timeoutMs: number;
  token: string;
}

/** What one source was answered in one collection, small enough to keep for all of them. */
export interface ServedAnswer {
  mutation: MutationKind;
  expectation: Expectation;
  detail: string;
  status: number;
  bytes: number;
  delivery: Delivery['kind'];
  preview: string;
}

export interface CollectionRecord {
  index: number;
  kind: CollectionKind;
  served: Partial<Record<SourceKey, ServedAnswer>>;
  /** Requests the generator has no source for (e.g. a path a collector learned since). */
  unknownRequests: string[];
  checks: HealthCheck[];
  /** What escaped the collector, if anything did. */
  escaped?: string;
  durationMs: number;
  /** When the collection ended: staleness is judged at this time. */
  finishedAt: Date;
}

export interface Campaign {
  options: CampaignOptions;
  records: CollectionRecord[];
  /** Errors of the generator itself (a bug of the suite, not of a collector). */
  generatorErrors: string[];
  wallMs: number;
}

/** Collection `index` of campaign `seed`: its kind and the mutation each source gets. */
export function planCollection(
  seed: number,
  index: number,
): {
  kind: CollectionKind;
  mutations: Partial<Record<SourceKey, MutationKind>>;
} {
  const random = new SeededRandom(seed, 'plan', index);
  const kind: CollectionKind = index % 2 === 0 ? 'cluster' : 'metrics';
  const sources: SourceKey[] =
    kind === 'cluster' ? KUBERNETES_SOURCE_KEYS : PROMETHEUS_SOURCE_KEYS;
  return {
    kind,
    mutations: Object.fromEntries(
      sources.map(source => [source, random.weighted(mutationWeights(source))]),
    ),
  };
}

function sourceOfRequest(
  kind: CollectionKind,
  pathAndQuery: string,
): SourceKey | undefined {
  if (kind === 'cluster') return kubernetesSourceOf(pathAndQuery);
  const url = new URL(pathAndQuery, 'http://fuzz');
  if (url.pathname !== '/api/v1/query') return undefined;
  return prometheusSourceOf(url.searchParams.get('query') ?? '');
}

/**
 * Runs the real collectors against the fuzz server: `collections` of them,
 * at most `concurrency` at a time, each source answered by the generator
 * with the mutation its plan drew. Never throws for what a collector does:
 * every outcome is recorded for the verdicts.
 */
export async function runCampaign(options: CampaignOptions): Promise<Campaign> {
  const { seed, timeoutMs, token } = options;
  const indices = options.only?.length
    ? options.only
    : Array.from({ length: options.collections }, (_, i) => i);
  const plans = new Map(indices.map(i => [i, planCollection(seed, i)]));
  const running = new Map<number, CollectionRecord>();
  const generatorErrors: string[] = [];

  const respond = (request: FuzzRequest) => {
    const record = running.get(request.collection);
    const plan = plans.get(request.collection);
    if (!record || !plan) return undefined;
    const source = sourceOfRequest(record.kind, request.pathAndQuery);
    const mutation = source && plan.mutations[source];
    if (!source || !mutation) {
      record.unknownRequests.push(request.pathAndQuery);
      return undefined;
    }
    try {
      const answer = renderAnswer(
        source,
        mutation,
        new SeededRandom(seed, 'answer', request.collection, source),
        { now: new Date(), timeoutMs, authorization: request.authorization },
      );
      record.served[source] = {
        mutation: answer.mutation,
        expectation: answer.expectation,
        detail: answer.detail,
        status: answer.status,
        bytes: answer.body.length,
        delivery: answer.delivery.kind,
        preview: previewBody(answer.body),
      };
      return answer;
    } catch (error) {
      generatorErrors.push(
        `collection ${request.collection} ${source} ${mutation}: ${
          (error as Error)?.stack ?? error
        }`,
      );
      return undefined;
    }
  };

  const server = await startFuzzServer(respond);
  const records: CollectionRecord[] = [];
  const queue = [...indices];
  const started = performance.now();
  try {
    const slot = async (slotIndex: number) => {
      // one target per slot, as the collector keeps one per cluster: its
      // connection pool is reused from one collection to the next
      const cluster: ClusterTarget = {
        name: `fuzz-${slotIndex}`,
        url: '',
        token,
        timeoutMs,
      };
      const prometheus: PrometheusTarget = { url: '', token, timeoutMs };
      for (
        let index = queue.shift();
        index !== undefined;
        index = queue.shift()
      ) {
        const kind = plans.get(index)!.kind;
        const record: CollectionRecord = {
          index,
          kind,
          served: {},
          unknownRequests: [],
          checks: [],
          durationMs: 0,
          finishedAt: new Date(),
        };
        running.set(index, record);
        const begin = performance.now();
        try {
          if (kind === 'cluster') {
            cluster.url = server.urlOf(index);
            record.checks = await collectClusterHealth(cluster);
          } else {
            prometheus.url = server.urlOf(index);
            record.checks = await collectMetricsHealth(prometheus);
          }
        } catch (error) {
          record.escaped = String((error as Error)?.stack ?? error);
        }
        record.durationMs = performance.now() - begin;
        record.finishedAt = new Date();
        running.delete(index);
        records.push(record);
      }
    };
    await Promise.all(
      Array.from({ length: options.concurrency }, (_, i) => slot(i)),
    );
  } finally {
    await server.close();
  }
  records.sort((a, b) => a.index - b.index);
  return {
    options,
    records,
    generatorErrors,
    wallMs: performance.now() - started,
  };
}
