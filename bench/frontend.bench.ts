/*
 * The health frontend in the browser and in the bundle, each against a
 * baseline in the same run.
 *
 * Bundle: the production app built twice from a scratch copy of
 * packages/app (frontend-build.ts): as it is, and with
 * `app.packages.exclude: [@proficientnow/backstage-plugin-infra-health]`, which the CLI
 * honours at build time. Total and initial JavaScript, raw and gzip, and the
 * chunks holding our modules, from rspack's stats.
 *
 * Pages: the portal as `./portal start` runs it (own ports, no Ceph), with an
 * extra config giving the health backend 20 clusters on a Kubernetes
 * stand-in started here (1 platform, 16 healthy nested, 2 degraded, 1 that
 * refuses every connection), collected every 5 s. In headless Chromium,
 * signed in as guest: the fleet page against the catalog page, the stock
 * page that also fills a table of 20 rows from the backend (its first page
 * of 51 owned components). Both as a full load (new tab, warm HTTP cache)
 * and as an in-app navigation (sidebar click from Settings), on the
 * production build served as app-backend serves it and on the dev server.
 *
 *   ./portal bench frontend          (BENCH_RUNS=10 runs per page and mode)
 */
import {
  NESTED_CLUSTER_MISSING_RESOURCES,
  nestedCluster,
  platformCluster,
  startKubernetesStandin,
} from '@internal/kubernetes-standin';
import { startPortal } from '../e2e/support/portal';
import type { RunningPortal } from '../e2e/support/portal';
import { launchBrowser, signInAsGuest } from '../e2e/support/browser';
import {
  attributeChunks,
  buildScratchApp,
  changedChunks,
  chunkName,
  discoveredPlugins,
  killRunningBuilds,
  measureDist,
  repoRoot,
  scratchRoot,
} from './frontend-build';
import type { DistSizes } from './frontend-build';
import {
  measureFullLoad,
  measureInAppNavigation,
  prepareContext,
  serveBuild,
} from './frontend-pages';
import type { PageRun, PageTarget } from './frontend-pages';
import { kib, ratio, round } from './lib/format';
import { markdownTable } from './lib/markdownTable';
import { waitForQuiet } from './lib/process';
import { median, percentile } from './lib/stats';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const OUR_PLUGIN = '@proficientnow/backstage-plugin-infra-health';
const OUR_MODULES = /\/plugins\/infra-health(-common)?\/src\//;
const APP_PORT = 3460;
const BACKEND_PORT = 7460;
const BUILD_PORT = 3461;

const FLEET: PageTarget = {
  name: 'fleet',
  path: '/infra-health/fleet',
  sidebarHref: '/infra-health',
  heading: 'Platform health',
  rowSelector: 'tbody tr[data-key]',
  rows: 20,
  dataRequest: '/api/infra-health/fleet',
};
const CATALOG: PageTarget = {
  name: 'catalog',
  path: '/catalog',
  sidebarHref: '/catalog',
  heading: 'Catalog',
  rowSelector: 'tbody tr td:first-child a[href^="/catalog/default/"]',
  rows: 20,
  dataRequest: '/api/catalog/entities/by-query',
};

// ---------------------------------------------------------------- the fleet

const ENVIRONMENTS = ['dev', 'qa', 'staging', 'prod'] as const;
const NESTED = Array.from({ length: 19 }, (_, i) => {
  const environment = ENVIRONMENTS[i % ENVIRONMENTS.length];
  return {
    name: `${environment}-${String(i + 1).padStart(2, '0')}`,
    environment,
  };
});
const DEGRADED = new Set([NESTED[3].name, NESTED[10].name]);
const DEAD = NESTED[17].name;

