/*
 * GitHub requests and wall time per pull request for 1, 10 and 100 files:
 * our publisher (gitops:pull-request:open) against Backstage's
 * publish:github:pull-request, side by side in one run, on the same GitHub
 * stand-in (loopback), with the same files. Each pair runs ROUNDS times on a
 * fresh repository; medians are reported with the ratio Backstage / ours.
 *
 *   ./portal bench pull-requests
 */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { startGitHubStandin } from '@internal/github-standin';
import {
  createGitHubClient,
  PullRequestPublisher,
} from '@proficientnow/backstage-plugin-gitops-node';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const SIZES = [1, 10, 100];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TOKEN = 'bench-token';

/** A realistic rendered file: a few KB of YAML, different per file. */
function files(count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const lines = Array.from(
      { length: 120 },
      (_, l) => `    key-${l}: value-${i}-${l}`,
    );
    out[
      `clusters/dev/bench/node-${String(i).padStart(3, '0')}.yaml`
    ] = `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: node-${i}\nspec:\n  data:\n${lines.join(
      '\n',
    )}\n`;
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function silentLogger(): any {
  const noop = () => {};
  const logger: any = {
    info: noop,
    warn: noop,
    error: noop,
    debug: noop,
    child: () => logger,
  };
  return logger;
}

async function once(size: number) {
  const standin = await startGitHubStandin({
    repos: [
      {
        owner: 'proficientnow',
        name: 'platform-gitops',
        files: { 'README.md': '# bench\n' },
      },
    ],
    tokens: [TOKEN],
  });
  const content = files(size);
  try {
    // ours
    standin.resetCounts();
    let t = performance.now();
    await new PullRequestPublisher(
      createGitHubClient({
        baseUrl: standin.url,
        token: TOKEN,
        writeIntervalMs: 0,
      }),
    ).publish({
      owner: 'proficientnow',
      repo: 'platform-gitops',
      baseBranch: 'main',
      branch: `bench/ours-${size}`,
      files: new Map(Object.entries(content)),
      commitMessage: 'bench',
      title: `bench ours ${size}`,
      body: 'bench',
    });
    const oursMs = performance.now() - t;
    const oursRequests = standin.requestCounts().total;

    // Backstage's publish:github:pull-request, same stand-in, same files
    const workspacePath = mkdtempSync(path.join(os.tmpdir(), 'bench-pr-'));
    for (const [file, text] of Object.entries(content)) {
      mkdirSync(path.dirname(path.join(workspacePath, file)), {
        recursive: true,
      });
      writeFileSync(path.join(workspacePath, file), text);
    }
    const config = new ConfigReader({
      integrations: {
        github: [
          { host: 'github.local', apiBaseUrl: standin.url, token: TOKEN },
        ],
      },
    });
    const action = createPublishGithubPullRequestAction({
      integrations: ScmIntegrations.fromConfig(config),
      config,
    });
    standin.resetCounts();
    t = performance.now();
    await action.handler({
      input: {
        repoUrl: 'github.local?owner=proficientnow&repo=platform-gitops',
        branchName: `bench/backstage-${size}`,
        title: `bench backstage ${size}`,
        description: 'bench',
      },
      workspacePath,
      logger: silentLogger(),
      output: () => {},
      checkpoint: async ({ fn }: any) => fn(),
      createTemporaryDirectory: async () =>
        mkdtempSync(path.join(os.tmpdir(), 'bench-tmp-')),
      getInitiatorCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'user', userEntityRef: 'user:default/bench' },
      }),
      task: { id: 'bench' },
    } as any);
    const backstageMs = performance.now() - t;
    const backstageRequests = standin.requestCounts().total;
    rmSync(workspacePath, { recursive: true, force: true });
    const bugs = standin.violations().filter(v => v.standinBug);
    if (bugs.length) throw new Error(`stand-in bugs: ${JSON.stringify(bugs)}`);
    return { oursMs, oursRequests, backstageMs, backstageRequests };
  } finally {
    await standin.close();
  }
}

async function main() {
  const rows = [];
  await once(1); // warm-up: OpenAPI description, JIT
  for (const size of SIZES) {
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await once(size));
    const row = {
      files: size,
      oursRequests: median(runs.map(x => x.oursRequests)),
      backstageRequests: median(runs.map(x => x.backstageRequests)),
      oursMs: Math.round(median(runs.map(x => x.oursMs))),
      backstageMs: Math.round(median(runs.map(x => x.backstageMs))),
    };
    rows.push({
      ...row,
      requestRatio: +(row.backstageRequests / row.oursRequests).toFixed(2),
      timeRatio: +(row.backstageMs / row.oursMs).toFixed(2),
    });
  }
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'pull-requests.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        rounds: ROUNDS,
        rows,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    '| files | requests: ours | requests: publish:github:pull-request | ratio | wall time: ours (ms) | wall time: publish:github:pull-request (ms) | ratio |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.files} | ${r.oursRequests} | ${r.backstageRequests} | ${r.requestRatio}x | ${r.oursMs} | ${r.backstageMs} | ${r.timeRatio}x |`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
