/*
 * The health backend against fetching the same data per request, in one
 * run, on one fleet: 20 stand-in clusters of 100 nodes answering after
 * 50 ms, plus one dead cluster (21 targets), served by a Kubernetes
 * stand-in in a child process (health-standin.ts).
 *
 * Ours: the real infra-health plugin in a test backend (real scheduler,
 * SQLite in memory, or PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set). Measured:
 * collection-cycle time against its floor (the slowest healthy cluster's
 * latency times the sequential round trips per cluster), and
 * GET /api/infra-health/fleet under 50 concurrent clients once snapshots are
 * stored.
 *
 * Baseline, side by side in the same backend: the same fleet view computed
 * on demand per request (the collector's own code with every cluster in
 * parallel and an in-memory store per request, so only the caching
 * differs), the way Backstage's kubernetes plugin serves an entity. Plus
 * the real @backstage/plugin-kubernetes-backend answering one entity over
 * the same clusters.
 *
 *   ./portal bench health
 */
import { markdownTable } from './markdownTable';
import {
  coreServices,
  createBackendModule,
  LoggerService,
  RootLoggerService,
  SchedulerService,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import Router from 'express-promise-router';
import knexFactory from 'knex';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Agent, request } from 'undici';
import infraHealthPlugin, {
  ClusterTargets,
  CollectionReport,
  CollectionTarget,
  fleetView,
  HealthCollector,
  HealthStore,
  InfraHealthSettings,
  readInfraHealthSettings,
  StoredSnapshot,
} from '../plugins/infra-health-backend/src';
import { authorizeHealthRead } from '../plugins/infra-health-backend/src/service/authorizeRead';
import type { FleetCluster, StandinCommand } from './health-standin';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 20);
const NODES = Number(process.env.BENCH_NODES ?? 100);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
// fewer per-request answers: each costs the whole fan-out, and the run must stay within minutes
const ON_DEMAND_REQUESTS = Number(process.env.BENCH_ON_DEMAND_REQUESTS ?? 300);
const KUBERNETES_REQUESTS = Number(
  process.env.BENCH_KUBERNETES_REQUESTS ?? 150,
);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 5);
const POSTGRES =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

v8.setFlagsFromString('--expose-gc');
const gc: () => void = vm.runInNewContext('gc');

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (value: number, digits = 1) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// ---------------------------------------------------------------- the fleet, in its own process

interface Fleet {
  clusters: FleetCluster[];
  call(command: StandinCommand): Promise<any>;
  close(): Promise<void>;
}

/** Forks health-standin.ts (the TypeScript loader comes with process.execArgv) and starts the fleet in it. */
async function startFleet(): Promise<Fleet> {
  const child: ChildProcess = fork(path.join(__dirname, 'health-standin.ts'), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map<number, (answer: any) => void>();
  child.on('message', (answer: any) => {
    pending.get(answer.id)?.(answer);
    pending.delete(answer.id);
  });
  child.once('exit', code => {
    for (const settle of pending.values())
      settle({ error: `the stand-in process exited (${code})` });
  });
  const call = (command: StandinCommand) =>
    new Promise<any>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, answer =>
        answer.error
          ? reject(new Error(`stand-in: ${answer.error}`))
          : resolve(answer),
      );
      child.send({ ...command, id });
    });
  const { clusters } = await call({
    type: 'start',
    fleet: { clusters: CLUSTERS, nodes: NODES, latencyMs: LATENCY_MS },
  });
  return {
    clusters,
    call,
    close: async () => {
      await call({ type: 'close' });
      await new Promise(resolve =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(null),
      );
    },
  };
}

// ---------------------------------------------------------------- backend pieces

/** A root logger that drops everything but the collector's cycle line and errors. */
function benchLogger() {
  const cycles: Array<{ clusters: number; ms: number }> = [];
  const errors: string[] = [];
  const make = (): RootLoggerService => {
    const logger: LoggerService = {
      info(message) {
        const match =
          /^health collected from (\d+) cluster\(s\) in (\d+) ms$/.exec(
            message,
          );
        if (match) cycles.push({ clusters: +match[1], ms: +match[2] });
      },
      error(message) {
        if (errors.length < 20) errors.push(message);
      },
      warn() {},
      debug() {},
      child: () => logger,
    };
    return logger as RootLoggerService;
  };
  return {
    cycles,
    errors,
    logger: make() as LoggerService,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => make(),
    }),
  };
}

