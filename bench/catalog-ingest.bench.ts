/*
 * Ingest a generated GitOps repository of 2,000 Argo CD Applications with
 * the catalog entity provider, from the GitHub stand-in on loopback, side by
 * side in one run:
 *
 * - ours: the provider on gitops-node's repository reader (the branch ref,
 *   then the whole tree in one tarball download);
 * - baseline: the same provider on the reader it had before (ref, commit,
 *   tree, one blob request per file), kept in bench/lib/blobByBlobSource.ts.
 *
 * For each: the first ingest, a refresh with the head unchanged, and a
 * refresh after one merged change (the head moved). Requests are counted by
 * the stand-in (REST API requests; the archive download GitHub redirects to
 * is counted apart, as GitHub's rate limit does).
 *
 *   ./portal bench catalog-ingest
 */
import { startGitHubStandin } from '@internal/github-standin';
import type { GitHubStandin } from '@internal/github-standin';
import {
  renderComponentApplication,
  serializeFiles,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import {
  GitOpsEntityProvider,
  ReaderRepositorySource,
  RepositorySource,
} from '@proficientnow/backstage-plugin-catalog-backend-module-gitops';
import {
  createGitHubClient,
  GitHubRepositoryReader,
} from '@proficientnow/backstage-plugin-gitops-node';
import { Octokit } from '@octokit/rest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlobByBlobSource } from './lib/blobByBlobSource';
import { round, mib, ratio } from './lib/format';
import { silentLogger } from './lib/loggers';
import { markdownTable } from './lib/markdownTable';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 2000);
const TOKEN = 'bench-token';
const OWNER = 'proficientnow';
const REPO = 'platform-gitops';
const WEB_URL = `https://github.local/${OWNER}/${REPO}`;
const { appsPath, clustersPath } = DEFAULT_GITOPS_LAYOUT;

function application(i: number, wave?: number) {
  return renderComponentApplication(DEFAULT_GITOPS_LAYOUT, {
    name: `app-${String(i).padStart(4, '0')}`,
    owner: `group:default/${
      ['platform-engineers', 'app-developers', 'cloud-engineers'][i % 3]
    }`,
    domain: (['applications', 'workloads', 'infrastructure'] as const)[i % 3],
    group: `group-${i % 25}`,
    sources: [{ type: 'git', path: `platform/apps/app-${i}` }],
    ...(wave === undefined ? {} : { syncWave: wave }),
  }).files;
}

function repository(): Record<string, string> {
  const files = [];
  for (let i = 0; i < APPLICATIONS; i++) files.push(...application(i));
  return Object.fromEntries(serializeFiles(files));
}

/** A merged pull request: one Application changed on main. */
async function mergeOneChange(standin: GitHubStandin) {
  const octokit = createGitHubClient({
    baseUrl: standin.url,
    token: TOKEN,
    writeIntervalMs: 0,
  });
  const r = { owner: OWNER, repo: REPO };
  const { data: ref } = await octokit.git.getRef({ ...r, ref: 'heads/main' });
  const { data: base } = await octokit.git.getCommit({
    ...r,
    commit_sha: ref.object.sha,
  });
  const [[filePath, content]] = [...serializeFiles(application(7, 33))];
  const { data: tree } = await octokit.git.createTree({
    ...r,
    base_tree: base.tree.sha,
    tree: [{ path: filePath, mode: '100644', type: 'blob', content }],
  });
  const { data: commit } = await octokit.git.createCommit({
    ...r,
    message: 'change app-0007',
    tree: tree.sha,
    parents: [ref.object.sha],
  });
  await octokit.git.updateRef({ ...r, ref: 'heads/main', sha: commit.sha });
}

interface Step {
  ms: number;
  requests: number;
  downloads: number;
}

async function measure(
  standin: GitHubStandin,
  fn: () => Promise<unknown>,
): Promise<Step> {
  standin.resetCounts();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const { total, downloads } = standin.requestCounts();
  return { ms, requests: total, downloads };
}