async function startFleet() {
  const token = (name: string) => `bench-frontend-${name}`;
  const kubernetes = await startKubernetesStandin({
    clusters: [
      {
        name: 'platform',
        token: token('platform'),
        objects: platformCluster(NESTED.map(c => ({ name: c.name }))),
      },
      ...NESTED.map(c => ({
        name: c.name,
        token: token(c.name),
        objects: nestedCluster(c.name, { degraded: DEGRADED.has(c.name) }),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      })),
    ],
  });
  kubernetes.setClusterFault(DEAD, { refuse: true });
  const clusters = [
    { name: 'platform', environment: 'platform' },
    ...NESTED,
  ].map(c => ({
    name: c.name,
    environment: c.environment,
    url: kubernetes.clusterUrl(c.name),
    token: token(c.name),
  }));
  return { kubernetes, clusters };
}

// ---------------------------------------------------------------- figures

interface Summary {
  median: number;
  p95: number;
  min: number;
}
function summarise(values: Array<number | undefined>): Summary | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  if (!known.length) return undefined;
  return {
    median: round(median(known), 0),
    // nearest rank: with 10 runs, p95 is the slowest run
    p95: round(percentile(known, 95), 0),
    min: round(Math.min(...known), 0),
  };
}

const MILESTONES = [
  ['fcpMs', 'first contentful paint'],
  ['shellMs', 'page header in the DOM'],
  ['dataRequestStartMs', 'data request sent'],
  ['dataRequestEndMs', 'data response received'],
  ['dataMs', '20 rows in the DOM'],
] as const;

function summariseRuns(runs: PageRun[]) {
  return {
    ...(Object.fromEntries(
      MILESTONES.map(([key]) => [key, summarise(runs.map(r => r[key]))]),
    ) as Record<(typeof MILESTONES)[number][0], Summary | undefined>),
    dataRequests: median(runs.map(r => r.dataRequests)),
    apiRequests: median(runs.map(r => r.apiRequests)),
  };
}

// ---------------------------------------------------------------- bundle

async function measureBundle(buildConfig: string) {
  const excludeConfig = path.join(scratchRoot, 'exclude-infra-health.yaml');
  writeFileSync(
    excludeConfig,
    stringify({ app: { packages: { exclude: [OUR_PLUGIN] } } }),
  );
  const base = [path.join(repoRoot, 'app-config.yaml'), buildConfig];

  console.log('building the app without our plugin …');
  const without = await buildScratchApp({
    name: 'without',
    configPaths: [...base, excludeConfig],
  });
  const withoutPlugins = discoveredPlugins();
  if (withoutPlugins.includes(OUR_PLUGIN))
    throw new Error(`the exclusion did not take: ${withoutPlugins.join(', ')}`);
  console.log('building the app as it is …');
  const withPlugin = await buildScratchApp({
    name: 'with',
    configPaths: base,
  });
  const withPlugins = discoveredPlugins();
  if (!withPlugins.includes(OUR_PLUGIN))
    throw new Error(`the app did not discover ${OUR_PLUGIN}`);

  const sizesWith = measureDist(withPlugin.distDir);
  const sizesWithout = measureDist(without.distDir);
  const attribution = attributeChunks(withPlugin.distDir, OUR_MODULES);
  const changed = changedChunks(without.distDir, withPlugin.distDir);
  rmSync(without.distDir, { recursive: true, force: true });

  const diff = (
    pick: (s: DistSizes) => { bytes: number; gzipBytes: number; files: number },
  ) => ({
    files: pick(sizesWith).files - pick(sizesWithout).files,
    bytes: pick(sizesWith).bytes - pick(sizesWithout).bytes,
    gzipBytes: pick(sizesWith).gzipBytes - pick(sizesWithout).gzipBytes,
  });
  return {
    method:
      'two production builds in one run (app.packages.exclude at build time); our bytes per chunk traced through the source maps of the build with the plugin',
    discovered: { with: withPlugins, without: withoutPlugins },
    buildSeconds: {
      with: round(withPlugin.buildMs / 1000, 1),
      without: round(without.buildMs / 1000, 1),
    },
    with: sizesWith,
    without: sizesWithout,
    added: {
      js: diff(s => s.js),
      initialJs: diff(s => s.initialJs),
      css: diff(s => s.css),
    },
    attribution,
    changedChunks: changed,
    distDir: withPlugin.distDir,
  };
}