const silent: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silent,
};

/** What the per-request baseline keeps: this request's snapshots, nothing across requests. */
class RequestScopedStore {
  private readonly byCluster = new Map<string, StoredSnapshot>();
  async save(snapshot: StoredSnapshot) {
    this.byCluster.set(snapshot.cluster, snapshot);
  }
  /** Never an earlier one: a request does not know when a cluster was last seen. */
  async snapshot(cluster: string) {
    return this.byCluster.get(cluster);
  }
  async retainClusters() {
    return 0;
  }
  async pruneHistory() {
    return 0;
  }
  snapshots(): StoredSnapshot[] {
    return [...this.byCluster.values()].sort((a, b) =>
      a.cluster.localeCompare(b.cluster),
    );
  }
}

interface BenchHandles {
  store: HealthStore;
  settings: InfraHealthSettings;
  scheduler: SchedulerService;
}

/**
 * A module of the infra-health plugin, so it shares the plugin's database
 * (the same store the plugin's collector writes) and its HTTP auth: hands
 * the store to the benchmark and serves the on-demand baseline at
 * GET /api/infra-health/on-demand/fleet.
 */
function benchModule(
  logger: LoggerService,
  onReady: (handles: BenchHandles) => void,
) {
  return createBackendModule({
    pluginId: 'infra-health',
    moduleId: 'bench',
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          database: coreServices.database,
          scheduler: coreServices.scheduler,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
        },
        async init({
          config,
          database,
          scheduler,
          httpRouter,
          httpAuth,
          permissions,
        }) {
          const settings = readInfraHealthSettings(config);
          const staleness = { staleAfterMs: settings.staleAfterMs };
          const targets = new ClusterTargets({ settings, logger: silent });
          const router = Router();
          router.get('/on-demand/fleet', async (req, res) => {
            // the same guard as the plugin's /fleet
            await authorizeHealthRead(
              req,
              { httpAuth, permissions },
              'platform health',
            );
            // every cluster at once, like the kubernetes plugin's fan-out; nothing kept
            const store = new RequestScopedStore();
            const listed = await targets.list();
            await new HealthCollector({
              store: store as unknown as HealthStore,
              targets: { list: async () => listed },
              logger,
              concurrency: listed.targets.length,
              staleness,
              historyRetentionMs: settings.historyRetentionMs,
            }).collectOnce();
            res.json(fleetView(store.snapshots(), new Date(), staleness));
          });
          httpRouter.use(router);
          onReady({
            store: await HealthStore.create(database),
            settings,
            scheduler,
          });
        },
      });
    },
  });
}

/** The component whose Kubernetes tab the kubernetes plugin row serves: Cilium, on every cluster. */
const CILIUM_ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cilium',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'cilium',
      'backstage.io/kubernetes-label-selector': 'k8s-app=cilium',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/platform-engineers',
  },
};

function databaseConfig(prefix: string) {
  return POSTGRES
    ? { client: 'pg', connection: POSTGRES, prefix }
    : { client: 'better-sqlite3', connection: ':memory:' };
}

// ---------------------------------------------------------------- measuring

interface MemoryFigures {
  /** heap after a full GC, before the phase */
  heapBeforeMiB: number;
  heapPeakGrowthMiB: number;
  rssPeakGrowthMiB: number;
  /** heap after a full GC at the end, minus before: what the phase kept */
  heapRetainedMiB: number;
}

async function withMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; memory: MemoryFigures }> {
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 20);
  try {
    const result = await work();
    const end = process.memoryUsage();
    peakHeap = Math.max(peakHeap, end.heapUsed);
    peakRss = Math.max(peakRss, end.rss);
    gc();
    const after = process.memoryUsage();
    return {
      result,
      memory: {
        heapBeforeMiB: mib(before.heapUsed),
        heapPeakGrowthMiB: mib(peakHeap - before.heapUsed),
        rssPeakGrowthMiB: mib(peakRss - before.rss),
        heapRetainedMiB: mib(after.heapUsed - before.heapUsed),
      },
    };
  } finally {
    clearInterval(sampler);
  }
}

