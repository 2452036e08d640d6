/**
 * Collection cycles of the infra-health plugin, timed two ways: cycles run
 * here with the plugin's own HealthCollector (per cluster and per cycle),
 * and the plugin's own log line for the cycles its scheduler runs.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterTargets,
  CollectionReport,
  CollectionTarget,
  HealthCollector,
  HealthStore,
  InfraHealthSettings,
} from '@proficientnow/backstage-plugin-infra-health-backend';
import { quietRootLogger, silentLogger } from './loggers';
import { median } from './stats';

/** What a collector collects from: its `complete` false keeps stored clusters that are not listed. */
export interface TargetList {
  targets: CollectionTarget[];
  complete: boolean;
}

/** The plugin's targets from its settings, as its collector lists them. */
export function listTargets(
  settings: InfraHealthSettings,
): Promise<TargetList> {
  return new ClusterTargets({ settings, logger: silentLogger }).list();
}

/**
 * The plugin's HealthCollector over a fixed list of targets, with the
 * plugin's staleness and history retention, silent unless given a logger.
 */
export function fixedCollector(options: {
  store: HealthStore;
  settings: InfraHealthSettings;
  targets: TargetList;
  concurrency: number;
  logger?: LoggerService;
}): HealthCollector {
  const { settings, targets } = options;
  return new HealthCollector({
    store: options.store,
    targets: { list: async () => targets },
    logger: options.logger ?? silentLogger,
    concurrency: options.concurrency,
    staleness: { staleAfterMs: settings.staleAfterMs },
    historyRetentionMs: settings.historyRetentionMs,
  });
}

export interface CycleFigures {
  concurrency: number;
  targets: number;
  cycles: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** median over cycles of the slowest healthy cluster's own time */
  slowestHealthyClusterMs: number;
  /** median over cycles of the dead cluster's own time, when it is a target */
  deadClusterMs?: number;
  statuses: Record<string, number>;
}

/**
 * `cycles` collection cycles after a warm-up one, into `store`, over the
 * configured clusters with or without the one named "dead".
 */
export async function measureCycles(options: {
  store: HealthStore;
  settings: InfraHealthSettings;
  concurrency: number;
  withDead: boolean;
  cycles: number;
}): Promise<CycleFigures> {
  const { settings } = options;
  const listed = await listTargets(settings);
  // without the dead cluster: a partial list, so the stored dead snapshot is kept
  const targets: TargetList = options.withDead
    ? listed
    : {
        targets: listed.targets.filter(t => t.name !== 'dead'),
        complete: false,
      };
  const collector = fixedCollector({
    store: options.store,
    settings,
    targets,
    concurrency: options.concurrency,
  });
  await collector.collectOnce(); // warm: connections, JIT
  const reports: CollectionReport[] = [];
  for (let i = 0; i < options.cycles; i++)
    reports.push(await collector.collectOnce());
  const healthyMs = (r: CollectionReport) =>
    Math.max(...r.clusters.filter(c => c.cluster !== 'dead').map(c => c.ms));
  const dead = (r: CollectionReport) =>
    r.clusters.find(c => c.cluster === 'dead')?.ms;
  const statuses: Record<string, number> = {};
  for (const c of reports[reports.length - 1].clusters)
    statuses[c.status] = (statuses[c.status] ?? 0) + 1;
  return {
    concurrency: options.concurrency,
    targets: targets.targets.length,
    cycles: reports.length,
    medianMs: median(reports.map(r => r.ms)),
    minMs: Math.min(...reports.map(r => r.ms)),
    maxMs: Math.max(...reports.map(r => r.ms)),
    slowestHealthyClusterMs: median(reports.map(healthyMs)),
    ...(options.withDead
      ? { deadClusterMs: median(reports.map(r => dead(r) ?? 0)) }
      : {}),
    statuses,
  };
}

/** The line the plugin's collector logs after every cycle. */
const CYCLE_LINE = /^health collected from (\d+) cluster\(s\) in (\d+) ms$/;

/**
 * A quiet root logger for the backend (see quietRootLogger) that keeps the
 * collector's cycle lines in `cycles`: the plugin's own timing of the cycles
 * its scheduler runs.
 */
export function cycleLogger() {
  const cycles: Array<{ clusters: number; ms: number }> = [];
  const quiet = quietRootLogger({
    onInfo(message) {
      const match = CYCLE_LINE.exec(message);
      if (match) cycles.push({ clusters: +match[1], ms: +match[2] });
    },
  });
  return { cycles, ...quiet };
}