// ---------------------------------------------------------------- pages

/**
 * Run i of the fleet and run i of the catalog were measured back to back
 * (in alternating order): per milestone, in how many of those pairs the
 * fleet got there first, and the median of the pairs' ratios.
 */
function comparePairs(fleet: PageRun[], catalog: PageRun[]) {
  return Object.fromEntries(
    MILESTONES.flatMap(([key]) => {
      const pairs = fleet.flatMap((f, i) => {
        const a = f[key];
        const b = catalog[i]?.[key];
        return a === undefined || b === undefined ? [] : [[a, b]];
      });
      if (!pairs.length) return [];
      return [
        [
          key,
          {
            fleetFirst: pairs.filter(([a, b]) => a < b).length,
            pairs: pairs.length,
            medianRatio: round(median(pairs.map(([a, b]) => a / b)), 2),
          },
        ],
      ];
    }),
  ) as Partial<
    Record<
      (typeof MILESTONES)[number][0],
      { fleetFirst: number; pairs: number; medianRatio: number }
    >
  >;
}

interface ModeResult {
  server: 'production build' | 'dev server';
  navigation: 'full load' | 'in-app';
  fleet: ReturnType<typeof summariseRuns>;
  catalog: ReturnType<typeof summariseRuns>;
  pairs: ReturnType<typeof comparePairs>;
  runs: { fleet: PageRun[]; catalog: PageRun[] };
}