interface LoadFigures {
  requests: number;
  /** with HTTP 200 or another status; the rest got no answer at all */
  answered: number;
  clients: number;
  failed: number;
  /** requests that got no answer, by error code */
  errors?: Record<string, number>;
  /** of the answers compared with the stored view (every 10th), how many said something else */
  checked: number;
  disagreeing: number;
  firstDisagreement?: string;
  wallMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  responseKiB: number;
}

interface LoadOptions {
  url: string;
  requests: number;
  clients: number;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** the cluster statuses every answer should carry (a fleet view) */
  expect?: string;
}

/** `{cluster: status}` of a fleet answer, as JSON, for comparing answers. */
function statusesOf(fleetAnswer: any): string {
  return JSON.stringify(
    Object.fromEntries(
      fleetAnswer.clusters.map((c: any) => [c.cluster, c.status]),
    ),
  );
}

/**
 * `clients` clients, each on its own keep-alive connection of `dispatcher`,
 * sending requests back to back until `requests` were sent.
 */
async function load(
  options: LoadOptions,
  dispatcher: Agent,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  let bytes = 0;
  let checked = 0;
  let disagreeing = 0;
  let firstDisagreement: string | undefined;
  const errors: Record<string, number> = {};
  const body =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (sent < options.requests) {
        const index = sent++;
        const t0 = performance.now();
        let status: number;
        let text: string;
        try {
          const res = await request(options.url, {
            dispatcher,
            method: options.method ?? 'GET',
            body,
            headers: body ? { 'content-type': 'application/json' } : {},
          });
          status = res.statusCode;
          text = await res.body.text();
        } catch (error) {
          // a connection the server dropped is an answer that never came: counted, not
          // retried (a backend whose event loop stalls longer than its 5 s keep-alive
          // timeout drops connections whose next request is already on the wire)
          const code = (error as { code?: string }).code ?? String(error);
          errors[code] = (errors[code] ?? 0) + 1;
          failed++;
          continue;
        }
        latencies.push(performance.now() - t0);
        bytes += text.length;
        if (status !== 200) failed++;
        else if (options.expect && index % 10 === 0) {
          checked++;
          const got = statusesOf(JSON.parse(text));
          if (got !== options.expect) {
            disagreeing++;
            firstDisagreement ??= got;
          }
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests: sent,
    answered: latencies.length,
    clients: options.clients,
    failed,
    ...(Object.keys(errors).length ? { errors } : {}),
    checked,
    disagreeing,
    ...(firstDisagreement ? { firstDisagreement } : {}),
    wallMs: Math.round(wallMs),
    perSecond: round((latencies.length / wallMs) * 1000),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1]),
    mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
    responseKiB: round(bytes / latencies.length / 1024),
  };
}

