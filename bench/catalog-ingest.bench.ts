/*
 * Ingest a generated GitOps repository of 2,000 Argo CD Applications with
 * the catalog entity provider, from the GitHub stand-in on loopback: time,
 * heap and peak RSS of the first ingest, and the cost of a refresh when the
 * head has not moved. Baseline, in the same run: parsing the same files with
 * the yaml library alone (the floor of any ingest).
 *
 *   ./portal bench catalog-ingest
 */
import { startGitHubStandin } from '@internal/github-standin';
import {
  renderComponentApplication,
  serializeFiles,
} from '@internal/plugin-gitops-manifests-node';
import { DEFAULT_GITOPS_LAYOUT } from '@internal/plugin-gitops-common';
import {
  GitHubRepositorySource,
  GitOpsEntityProvider,
} from '@internal/plugin-catalog-backend-module-gitops';
import {
  createGitHubClient,
  PullRequestPublisher,
} from '@internal/plugin-gitops-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 2000);
const TOKEN = 'bench-token';

function repository(): Record<string, string> {
  const files = [];
  for (let i = 0; i < APPLICATIONS; i++) {
    files.push(
      ...renderComponentApplication(DEFAULT_GITOPS_LAYOUT, {
        name: `app-${String(i).padStart(4, '0')}`,
        owner: `group:default/${
          ['platform-engineers', 'app-developers', 'cloud-engineers'][i % 3]
        }`,
        domain: (['applications', 'workloads', 'infrastructure'] as const)[
          i % 3
        ],
        group: `group-${i % 25}`,
        sources: [{ type: 'git', path: `platform/apps/app-${i}` }],
      }).files,
    );
  }
  return Object.fromEntries(serializeFiles(files));
}

const silent: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silent,
};
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function main() {
  const files = repository();
  const standin = await startGitHubStandin({
    repos: [{ owner: 'proficientnow', name: 'platform-gitops', files }],
    tokens: [TOKEN],
  });
  try {
    // baseline: parse every file once, nothing else
    let t = performance.now();
    let documents = 0;
    for (const content of Object.values(files))
      documents += parseAllDocuments(content).length;
    const baselineMs = performance.now() - t;

    const publisher = new PullRequestPublisher(
      createGitHubClient({ baseUrl: standin.url, token: TOKEN }),
    );
    const provider = new GitOpsEntityProvider({
      source: new GitHubRepositorySource({
        publisher: async () => publisher,
        owner: 'proficientnow',
        repo: 'platform-gitops',
        branch: 'main',
        webUrl: 'https://github.local/proficientnow/platform-gitops',
        appsPath: DEFAULT_GITOPS_LAYOUT.appsPath,
        clustersPath: DEFAULT_GITOPS_LAYOUT.clustersPath,
        maxFileBytes: 512 * 1024,
      }),
      layout: DEFAULT_GITOPS_LAYOUT,
      logger: silent,
      maxFileBytes: 512 * 1024,
    });
    let emitted = 0;
    await provider.connect({
      applyMutation: async (m: any) => {
        emitted = m.entities.length;
      },
      refresh: async () => {},
    } as any);

    (globalThis as any).gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    standin.resetCounts();
    t = performance.now();
    await provider.refresh();
    const ingestMs = performance.now() - t;
    const ingestRequests = standin.requestCounts().total;
    const heapAfter = process.memoryUsage().heapUsed;

    standin.resetCounts();
    t = performance.now();
    const again = await provider.refresh();
    const unchangedMs = performance.now() - t;
    const unchangedRequests = standin.requestCounts().total;

    const result = {
      applications: APPLICATIONS,
      documents,
      entities: emitted,
      firstIngest: {
        ms: Math.round(ingestMs),
        requests: ingestRequests,
        heapGrowthMiB: mb(heapAfter - heapBefore),
      },
      unchangedRefresh: {
        ms: Math.round(unchangedMs * 10) / 10,
        requests: unchangedRequests,
        unchanged: again.unchanged,
      },
      baselineParseOnlyMs: Math.round(baselineMs),
      ratioIngestToParse: Math.round((ingestMs / baselineMs) * 10) / 10,
      peakRssMiB: mb(process.resourceUsage().maxRSS * 1024),
    };
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'catalog-ingest.json'),
      `${JSON.stringify(
        { date: new Date().toISOString(), node: process.version, ...result },
        null,
        2,
      )}\n`,
    );
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await standin.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