async function measurePages(
  browser: import('playwright-core').Browser,
  server: ModeResult['server'],
  baseUrl: string,
): Promise<ModeResult[]> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
  });
  try {
    await prepareContext(context, [FLEET, CATALOG]);
    const signIn = await context.newPage();
    await signInAsGuest(signIn, baseUrl);
    await signIn.close();
    // warm-up: fills the HTTP cache, compiles lazy chunks on the dev
    // server, and waits for the first collection of all 20 clusters
    for (const target of [FLEET, CATALOG]) {
      await measureFullLoad(context, baseUrl, target, 180_000);
      await measureInAppNavigation(
        context,
        baseUrl,
        '/settings',
        'Settings',
        target,
      );
    }
    const results: ModeResult[] = [];
    for (const navigation of ['full load', 'in-app'] as const) {
      const runs = { fleet: [] as PageRun[], catalog: [] as PageRun[] };
      for (let i = 0; i < RUNS; i++) {
        // alternate which page goes first, so drift lands on both
        const order = i % 2 ? [CATALOG, FLEET] : [FLEET, CATALOG];
        for (const target of order) {
          const run =
            navigation === 'full load'
              ? await measureFullLoad(context, baseUrl, target)
              : await measureInAppNavigation(
                  context,
                  baseUrl,
                  '/settings',
                  'Settings',
                  target,
                );
          runs[target.name as 'fleet' | 'catalog'].push(run);
        }
      }
      results.push({
        server,
        navigation,
        fleet: summariseRuns(runs.fleet),
        catalog: summariseRuns(runs.catalog),
        pairs: comparePairs(runs.fleet, runs.catalog),
        runs,
      });
      console.log(
        `${server}, ${navigation}: fleet data ${
          results.at(-1)!.fleet.dataMs?.median
        } ms, catalog data ${
          results.at(-1)!.catalog.dataMs?.median
        } ms (medians of ${RUNS})`,
      );
    }
    return results;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- the run

async function main() {
  const started = performance.now();
  mkdirSync(scratchRoot, { recursive: true });
  const fleet = await startFleet();
  let portal: RunningPortal | undefined;
  let served: { url: string; close(): Promise<void> } | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () => {
    cleaning ??= (async () => {
      killRunningBuilds();
      await closeBrowser?.();
      await served?.close();
      await portal?.stop();
      await fleet.kubernetes.close();
      for (const leftover of ['app', 'dist-with', 'dist-without'])
        rmSync(path.join(scratchRoot, leftover), {
          recursive: true,
          force: true,
        });
    })();
    return cleaning;
  };
  // interrupted: the portal runs in a process group of its own and would outlive us
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      cleanup().finally(() => process.exit(130));
    });
  try {
    // the production build talks to the benchmark's backend from its own origin
    const buildConfig = path.join(scratchRoot, 'build-ports.yaml');
    writeFileSync(
      buildConfig,
      stringify({
        app: { baseUrl: `http://localhost:${BUILD_PORT}` },
        backend: { baseUrl: `http://localhost:${BACKEND_PORT}` },
      }),
    );
    // builds first, while nothing else of ours is running
    const { distDir, ...bundle } = await measureBundle(buildConfig);

    const portalConfig = path.join(scratchRoot, 'app-config.bench.yaml');
    writeFileSync(
      portalConfig,
      stringify({
        backend: {
          cors: {
            origin: [
              `http://localhost:${APP_PORT}`,
              `http://localhost:${BUILD_PORT}`,
            ],
          },
        },
        infraHealth: {
          schedule: {
            frequency: { seconds: 5 },
            timeout: { seconds: 60 },
            initialDelay: { seconds: 1 },
          },
          sourceTimeout: { seconds: 3 },
          // replaces the local stack's three clusters (arrays are not merged)
          clusters: fleet.clusters,
          catalog: { enabled: false },
        },
      }),
    );
    console.log('starting the portal …');
    portal = await startPortal({
      appPort: APP_PORT,
      backendPort: BACKEND_PORT,
      ceph: 'off',
      extraConfig: [portalConfig],
    });
    served = await serveBuild(distDir, BUILD_PORT);
    const pgid = Number(
      readFileSync(
        path.join(repoRoot, '.local', 'run', `e2e-${APP_PORT}`, 'portal.pgid'),
        'utf8',
      ),
    );
    const quiet = await waitForQuiet(pgid);
    console.log(
      `portal ${quiet.quiet ? 'quiet' : 'still busy'} after ${round(
        quiet.waitedMs / 1000,
        0,
      )} s (${round(quiet.cores, 2)} cores)`,
    );

    const launched = await launchBrowser();
    closeBrowser = launched.close;
    const loadBefore = os.loadavg();
    const pages = [
      ...(await measurePages(launched.browser, 'production build', served.url)),
      ...(await measurePages(launched.browser, 'dev server', portal.appUrl)),
    ];
    const loadAfter = os.loadavg();

    const result = {
      date: new Date().toISOString(),
      node: process.version,
      machine: {
        cpus: os.cpus().length,
        memoryGiB: round(os.totalmem() / 2 ** 30, 0),
        loadAverageBefore: loadBefore.map(l => round(l, 2)),
        loadAverageAfter: loadAfter.map(l => round(l, 2)),
      },
      runs: RUNS,
      clusters: {
        total: fleet.clusters.length,
        degraded: [...DEGRADED],
        unreachable: DEAD,
      },
      portalQuiet: quiet,
      bundle,
      pages,
      wallSeconds: round((performance.now() - started) / 1000, 0),
    };
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'frontend.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    report(result);
  } finally {
    await cleanup();
  }
}