/** One request on a connection of its own (an idle keep-alive one may have been closed by the server). */
async function once(
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
) {
  const dispatcher = new Agent();
  try {
    const res = await request(url, {
      dispatcher,
      method: init.method ?? 'GET',
      ...(init.body === undefined
        ? {}
        : {
            body: JSON.stringify(init.body),
            headers: { 'content-type': 'application/json' },
          }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as any };
  } finally {
    await dispatcher.close();
  }
}

interface CycleFigures {
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

async function measureCycles(options: {
  store: HealthStore;
  settings: InfraHealthSettings;
  concurrency: number;
  withDead: boolean;
  cycles: number;
}): Promise<CycleFigures> {
  const { settings } = options;
  const listed = await new ClusterTargets({ settings, logger: silent }).list();
  // without the dead cluster: a partial list, so the stored dead snapshot is kept
  const targets: { targets: CollectionTarget[]; complete: boolean } =
    options.withDead
      ? listed
      : {
          targets: listed.targets.filter(t => t.name !== 'dead'),
          complete: false,
        };
  const collector = new HealthCollector({
    store: options.store,
    targets: { list: async () => targets },
    logger: silent,
    concurrency: options.concurrency,
    staleness: { staleAfterMs: settings.staleAfterMs },
    historyRetentionMs: settings.historyRetentionMs,
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

async function waitFor<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const table = markdownTable;

const ratio = (a: number, b: number) => `${round(a / b, 2)}x`;

/** What a phase cost the fleet: GETs per cluster API, from the stand-in's counters (which the call resets). */
async function clusterRequests(fleet: Fleet): Promise<number> {
  const { counts } = await fleet.call({ type: 'counts' });
  return Object.values(counts as Record<string, { total: number }>).reduce(
    (sum, c) => sum + c.total,
    0,
  );
}

/** The Backstage kubernetes plugin's answer, counted: what it found and what it reported missing. */
function summariseKubernetesAnswer(answer: any) {
  const items: any[] = answer?.items ?? [];
  const count = (type: string) =>
    items
      .flatMap(i => i.resources)
      .filter(r => r.type === type)
      .reduce((n, r) => n + r.resources.length, 0);
  const errors = items.flatMap(i => i.errors);
  const errorsByType: Record<string, number> = {};
  for (const e of errors)
    errorsByType[e.errorType] = (errorsByType[e.errorType] ?? 0) + 1;
  return {
    clusters: items.length,
    pods: count('pods'),
    daemonsets: count('daemonsets'),
    errorsByType,
    notServedByTheStandin: [
      ...new Set(
        errors
          .filter(e => e.errorType === 'NOT_FOUND')
          .map(e => String(e.resourcePath).split('/').pop()),
      ),
    ].sort(),
  };
}

// ---------------------------------------------------------------- the run

const SWEEP_CYCLES = 3;
/** From the code: collectClusterHealth reads every source in one Promise.all, so one round trip. */
const ROUND_TRIPS_BY_DESIGN = 1;

async function main() {
  const started = performance.now();
  const loadAverageAtStart = os.loadavg().map(l => round(l, 2));
  const fleet = await startFleet();
  const prefix = `bench_health_${randomBytes(4).toString('hex')}_`;
  const logs = benchLogger();
  let handles: BenchHandles | undefined;
  const backend = await startTestBackend({
    features: [
      infraHealthPlugin,
      benchModule(logs.logger, h => {
        handles = h;
      }),
      kubernetesPlugin,
      logs.factory,
      schedulerServiceFactory,
      catalogServiceMock.factory({ entities: [CILIUM_ENTITY] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: databaseConfig(prefix) },
          infraHealth: {
            // the shipped defaults (concurrency 8, 5 s per source), except the
            // schedule: one cycle at start, then only when the bench triggers one
            schedule: { frequency: { hours: 1 }, timeout: { minutes: 2 } },
            catalog: { enabled: false },
            clusters: fleet.clusters.map(c => ({
              name: c.name,
              environment: 'prod',
              url: c.url,
              token: c.token,
            })),
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: fleet.clusters.map(c => ({
                  name: c.name,
                  url: c.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: c.token,
                  // the stand-in serves no metrics.k8s.io
                  skipMetricsLookup: true,
                })),
              },
            ],
          },
        },
      }),
    ],
  });
  const { store, settings, scheduler } = handles!;
  const base = `http://127.0.0.1:${backend.server.port()}`;
  const healthy = fleet.clusters.filter(c => c.healthy).length;
  const all = fleet.clusters.length;
  try {
    // -- collection through the plugin's own schedule: the first cycle at start, then two triggered
    await waitFor('the first scheduled cycle', () => logs.cycles[0], 60_000);
    for (let i = 1; i <= 2; i++) {
      await scheduler.triggerTask('infra-health-collection');
      await waitFor(`scheduled cycle ${i + 1}`, () => logs.cycles[i], 60_000);
    }
    const scheduled = logs.cycles.slice(0, 3).map(c => c.ms);

    // -- round trips per cluster: the slowest cluster's own time at two latencies, all clusters at once
    await clusterRequests(fleet);
    const slowestAt = async (latencyMs: number) => {
      await fleet.call({ type: 'latency', latencyMs });
      return (
        await measureCycles({
          store,
          settings,
          concurrency: all,
          withDead: true,
          cycles: SWEEP_CYCLES,
        })
      ).slowestHealthyClusterMs;
    };
    const slow = await slowestAt(LATENCY_MS + 200);
    const fast = await slowestAt(LATENCY_MS);
    const roundTrips = round((slow - fast) / 200, 2);
    const { counts } = await fleet.call({ type: 'counts' });
    const requestsPerCycle =
      counts['cluster-01'].total / (2 * (SWEEP_CYCLES + 1));
    const floorMs = LATENCY_MS * ROUND_TRIPS_BY_DESIGN;

    // -- cycle time at the default concurrency and at one lane per cluster, with and without the dead cluster
    const cycleRuns: Array<CycleFigures & { dead: string }> = [];
    for (const concurrency of [settings.concurrency, all]) {
      for (const withDead of [false, true]) {
        cycleRuns.push({
          dead: withDead ? 'refuses connections' : 'not a target',
          ...(await measureCycles({
            store,
            settings,
            concurrency,
            withDead,
            cycles: CYCLES,
          })),
        });
      }
    }
    // a dead cluster that accepts and never answers: bounded by the source timeout
    await fleet.call({ type: 'fault', cluster: 'dead', fault: { hang: true } });
    for (const concurrency of [settings.concurrency, all]) {
      cycleRuns.push({
        dead: `never answers (source timeout ${settings.sourceTimeoutMs} ms)`,
        ...(await measureCycles({
          store,
          settings,
          concurrency,
          withDead: true,
          cycles: 1,
        })),
      });
    }
    await fleet.call({
      type: 'fault',
      cluster: 'dead',
      fault: { refuse: true },
    });
    // leave the store as the plugin would: all 21 collected by one full cycle
    await measureCycles({
      store,
      settings,
      concurrency: settings.concurrency,
      withDead: true,
      cycles: 1,
    });

    // -- both fleet answers agree before they are timed
    const reference = statusesOf(
      (await once(`${base}/api/infra-health/fleet`)).body,
    );
    const onDemandAnswer = statusesOf(
      (await once(`${base}/api/infra-health/on-demand/fleet`)).body,
    );
    if (reference !== onDemandAnswer)
      throw new Error(
        `the two fleet answers differ: stored ${reference}, on demand ${onDemandAnswer}`,
      );

    // -- the endpoints under CLIENTS concurrent clients
    const cpu = async () => ({
      backend: process.cpuUsage(),
      standin: (await fleet.call({ type: 'cpu' })).cpu as NodeJS.CpuUsage,
    });
    const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) =>
      (b.user - a.user + b.system - a.system) / 1000;
    const phase = async (name: string, options: LoadOptions) => {
      // warm: JIT, and the clients' connections open, as a browser's would be
      const dispatcher = new Agent({
        connections: options.clients,
        pipelining: 1,
      });
      await load(
        { ...options, requests: Math.min(options.clients, options.requests) },
        dispatcher,
      );
      await clusterRequests(fleet);
      const loop = monitorEventLoopDelay({ resolution: 10 });
      const cpuBefore = await cpu();
      loop.enable();
      const { result, memory } = await withMemory(() =>
        load(options, dispatcher),
      );
      loop.disable();
      const cpuAfter = await cpu();
      await dispatcher.close();
      const figures = {
        ...result,
        memory,
        eventLoopDelayMs: {
          p99: round(loop.percentile(99) / 1e6),
          max: round(loop.max / 1e6),
        },
        clusterRequestsPerAnswer: round(
          (await clusterRequests(fleet)) / result.answered,
        ),
        // the benchmark process (backend and its clients) and the stand-in, per answer
        cpuMsPerAnswer: {
          backend: round(
            cpuMs(cpuBefore.backend, cpuAfter.backend) / result.answered,
            2,
          ),
          standin: round(
            cpuMs(cpuBefore.standin, cpuAfter.standin) / result.answered,
            2,
          ),
        },
      };
      console.log(
        `${name}: ${result.answered} of ${result.requests} answered for ${
          options.clients
        } client(s), p50 ${result.p50} ms, p95 ${result.p95} ms, ${
          result.perSecond
        }/s, ${result.failed} failed${
          result.errors ? ` ${JSON.stringify(result.errors)}` : ''
        }, ${result.disagreeing} of ${result.checked} checked answers disagree`,
      );
      return figures;
    };
    const fleetUrl = `${base}/api/infra-health/fleet`;
    const onDemandUrl = `${base}/api/infra-health/on-demand/fleet`;
    // one user alone first: what a page view waits for with nobody else asking
    const oursAlone = await phase('ours, one client', {
      url: fleetUrl,
      requests: 200,
      clients: 1,
      expect: reference,
    });
    const onDemandAlone = await phase('on demand, one client', {
      url: onDemandUrl,
      requests: 20,
      clients: 1,
      expect: reference,
    });
    const ours = await phase('ours', {
      url: fleetUrl,
      requests: REQUESTS,
      clients: CLIENTS,
      expect: reference,
    });

    // the same while a collector cycles back to back: the worst case of any schedule
    let collecting = true;
    let cyclesDuring = 0;
    const listed = await new ClusterTargets({
      settings,
      logger: silent,
    }).list();
    const backToBack = new HealthCollector({
      store,
      targets: { list: async () => listed },
      logger: silent,
      concurrency: settings.concurrency,
      staleness: { staleAfterMs: settings.staleAfterMs },
      historyRetentionMs: settings.historyRetentionMs,
    });
    const background = (async () => {
      while (collecting) {
        await backToBack.collectOnce();
        cyclesDuring++;
      }
    })();
    const oursCollecting = await phase('ours while collecting', {
      url: fleetUrl,
      requests: REQUESTS,
      clients: CLIENTS,
      expect: reference,
    });
    collecting = false;
    await background;

    const onDemand = await phase('on demand', {
      url: onDemandUrl,
      requests: ON_DEMAND_REQUESTS,
      clients: CLIENTS,
      expect: reference,
    });

    let kubernetes: Awaited<ReturnType<typeof phase>> | undefined;
    let kubernetesAnswer:
      | ReturnType<typeof summariseKubernetesAnswer>
      | undefined;
    let kubernetesNote = '';
    try {
      const answer = await once(`${base}/api/kubernetes/services/cilium`, {
        method: 'POST',
        body: { entity: CILIUM_ENTITY },
      });
      if (answer.status !== 200)
        throw new Error(`HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      kubernetesAnswer = summariseKubernetesAnswer(answer.body);
      kubernetes = await phase('kubernetes plugin', {
        url: `${base}/api/kubernetes/services/cilium`,
        method: 'POST',
        body: { entity: CILIUM_ENTITY },
        requests: KUBERNETES_REQUESTS,
        clients: CLIENTS,
      });
    } catch (error) {
      kubernetesNote = `not measured: ${(error as Error).message}`;
    }

    const result = {
      date: new Date().toISOString(),
      node: process.version,
      machine: `${os.cpus().length} cores (${os
        .cpus()[0]
        ?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      loadAverage: {
        atStart: loadAverageAtStart,
        atEnd: os.loadavg().map(l => round(l, 2)),
      },
      database: POSTGRES ? 'PostgreSQL' : 'SQLite (better-sqlite3, in memory)',
      fleet: {
        healthyClusters: healthy,
        nodesPerCluster: NODES,
        latencyMs: LATENCY_MS,
        deadClusters: all - healthy,
        requestsPerClusterPerCycle: requestsPerCycle,
      },
      collection: {
        roundTripsPerCluster: {
          byDesign: ROUND_TRIPS_BY_DESIGN,
          measured: roundTrips,
        },
        slowestClusterMsAt: { [LATENCY_MS]: fast, [LATENCY_MS + 200]: slow },
        floorMs,
        scheduledCyclesMs: scheduled,
        cycles: cycleRuns.map(c => ({
          ...c,
          // lanes run waves of clusters one after the other
          floorMs:
            floorMs * Math.ceil(healthy / Math.min(c.concurrency, healthy)),
        })),
      },
      endpoints: {
        oursAlone,
        onDemandAlone,
        ours,
        oursWhileCollecting: { ...oursCollecting, cyclesDuring },
        onDemand,
        kubernetesPlugin: kubernetes ?? kubernetesNote,
        kubernetesPluginAnswer: kubernetesAnswer,
        ratios: {
          aloneP50: round(onDemandAlone.p50 / oursAlone.p50, 1),
          p50: round(onDemand.p50 / ours.p50, 1),
          p95: round(onDemand.p95 / ours.p95, 1),
          throughput: round(ours.perSecond / onDemand.perSecond, 1),
          backendCpuPerAnswer: round(
            onDemand.cpuMsPerAnswer.backend / ours.cpuMsPerAnswer.backend,
            1,
          ),
          heapPeakGrowth: round(
            onDemand.memory.heapPeakGrowthMiB / ours.memory.heapPeakGrowthMiB,
            1,
          ),
        },
      },
      logErrors: logs.errors,
      peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
      wallSeconds: Math.round((performance.now() - started) / 1000),
    };

    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'health.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );

    console.log(
      `\n${result.machine}, Node ${result.node}, ${
        result.database
      }, load average ${loadAverageAtStart.join(' ')}`,
    );
    console.log(
      `fleet: ${healthy} clusters x ${NODES} nodes answering after ${LATENCY_MS} ms + ${
        all - healthy
      } dead; ${requestsPerCycle} GETs per cluster per cycle; round trips per cluster: ${ROUND_TRIPS_BY_DESIGN} by design, ${roundTrips} measured (slowest cluster ${fast} ms at ${LATENCY_MS} ms, ${slow} ms at ${
        LATENCY_MS + 200
      } ms)\n`,
    );
    console.log(
      table(
        [
          'concurrency',
          'targets',
          'dead cluster',
          'cycle median (ms)',
          'min-max (ms)',
          'floor (ms)',
          'cycle / floor',
          'slowest healthy cluster (ms)',
          'dead cluster (ms)',
        ],
        result.collection.cycles.map(c => [
          c.concurrency,
          c.targets,
          c.dead,
          c.medianMs,
          `${c.minMs}-${c.maxMs}`,
          c.floorMs,
          ratio(c.medianMs, c.floorMs),
          c.slowestHealthyClusterMs,
          c.deadClusterMs ?? '-',
        ]),
      ),
    );
    console.log(
      `scheduled cycles (the plugin's own log line, the first one cold): ${scheduled.join(
        ', ',
      )} ms\n`,
    );
    const row = (name: string, f: typeof ours) => [
      name,
      f.clients,
      f.requests,
      f.p50,
      f.p95,
      f.p99,
      f.perSecond,
      f.responseKiB,
      f.clusterRequestsPerAnswer,
      f.cpuMsPerAnswer.backend,
      f.cpuMsPerAnswer.standin,
      f.failed,
      f.checked ? `${f.disagreeing}/${f.checked}` : '-',
      f.memory.heapPeakGrowthMiB,
      f.memory.rssPeakGrowthMiB,
      f.eventLoopDelayMs.max,
    ];
    console.log(
      table(
        [
          'endpoint',
          'clients',
          'requests',
          'p50 (ms)',
          'p95 (ms)',
          'p99 (ms)',
          'req/s',
          'KiB/answer',
          'cluster GETs/answer',
          'CPU ms/answer: backend',
          'CPU ms/answer: clusters',
          'failed',
          'wrong answers',
          'heap peak +MiB',
          'RSS peak +MiB',
          'event loop max delay (ms)',
        ],
        [
          row('ours: GET /fleet from the store', oursAlone),
          row('baseline: same view fetched per request', onDemandAlone),
          row('ours: GET /fleet from the store', ours),
          row(
            `ours, collector cycling non-stop (${cyclesDuring} cycles)`,
            oursCollecting,
          ),
          row('baseline: same view fetched per request', onDemand),
          ...(kubernetes
            ? [row('Backstage kubernetes plugin, one entity', kubernetes)]
            : []),
        ],
      ),
    );
    if (!kubernetes) console.log(`kubernetes plugin: ${kubernetesNote}`);
    if (kubernetesAnswer)
      console.log(
        `kubernetes plugin answer: ${JSON.stringify(kubernetesAnswer)}`,
      );
    const r = result.endpoints.ratios;
    console.log(
      `\nbaseline / ours: alone p50 ${r.aloneP50}x; ${CLIENTS} clients: p50 ${r.p50}x, p95 ${r.p95}x, backend CPU per answer ${r.backendCpuPerAnswer}x, heap peak growth ${r.heapPeakGrowth}x; throughput ours / baseline ${r.throughput}x`,
    );
    if (Math.abs(roundTrips - ROUND_TRIPS_BY_DESIGN) > 0.5)
      console.log(
        `note: the measured round trips (${roundTrips}) are not ${ROUND_TRIPS_BY_DESIGN}: was the machine busy?`,
      );
    console.log(`wall time ${result.wallSeconds} s`);
  } finally {
    await backend.stop();
    await fleet.close();
    if (POSTGRES) {
      // DatabaseManager made one database per plugin under our prefix; the stopped
      // test backend still holds connections to them, hence FORCE
      const admin = knexFactory({ client: 'pg', connection: POSTGRES });
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows)
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      await admin.destroy();
    }
  }
}

main().then(
  // the test backend leaves its knex pools (and their reaping timers) open after stop
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
