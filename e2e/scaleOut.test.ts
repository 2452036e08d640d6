import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { e2eDir, repoRoot } from './support/portal.ts';

// Two backend processes on one PostgreSQL, as the portal runs on the
// platform (Deployment with 2 replicas): the work scheduled with
// scope 'global' (the GitOps catalog provider, the health collection) must run
// once per interval, not once per replica, and both must serve the same data.

const FREQUENCY_SECONDS = 4;
const WATCH_SECONDS = 24;
const PORTS = {
  github: 7951,
  kubernetes: 7952,
  control: 7953,
  backends: [7961, 7962],
};
const postgres = process.env.PORTAL_TEST_POSTGRES_URL;
// a database prefix of its own: this run never meets another portal's tables
const prefix = `scaleout_${process.pid}_`;
const runDir = path.join(e2eDir, 'scale-out');
const children: ChildProcess[] = [];

function startProcess(
  name: string,
  command: string,
  args: string[],
  cwd: string,
): { child: ChildProcess; log: string } {
  const log = path.join(runDir, `${name}.log`);
  const child = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
    env: { ...process.env, BROWSER: 'none' },
  });
  children.push(child);
  return { child, log };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  log?: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not up yet
    }
    if (log && /startup failed|Backend failed to start/.test(tail(log))) {
      throw new Error(`${what} failed\n--- ${log} ---\n${tail(log)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${
          log ? `\n--- ${log} ---\n${tail(log)}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

async function json(url: string, token?: string): Promise<any> {
  const res = await fetch(url, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

const control = `http://127.0.0.1:${PORTS.control}`;
const backendUrl = (port: number) => `http://localhost:${port}`;

async function requestCounts() {
  const counts = await json(`${control}/requests`);
  return {
    // one GitOps provider refresh reads the branch head once
    providerRefreshes: Object.entries<number>(counts.github.byOperation)
      .filter(([key]) => /^GET \S*\/git\/ref\//.test(key))
      .reduce((n, [, c]) => n + c, 0),
    // one health collection reads each cluster's nodes once
    collections: counts.kubernetes.platform.byPath['GET /api/v1/nodes'] ?? 0,
  };
}

before(async () => {
  assert.ok(
    postgres,
    'PORTAL_TEST_POSTGRES_URL is not set: run ./portal test, which starts PostgreSQL',
  );
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const stack = startProcess(
    'local-stack',
    process.execPath,
    [
      '--require',
      path.join(
        repoRoot,
        'node_modules/@backstage/cli/config/nodeTransform.cjs',
      ),
      path.join(repoRoot, 'packages/local-stack/src/cli.ts'),
      '--dir',
      path.join(runDir, 'stack'),
      '--github-port',
      String(PORTS.github),
      '--kubernetes-port',
      String(PORTS.kubernetes),
      '--control-port',
      String(PORTS.control),
      '--ceph',
      'off',
    ],
    repoRoot,
  );
  await until(
    'the local stand-ins',
    async () =>
      readFileSync(stack.log, 'utf8').includes('local stack ready') ||
      undefined,
    120_000,
    stack.log,
  );
  const shared = {
    backend: {
      database: { client: 'pg', connection: postgres, prefix },
    },
    // ISO strings: an object here would merge with app-config's { minutes: 5 }
    gitops: {
      catalog: {
        schedule: {
          frequency: `PT${FREQUENCY_SECONDS}S`,
          timeout: { seconds: 60 },
          initialDelay: { seconds: 1 },
        },
      },
    },
    infraHealth: {
      schedule: {
        frequency: `PT${FREQUENCY_SECONDS}S`,
        timeout: { seconds: 60 },
        initialDelay: { seconds: 1 },
      },
    },
  };
  writeFileSync(path.join(runDir, 'shared.json'), JSON.stringify(shared));
  // scale out: the second replica joins a running first one (two first starts
  // at once on an empty database race to create knex's migration tables; on
  // the platform the loser restarts, here the test does not wait on that)
  for (const port of PORTS.backends) {
    writeFileSync(
      path.join(runDir, `replica-${port}.json`),
      JSON.stringify({
        backend: { baseUrl: backendUrl(port), listen: { port } },
      }),
    );
    const configs = [
      path.join(repoRoot, 'app-config.yaml'),
      path.join(runDir, 'stack', 'app-config.stack.yaml'),
      path.join(runDir, 'shared.json'),
      path.join(runDir, `replica-${port}.json`),
    ].flatMap(file => ['--config', file]);
    startProcess(
      `backend-${port}`,
      process.execPath,
      [
        path.join(repoRoot, '.yarn/releases/yarn-4.13.0.cjs'),
        'backstage-cli',
        'package',
        'start',
        ...configs,
      ],
      path.join(repoRoot, 'packages/backend'),
    );
    await until(
      `backend replica on ${port}`,
      async () => {
        const res = await fetch(
          `${backendUrl(port)}/.backstage/health/v1/readiness`,
        );
        return res.status === 200 || undefined;
      },
      300_000,
      path.join(runDir, `backend-${port}.log`),
    );
  }
});

after(async () => {
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise(r => setTimeout(r, 2_000));
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // drop this run's plugin databases
  if (!postgres) return;
  const psql = (sql: string) =>
    spawnSync('psql', [postgres, '-At', '-c', sql], { encoding: 'utf8' });
  const names = psql(
    `select datname from pg_database where datname like '${prefix}%'`,
  ).stdout.split('\n');
  for (const name of names.filter(n => /^scaleout_\d+_[a-z-]+$/.test(n))) {
    psql(`drop database if exists "${name}" with (force)`);
  }
});

test('two backend replicas on one PostgreSQL run scheduled work once per interval and serve the same data', async () => {
  const tokens = await Promise.all(
    PORTS.backends.map(
      async port =>
        (
          await json(`${backendUrl(port)}/api/auth/guest/refresh`)
        ).backstageIdentity.token as string,
    ),
  );
  // both replicas are up and the first cycles have run
  await until(
    'the first health collection and catalog refresh',
    async () => {
      const counts = await requestCounts();
      return counts.collections > 0 && counts.providerRefreshes > 0
        ? counts
        : undefined;
    },
    120_000,
  );
  const start = await requestCounts();
  const startedAt = Date.now();
  await new Promise(r => setTimeout(r, WATCH_SECONDS * 1000));
  const end = await requestCounts();
  const seconds = (Date.now() - startedAt) / 1000;
  const intervals = Math.ceil(seconds / FREQUENCY_SECONDS);
  const collections = end.collections - start.collections;
  const refreshes = end.providerRefreshes - start.providerRefreshes;
  // once per interval across both replicas (twice as many would mean each replica ran its own)
  assert.ok(
    collections >= 1 && collections <= intervals + 1,
    `health collected ${collections} times in ${seconds.toFixed(
      1,
    )} s (${intervals} intervals of ${FREQUENCY_SECONDS} s)`,
  );
  assert.ok(
    refreshes >= 1 && refreshes <= intervals + 1,
    `GitOps provider refreshed ${refreshes} times in ${seconds.toFixed(
      1,
    )} s (${intervals} intervals)`,
  );

  // the same health snapshot from both replicas (read A, B, A: a collection may land in between)
  const fleetOf = async (i: number) => {
    const fleet = await json(
      `${backendUrl(PORTS.backends[i])}/api/infra-health/fleet`,
      tokens[i],
    );
    return JSON.stringify(
      fleet.clusters.map((c: any) => [c.cluster, c.status, c.observedAt]),
    );
  };
  const a1 = await fleetOf(0);
  const b = await fleetOf(1);
  const a2 = await fleetOf(0);
  assert.ok(
    b === a1 || b === a2,
    `replica B served ${b}, replica A ${a1} / ${a2}`,
  );
  assert.match(a1, /"prod","warning"/);

  // the same catalog, including what the GitOps provider wrote
  const catalogOf = async (i: number) => {
    const page = await json(
      `${backendUrl(
        PORTS.backends[i],
      )}/api/catalog/entities/by-query?filter=kind=resource,spec.type=argocd-application&limit=500&fields=metadata.name`,
      tokens[i],
    );
    return page.items.map((e: any) => e.metadata.name).sort();
  };
  const [catalogA, catalogB] = await Promise.all([catalogOf(0), catalogOf(1)]);
  assert.ok(catalogA.length > 0, 'the GitOps provider wrote Applications');
  assert.deepEqual(catalogB, catalogA);
  // eslint-disable-next-line no-console
  console.log(
    `in ${seconds.toFixed(
      1,
    )} s (${intervals} intervals): ${collections} health collections, ${refreshes} provider refreshes across 2 replicas; ${
      catalogA.length
    } Applications in both catalogs`,
  );
});