function report(result: {
  bundle: Omit<Awaited<ReturnType<typeof measureBundle>>, 'distDir'>;
  pages: ModeResult[];
  wallSeconds: number;
}) {
  const { bundle, pages } = result;
  const row = (name: string, s: DistSizes) => [
    name,
    s.js.files,
    kib(s.js.bytes),
    kib(s.js.gzipBytes),
    kib(s.initialJs.bytes),
    kib(s.initialJs.gzipBytes),
  ];
  console.log(`\nbundle (${bundle.method})`);
  console.log(
    markdownTable(
      [
        'build',
        'JS files',
        'JS (KiB)',
        'JS gzip (KiB)',
        'initial JS (KiB)',
        'initial JS gzip (KiB)',
      ],
      [
        row(`without ${OUR_PLUGIN}`, bundle.without),
        row('as it is', bundle.with),
        [
          'added by our plugin',
          bundle.added.js.files,
          kib(bundle.added.js.bytes),
          kib(bundle.added.js.gzipBytes),
          kib(bundle.added.initialJs.bytes),
          kib(bundle.added.initialJs.gzipBytes),
        ],
        [
          'added / without',
          '',
          `${round(
            (bundle.added.js.bytes / bundle.without.js.bytes) * 100,
            2,
          )} %`,
          `${round(
            (bundle.added.js.gzipBytes / bundle.without.js.gzipBytes) * 100,
            2,
          )} %`,
          `${round(
            (bundle.added.initialJs.bytes / bundle.without.initialJs.bytes) *
              100,
            2,
          )} %`,
          `${round(
            (bundle.added.initialJs.gzipBytes /
              bundle.without.initialJs.gzipBytes) *
              100,
            2,
          )} %`,
        ],
      ],
    ),
  );
  console.log('\nchunks holding our modules');
  console.log(
    markdownTable(
      [
        'file',
        'initial',
        'our largest modules',
        'KiB',
        'gzip KiB',
        'ours (KiB)',
      ],
      bundle.attribution.chunks.map(c => [
        chunkName(c.file),
        c.initial ? 'yes' : 'no (lazy)',
        c.holds.join(', '),
        kib(c.bytes),
        kib(c.gzipBytes),
        kib(c.ownBytes),
      ]),
    ),
  );
  const dup = bundle.attribution;
  console.log(
    `our minified code: ${kib(
      dup.ownBytes,
    )} KiB over all chunks, of which ${kib(
      dup.duplicatedBytes,
    )} KiB are further copies of ${
      dup.duplicatedModules.length
    } modules that sit in more than one lazy chunk`,
  );

  const changed = bundle.changedChunks;
  const added = changed.filter(c => !c.without);
  const grown = changed.filter(c => c.without);
  console.log(
    `chunks only in the build with our plugin: ${added.length}, ${kib(
      added.reduce((sum, c) => sum + c.with, 0),
    )} KiB`,
  );
  for (const c of added)
    console.log(`  ${c.chunk} ${kib(c.with)} KiB: ${c.holds?.join(', ')}`);
  console.log(
    `chunks that changed size: ${grown
      .map(
        c =>
          `${c.chunk} ${c.with > c.without ? '+' : ''}${kib(
            c.with - c.without,
          )} KiB`,
      )
      .join(', ')}`,
  );

  console.log(
    `\npages, ${RUNS} runs each (ms; fleet with 20 clusters against the catalog with 20 rows)`,
  );
  const rows: Array<Array<string | number>> = [];
  for (const mode of pages) {
    for (const [key, label] of MILESTONES) {
      const f = mode.fleet[key];
      const c = mode.catalog[key];
      const pair = mode.pairs[key];
      if (!f || !c || !pair) continue;
      rows.push([
        mode.server,
        mode.navigation,
        label,
        f.median,
        f.p95,
        c.median,
        c.p95,
        ratio(f.median, c.median),
        `${pair.fleetFirst} of ${pair.pairs}`,
      ]);
    }
  }
  for (const mode of pages) {
    console.log(
      `${mode.server}, ${mode.navigation}: backend requests before the rows (median) fleet ${mode.fleet.apiRequests} (${mode.fleet.dataRequests} for the data), catalog ${mode.catalog.apiRequests} (${mode.catalog.dataRequests} for the data)`,
    );
  }
  console.log(
    markdownTable(
      [
        'server',
        'navigation',
        'milestone',
        'fleet median',
        'fleet p95',
        'catalog median',
        'catalog p95',
        'fleet / catalog',
        'fleet first in',
      ],
      rows,
    ),
  );
  console.log(`\nwall time ${result.wallSeconds} s`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