/** One provider on one source, on a fresh stand-in: first ingest, unchanged refresh, moved head. */
async function run(
  files: Record<string, string>,
  makeSource: (standin: GitHubStandin) => RepositorySource,
) {
  const standin = await startGitHubStandin({
    repos: [{ owner: OWNER, name: REPO, files }],
    tokens: [TOKEN],
  });
  try {
    // warm the stand-in (its OpenAPI description) so the first ingest measures the reader
    await createGitHubClient({
      baseUrl: standin.url,
      token: TOKEN,
      writeIntervalMs: 0,
    }).repos.get({
      owner: OWNER,
      repo: REPO,
    });
    const provider = new GitOpsEntityProvider({
      source: makeSource(standin),
      // the same files the blob-by-blob baseline reads, so both make the same entities
      discovery: {
        include: [appsPath, `${clustersPath}/**/namespace.yaml`],
        exclude: [],
      },
      logger: silentLogger,
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
    const first = await measure(standin, () => provider.refresh());
    const heapGrowthMiB = mib(process.memoryUsage().heapUsed - heapBefore);
    const unchanged = await measure(standin, () => provider.refresh());
    await mergeOneChange(standin);
    const moved = await measure(standin, () => provider.refresh());
    const bugs = standin.violations().filter(v => v.standinBug);
    if (bugs.length) throw new Error(`stand-in bugs: ${JSON.stringify(bugs)}`);
    return { entities: emitted, first, unchanged, moved, heapGrowthMiB };
  } finally {
    await standin.close();
  }
}

async function main() {
  const files = repository();
  const isEntityFile = (p: string) =>
    p.endsWith('.yaml') &&
    (p.startsWith(`${appsPath}/`) ||
      (p.startsWith(`${clustersPath}/`) && p.endsWith('/namespace.yaml')));
  const ours = await run(
    files,
    standin =>
      new ReaderRepositorySource({
        reader: new GitHubRepositoryReader({
          octokit: async () =>
            createGitHubClient({
              baseUrl: standin.url,
              token: TOKEN,
              writeIntervalMs: 0,
            }),
          owner: OWNER,
          repo: REPO,
          branch: 'main',
          webUrl: WEB_URL,
        }),
        maxFileBytes: 512 * 1024,
      }),
  );
  const baseline = await run(
    files,
    standin =>
      new BlobByBlobSource({
        // a plain client, as before: no retry or throttling plugins to slow the baseline down
        octokit: new Octokit({ baseUrl: standin.url, auth: TOKEN }),
        owner: OWNER,
        repo: REPO,
        branch: 'main',
        webUrl: WEB_URL,
        isEntityFile,
      }),
  );
  if (ours.entities !== baseline.entities)
    throw new Error(
      `the readers disagree: ${ours.entities} entities against ${baseline.entities}`,
    );
  const result = {
    applications: APPLICATIONS,
    entities: ours.entities,
    ours,
    baseline,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
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
  const requests = (s: Step) =>
    `${s.requests}${s.downloads ? ` + ${s.downloads} download` : ''}`;
  const row = (name: string, pick: (x: typeof ours) => Step) => [
    name,
    requests(pick(ours)),
    requests(pick(baseline)),
    `${round(pick(ours).ms, 1)} ms`,
    `${round(pick(baseline).ms, 1)} ms`,
    ratio(pick(baseline).ms, pick(ours).ms),
  ];
  console.log(
    `${APPLICATIONS} Applications, ${ours.entities} entities; heap growth of the first ingest: ${ours.heapGrowthMiB} MiB (ours), ${baseline.heapGrowthMiB} MiB (blob by blob)`,
  );
  console.log(
    markdownTable(
      [
        'refresh',
        'requests: archive reader',
        'requests: blob by blob',
        'time: archive reader',
        'time: blob by blob',
        'blob by blob / archive',
      ],
      [
        row('first ingest', x => x.first),
        row('head unchanged', x => x.unchanged),
        row('head moved (one file changed)', x => x.moved),
      ],
    ),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
