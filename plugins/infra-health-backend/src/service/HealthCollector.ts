import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterHealth,
  ArgoApplication,
  HealthCheck,
  rollupCluster,
  StalenessPolicy,
} from '@proficientnow/backstage-plugin-infra-health-common';
import {
  collectClusterHealth,
  customResourceSource,
  KUBERNETES_SOURCES,
} from '../collectors/collectClusterHealth';
import {
  collectMetricsHealth,
  mergeChecks,
  METRIC_SOURCES,
} from '../collectors/collectMetricsHealth';
import { failedCheck, HealthSource } from '../collectors/sourceChecks';
import { HealthStore } from '../database/HealthStore';
import { CollectionTarget } from './clusterTargets';

/** The check of each subsystem a whole collector feeds, for when the collector itself fails. */
const KUBERNETES_SUBSYSTEM_SOURCES: HealthSource[] = (
  ['nodes', 'readyz', 'applications', 'vms', 'ceph', 'ciliumAgents'] as const
).map(key => ({ ...KUBERNETES_SOURCES[key], origin: 'kubernetes' }));

/**
 * Runs a collector; should it throw (its rules are guarded, so it should
 * not), every subsystem it feeds is unknown with the error, in this cycle.
 */
async function guarded(
  collect: () => Promise<HealthCheck[]>,
  sources: HealthSource[],
  now: () => Date,
): Promise<HealthCheck[]> {
  try {
    return await collect();
  } catch (error) {
    const at = now().toISOString();
    return sources.map(source =>
      failedCheck(source, 'the collection', error, at),
    );
  }
}

export interface CollectionReport {
  clusters: Array<{ cluster: string; status: string; ms: number }>;
  ms: number;
  prunedHistory: number;
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function withConcurrency<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    },
  );
  await Promise.all(lanes);
  return results;
}

/**
 * One collection cycle: every target at most `concurrency` at a time, each
 * source within its own timeout, each cluster's snapshot saved as soon as
 * it is read (a slow cluster never delays the others' freshness). Clusters
 * that are no longer targets are dropped, history older than the retention
 * is pruned. Credentials are never logged: log lines carry names, statuses
 * and reasons only.
 */
export class HealthCollector {
  constructor(
    private readonly options: {
      store: HealthStore;
      targets: {
        list(): Promise<{ targets: CollectionTarget[]; complete: boolean }>;
      };
      logger: LoggerService;
      concurrency: number;
      staleness: StalenessPolicy;
      historyRetentionMs: number;
      /** told each cycle's rollups once every cluster is saved (debounced notifications, issues) */
      alerts?: {
        observe(rollups: ClusterHealth[], now: Date): Promise<void>;
      };
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async collectOnce(): Promise<CollectionReport> {
    const { store, logger } = this.options;
    const started = Date.now();
    const { targets, complete } = await this.options.targets.list();
    const rollups: ClusterHealth[] = [];
    const clusters = await withConcurrency(
      targets,
      this.options.concurrency,
      async target => {
        const t0 = Date.now();
        const status = await this.collectCluster(target, rollups).catch(
          error => {
            logger.error(
              `health collection of cluster ${target.name} failed: ${
                (error as Error).message
              }`,
            );
            return 'failed';
          },
        );
        return { cluster: target.name, status, ms: Date.now() - t0 };
      },
    );
    // with the catalog away, clusters it names are not gone: keep their data
    if (complete) await store.retainClusters(targets.map(t => t.name));
    const prunedHistory = await store.pruneHistory(
      new Date(this.now().getTime() - this.options.historyRetentionMs),
    );
    if (this.options.alerts) {
      await this.options.alerts
        .observe(rollups, this.now())
        .catch(error =>
          logger.warn(`health alerts skipped: ${(error as Error).message}`),
        );
    }
    const report = { clusters, ms: Date.now() - started, prunedHistory };
    logger.info(
      `health collected from ${clusters.length} cluster(s) in ${report.ms} ms`,
    );
    return report;
  }

  private async collectCluster(
    target: CollectionTarget,
    rollups: ClusterHealth[],
  ): Promise<string> {
    const now = () => this.now();
    const { kubernetes, prometheus } = target;
    let applications: ArgoApplication[] | undefined;
    const [kubeChecks, metricChecks] = await Promise.all([
      kubernetes
        ? guarded(
            () =>
              collectClusterHealth(kubernetes, now, read => {
                applications = read;
              }),
            [
              ...KUBERNETES_SUBSYSTEM_SOURCES,
              ...(kubernetes.customResources ?? []).map(customResourceSource),
            ],
            now,
          )
        : Promise.resolve<HealthCheck[]>([]),
      prometheus
        ? guarded(
            () => collectMetricsHealth(prometheus, now),
            [
              ...(prometheus.ceph === false ? [] : [METRIC_SOURCES.ceph]),
              ...(prometheus.cilium === false ? [] : [METRIC_SOURCES.cilium]),
            ],
            now,
          )
        : Promise.resolve<HealthCheck[]>([]),
    ]);
    const checks = mergeChecks(kubeChecks, metricChecks);
    if (!target.kubernetes) {
      const hint = target.sources.find(s => s.source === 'kubernetes')?.hint;
      checks.push({
        id: 'controlPlane.access',
        subsystem: 'controlPlane',
        status: 'unknown',
        reason: `no credentials for cluster ${target.name}: ${hint}`,
        observedAt: now().toISOString(),
      });
    }
    for (const failed of checks.filter(c => c.details?.evaluationFailed)) {
      this.options.logger.warn(
        `health of cluster ${target.name} could not be judged: ${failed.reason}`,
      );
    }
    const collectedAt = now();
    // no answer at all (refused, timed out), as opposed to an answer that is
    // an error or could not be judged
    const nodes = checks.find(c => c.id === 'nodes.ready');
    // a collector that failed as a whole says nothing about reachability
    const unjudged = nodes?.details?.collectionFailed === true;
    const previous =
      !target.kubernetes || (!unjudged && nodes?.details?.noAnswer !== true)
        ? undefined
        : await this.options.store.snapshot(target.name);
    let reachable: boolean | undefined;
    if (target.kubernetes) {
      reachable = unjudged
        ? previous?.reachable
        : nodes?.details?.noAnswer !== true;
    }
    const lastSeenAt =
      reachable && !unjudged ? collectedAt.toISOString() : previous?.lastSeenAt;
    const rollup = rollupCluster(target.name, checks, collectedAt, {
      environment: target.environment,
      sources: target.sources,
      policy: this.options.staleness,
    });
    await this.options.store.save(
      {
        cluster: target.name,
        environment: target.environment,
        status: rollup.status,
        collectedAt: collectedAt.toISOString(),
        checks,
        sources: target.sources,
        reachable,
        lastSeenAt,
        applications,
      },
      rollup,
    );
    rollups.push(rollup);
    const notOk = rollup.status === 'ok' ? '' : `: ${rollup.reason}`;
    this.options.logger.debug(
      `cluster ${target.name} is ${rollup.status}${notOk}`,
    );
    return rollup.status;
  }
}
