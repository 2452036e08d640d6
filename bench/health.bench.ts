/*
 * The health backend against fetching the same data per request, in one
 * run, on one fleet: 20 stand-in clusters of 100 nodes answering after
 * 50 ms, plus one dead cluster (21 targets), served by a Kubernetes
 * stand-in in a child process (lib/health-standin.ts).
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
 * The pieces live in lib/: the fleet (health-fleet.ts), the baseline module
 * (health-on-demand.ts), collection cycles (health-collection.ts), the
 * kubernetes plugin row (health-kubernetes-plugin.ts), the load generator
 * (load.ts) and the process measurements (process.ts).
 *
 *   ./portal bench health
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import infraHealthPlugin from '@proficientnow/backstage-plugin-infra-health-backend';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { mib, ratio, round } from './lib/format';
import {
  CycleFigures,
  cycleLogger,
  fixedCollector,
  listTargets,
  measureCycles,
} from './lib/health-collection';
import { clusterRequests, standinCpu, startFleet } from './lib/health-fleet';
import {
  CILIUM_ENTITY,
  kubernetesPluginConfig,
  summariseKubernetesAnswer,
} from './lib/health-kubernetes-plugin';
import { BenchHandles, onDemandModule } from './lib/health-on-demand';
import { load, LoadOptions, once } from './lib/load';
import { markdownTable } from './lib/markdownTable';
import { cpuMs, withEventLoopDelay, withMemory } from './lib/process';
import { testDatabase } from './lib/test-database';
import { waitFor } from './lib/wait';

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

/** `{cluster: status}` of a fleet answer, as JSON, for comparing answers. */
function statusesOf(fleetAnswer: any): string {
  return JSON.stringify(
    Object.fromEntries(
      fleetAnswer.clusters.map((c: any) => [c.cluster, c.status]),
    ),
  );
}

// ---------------------------------------------------------------- the run

const SWEEP_CYCLES = 3;
/** From the code: collectClusterHealth reads every source in one Promise.all, so one round trip. */
const ROUND_TRIPS_BY_DESIGN = 1;

async function main() {
  const started = performance.now();
  const loadAverageAtStart = os.loadavg().map(l => round(l, 2));
  const fleet = await startFleet({
    clusters: CLUSTERS,
    nodes: NODES,
    latencyMs: LATENCY_MS,
  });
  const database = testDatabase('health');
  const logs = cycleLogger();
  let handles: BenchHandles | undefined;
  const backend = await startTestBackend({
    features: [
      infraHealthPlugin,
      onDemandModule(logs.logger, h => {
        handles = h;
      }),
      kubernetesPlugin,
      logs.factory,
      schedulerServiceFactory,
      catalogServiceMock.factory({ entities: [CILIUM_ENTITY] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: database.config },
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
          kubernetes: kubernetesPluginConfig(fleet.clusters),
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
    // every 10th answer of every fleet row is compared with the stored view
    const sameAsStored = { expected: reference, summary: statusesOf };

    // -- the endpoints under CLIENTS concurrent clients
    const cpu = async () => ({
      backend: process.cpuUsage(),
      standin: await standinCpu(fleet),
    });
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
      const cpuBefore = await cpu();
      const {
        result: { result, memory },
        eventLoopDelayMs,
      } = await withEventLoopDelay(() =>
        withMemory(() => load(options, dispatcher)),
      );
      const cpuAfter = await cpu();
      await dispatcher.close();
      const figures = {
        ...result,
        memory,
        eventLoopDelayMs,
        clusterRequestsPerAnswer: round(
          (await clusterRequests(fleet)) / result.answered,
          1,
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
      check: sameAsStored,
    });
    const onDemandAlone = await phase('on demand, one client', {
      url: onDemandUrl,
      requests: 20,
      clients: 1,
      check: sameAsStored,
    });
    const ours = await phase('ours', {
      url: fleetUrl,
      requests: REQUESTS,
      clients: CLIENTS,
      check: sameAsStored,
    });

    // the same while a collector cycles back to back: the worst case of any schedule
    let collecting = true;
    let cyclesDuring = 0;
    const backToBack = fixedCollector({
      store,
      settings,
      targets: await listTargets(settings),
      concurrency: settings.concurrency,
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
      check: sameAsStored,
    });
    collecting = false;
    await background;

    const onDemand = await phase('on demand', {
      url: onDemandUrl,
      requests: ON_DEMAND_REQUESTS,
      clients: CLIENTS,
      check: sameAsStored,
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
      database: database.name,
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
      markdownTable(
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
      markdownTable(
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
    await database.drop();
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
