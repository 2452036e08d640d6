import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import {
  launchBrowser,
  screenshot,
  withFailureScreenshot,
} from './support/browser.ts';
import { e2eDir, repoRoot } from './support/portal.ts';

/*
 * The install test: our packages as a team that already runs Backstage gets
 * them. We pack every published package (`yarn pack`, as `npm publish` would
 * send it), create a brand-new app with `@backstage/create-app` from the npm
 * registry (the version of our Backstage release, backstage.json), add the
 * packages and the lines each package's README names, install, start it
 * with `yarn start`, and look at the fleet page and an entity's Ceph card in
 * Chromium. Once for the new frontend system, once for the legacy one
 * (create-app --legacy).
 *
 * The only departures from the READMEs, both forced by this machine:
 * - our packages are not on the registry, so the app's root package.json
 *   resolves each `@proficientnow/*` name to its packed tarball (`file:`);
 * - the package mirror lacks some platform binaries of the newest versions,
 *   so the same `resolutions` pins as this repository's apply.
 * The data comes from the local stand-ins (`packages/local-stack`: the GitHub
 * stand-in's GitOps repository and the Kubernetes stand-in's clusters), whose
 * app-config the fresh app loads as its app-config.local.yaml.
 */

/** @backstage/create-app of Backstage 1.55.0, the release in backstage.json. */
const CREATE_APP_VERSION = '0.9.2';
const BACKSTAGE_RELEASE = JSON.parse(
  readFileSync(path.join(repoRoot, 'backstage.json'), 'utf8'),
).version as string;

const rootPackage = JSON.parse(
  readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
);
/** The mirror's missing platform binaries: the same pins as this repository's. */
const MIRROR_PINS = Object.fromEntries(
  Object.entries(rootPackage.resolutions as Record<string, string>).filter(
    ([name]) => !name.startsWith('@types/') && !name.startsWith('@backstage/'),
  ),
);

/**
 * The registry has moved past our release: create-app's caret ranges now
 * reach the next line's plugins (published 2026-11-17), which need a newer
 * core (the newest signals backend calls `httpRouter.addWebSocketHandler`,
 * missing from the 1.55 backend-defaults, and the fresh app does not start).
 * create-app fetches a seed lockfile for such breaks from GitHub, which this
 * machine cannot reach. A team's app has its lockfile; the fresh app gets
 * the registry as it stood during the 1.55 line instead, with yarn's own age
 * gate: no version published after RELEASE_LINE_END. The platform binaries
 * the mirror needs pinned are exempt (preapproved).
 */
const RELEASE_LINE_END = Date.parse('2026-11-01T00:00:00Z');

function ageGateConfig(yarnrc: string): string {
  const config = parse(yarnrc) ?? {};
  const minutes = Math.ceil((Date.now() - RELEASE_LINE_END) / 60_000);
  config.npmMinimalAgeGate = `${minutes}m`;
  config.npmPreapprovedPackages = Object.keys(MIRROR_PINS).flatMap(name =>
    name.startsWith('@')
      ? [`${name.split('/')[0]}/*`]
      : [name, `@${name.split('-')[0]}/*`],
  );
  return stringify(config);
}

const logDir = path.join(e2eDir, 'install');
const workDir = mkdtempSync(path.join(tmpdir(), 'portal-install-test-'));
const packedDir = path.join(workDir, 'packed');

/** The published packages: every plugins/* package that is not private. */
function publishedPackages(): { name: string; dir: string }[] {
  return readdirSync(path.join(repoRoot, 'plugins'))
    .map(dir => path.join(repoRoot, 'plugins', dir))
    .filter(dir => existsSync(path.join(dir, 'package.json')))
    .map(dir => ({
      dir,
      pkg: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({ name: pkg.name as string, dir }));
}

/** Node and yarn of this repository's toolchain, and native addons built against its headers. */
function toolchainEnv(): NodeJS.ProcessEnv {
  const nodeHome = path.dirname(path.dirname(process.execPath));
  return {
    ...process.env,
    PATH: `${path.join(repoRoot, '.toolchain', 'bin')}:${path.join(
      nodeHome,
      'bin',
    )}:${process.env.PATH}`,
    npm_config_nodedir: nodeHome,
    // CI=true makes yarn refuse to write the fresh app's lockfile
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_TELEMETRY: '0',
    BROWSER: 'none',
  };
}

/** Runs a command to its end, its output appended to a log; throws with the log's end on failure. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; log: string; input?: string },
) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: toolchainEnv(),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(
    options.log,
    `$ ${command} ${args.join(' ')}   (in ${options.cwd}, ${seconds} s, exit ${
      result.status
    })\n${result.stdout}${result.stderr}\n`,
    { flag: 'a' },
  );
  if (result.status !== 0) {
    const end = `${result.stdout}${result.stderr}`.split('\n').slice(-40);
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${
        result.status ?? result.signal
      }); log: ${options.log}\n${end.join('\n')}`,
    );
  }
  return seconds;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

interface Background {
  child: ChildProcess;
  exited(): string | undefined;
  stop(): Promise<void>;
}

function background(
  command: string,
  args: string[],
  cwd: string,
  log: string,
): Background {
  const out = openSync(log, 'a');
  const child = spawn(command, args, {
    cwd,
    env: toolchainEnv(),
    detached: true,
    stdio: ['ignore', out, out],
  });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  return {
    child,
    exited: () => exited,
    async stop() {
      if (!child.pid || exited) return;
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          return;
        }
        const deadline = Date.now() + 15_000;
        while (!exited && Date.now() < deadline) {
          await new Promise(r => setTimeout(r, 200));
        }
        if (exited) return;
      }
    },
  };
}

function tail(file: string, lines = 40) {
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  proc: Background,
  log: string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (proc.exited()) {
      throw new Error(`${what}: ${proc.exited()}; log ${log}\n${tail(log)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not ready in ${timeoutMs / 1000} s; log ${log}\n${tail(log)}`,
      );
    }
    await new Promise(r => setTimeout(r, 1_000));
  }
}

let stack: Background | undefined;
let stackConfig: Record<string, unknown> = {};
let backendPort = 0;
const tarballs = new Map<string, string>();
const timings: Record<string, number> = {};

before(async () => {
  mkdirSync(logDir, { recursive: true });
  mkdirSync(packedDir, { recursive: true });
  const log = path.join(logDir, 'pack.log');
  writeFileSync(log, '');
  // build output as published: declarations (tsc), then each package's bundle and tarball
  let seconds = run('yarn', ['tsc'], { cwd: repoRoot, log });
  for (const { name, dir } of publishedPackages()) {
    seconds += run('yarn', ['backstage-cli', 'package', 'build'], {
      cwd: dir,
      log,
    });
    const file = path.join(packedDir, `${name.replace(/[@/]/g, '_')}.tgz`);
    seconds += run('yarn', ['pack', '--out', file], { cwd: dir, log });
    tarballs.set(name, file);
  }
  timings.pack = seconds;

  // the local stand-ins the fresh apps read: the GitOps repository and the clusters
  backendPort = await freePort();
  const stackDir = path.join(workDir, 'stack');
  const stackLog = path.join(logDir, 'stack.log');
  writeFileSync(stackLog, '');
  stack = background(
    process.execPath,
    [
      '--require',
      resolveFromRepo('@backstage/cli/config/nodeTransform.cjs'),
      path.join(repoRoot, 'packages/local-stack/src/cli.ts'),
      '--dir',
      stackDir,
      '--github-port',
      String(await freePort()),
      '--kubernetes-port',
      String(await freePort()),
      '--control-port',
      String(await freePort()),
      '--backend-port',
      String(backendPort),
      '--ceph',
      'off',
    ],
    repoRoot,
    stackLog,
  );
  const configFile = path.join(stackDir, 'app-config.stack.yaml');
  await waitFor(
    'the local stack',
    async () => readFileSync(stackLog, 'utf8').includes('local stack ready'),
    stack,
    stackLog,
    120_000,
  );
  stackConfig = parse(readFileSync(configFile, 'utf8'));
});

after(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** Resolves a module from the repository's own node_modules (the Backstage CLI's node transform). */
function resolveFromRepo(request: string): string {
  return spawnSync(
    process.execPath,
    ['-p', `require.resolve(${JSON.stringify(request)})`],
    { cwd: repoRoot, encoding: 'utf8' },
  ).stdout.trim();
}

function readJson(file: string) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file: string, value: unknown) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Inserts `addition` before the first occurrence of `marker` in a file; fails when the marker is gone. */
function insertBefore(file: string, marker: string, addition: string) {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `${file}: no "${marker}" to add our lines before`);
  writeFileSync(file, text.slice(0, at) + addition + text.slice(at));
}

const BACKEND_PACKAGES = [
  '@proficientnow/backstage-plugin-infra-health-backend',
  '@proficientnow/backstage-plugin-gitops-backend',
  '@proficientnow/backstage-plugin-scaffolder-backend-module-gitops',
  '@proficientnow/backstage-plugin-catalog-backend-module-gitops',
];
const FRONTEND_PACKAGE = '@proficientnow/backstage-plugin-infra-health';

/** The cluster entity a team annotates so the health cards find its cluster (the plugin README). */
const PLATFORM_CLUSTER_ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'platform',
    title: 'Platform cluster',
    annotations: { 'platform.proficientnow.io/health-cluster': 'platform' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'guests' },
};

/** The legacy-frontend lines of the plugin's README: App.tsx, EntityPage.tsx and Root.tsx. */
function applyLegacyFrontendLines(appDir: string) {
  const src = path.join(appDir, 'packages/app/src');
  const appTsx = path.join(src, 'App.tsx');
  insertBefore(
    appTsx,
    'const app = createApp(',
    `import {\n  InfraHealthPage,\n  infraHealthPlugin,\n} from '${FRONTEND_PACKAGE}';\n\n`,
  );
  insertBefore(
    appTsx,
    '    bind(orgPlugin.externalRoutes',
    [
      '    bind(infraHealthPlugin.externalRoutes, {',
      '      createTemplate: scaffolderPlugin.routes.selectedTemplate,',
      '    });',
      '',
    ].join('\n'),
  );
  insertBefore(
    appTsx,
    '</FlatRoutes>',
    '  <Route path="/infra-health" element={<InfraHealthPage />} />\n  ',
  );

  const entityPage = path.join(src, 'components/catalog/EntityPage.tsx');
  const cards: [string, string][] = [
    ['isInfraHealthCluster', 'EntityClusterHealthCard'],
    ['isCephHealthAvailable', 'EntityCephHealthCard'],
    ['isCiliumHealthAvailable', 'EntityCiliumHealthCard'],
    ['isPendingChangesAvailable', 'EntityPendingChangesCard'],
    ['isClusterChangesAvailable', 'EntityClusterChangesCard'],
    ['isComponentChangesAvailable', 'EntityComponentChangesCard'],
  ];
  const names = cards.flat().sort();
  insertBefore(
    entityPage,
    'const overviewContent',
    [
      `import {\n${names
        .map(n => `  ${n},`)
        .join('\n')}\n} from '${FRONTEND_PACKAGE}';`,
      '',
      'const infraHealthCards = (',
      '  <>',
      ...cards.map(([predicate, card]) =>
        [
          '    <EntitySwitch>',
          `      <EntitySwitch.Case if={${predicate}}>`,
          '        <Grid item md={6} xs={12}>',
          `          <${card} />`,
          '        </Grid>',
          '      </EntitySwitch.Case>',
          '    </EntitySwitch>',
        ].join('\n'),
      ),
      '  </>',
      ');',
      '',
      '',
    ].join('\n'),
  );
  // the cards at the end of overviewContent's grid
  const text = readFileSync(entityPage, 'utf8');
  const overview = text.indexOf('const overviewContent');
  const gridEnd = text.indexOf('  </Grid>\n);', overview);
  assert.ok(
    overview >= 0 && gridEnd > overview,
    `${entityPage}: no overviewContent grid`,
  );
  writeFileSync(
    entityPage,
    `${text.slice(0, gridEnd)}    {infraHealthCards}\n${text.slice(gridEnd)}`,
  );

  const root = path.join(src, 'components/Root/Root.tsx');
  insertBefore(
    root,
    'import LogoFull',
    `import { InfraHealthIcon } from '${FRONTEND_PACKAGE}';\n`,
  );
  insertBefore(
    root,
    '        {/* End global nav */}',
    '        <SidebarItem icon={InfraHealthIcon} to="infra-health" text="Platform health" />\n',
  );
}

async function installAndOpen(variant: 'new' | 'legacy') {
  const log = path.join(logDir, `${variant}-app.log`);
  writeFileSync(log, '');
  const appDir = path.join(workDir, `${variant}-app`);
  const started = Date.now();

  // 1. a brand-new app, as the Backstage docs start one
  run(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${CREATE_APP_VERSION}`,
      ...(variant === 'legacy' ? ['--legacy'] : []),
      '--skip-install',
      '--path',
      appDir,
    ],
    { cwd: workDir, log, input: `install-test-${variant}\n` },
  );
  assert.equal(
    readJson(path.join(appDir, 'backstage.json')).version,
    BACKSTAGE_RELEASE,
    'create-app makes an app of our Backstage release',
  );

  // 2. our packages, as the READMEs add them (yarn --cwd packages/... add)
  const root = readJson(path.join(appDir, 'package.json'));
  root.resolutions = {
    ...root.resolutions,
    ...MIRROR_PINS,
    ...Object.fromEntries(
      [...tarballs].map(([name, file]) => [name, `file:${file}`]),
    ),
  };
  writeJson(path.join(appDir, 'package.json'), root);
  const yarnrc = path.join(appDir, '.yarnrc.yml');
  writeFileSync(yarnrc, ageGateConfig(readFileSync(yarnrc, 'utf8')));
  const backendPkgFile = path.join(appDir, 'packages/backend/package.json');
  const backendPkg = readJson(backendPkgFile);
  for (const name of BACKEND_PACKAGES) backendPkg.dependencies[name] = '^0.1.0';
  writeJson(backendPkgFile, backendPkg);
  const appPkgFile = path.join(appDir, 'packages/app/package.json');
  const appPkg = readJson(appPkgFile);
  appPkg.dependencies[FRONTEND_PACKAGE] = '^0.1.0';
  writeJson(appPkgFile, appPkg);

  // 3. the backend lines of the backend packages' READMEs
  insertBefore(
    path.join(appDir, 'packages/backend/src/index.ts'),
    'backend.start();',
    `${BACKEND_PACKAGES.map(name => `backend.add(import('${name}'));`).join(
      '\n',
    )}\n\n`,
  );
  // 4. the frontend: the new system discovers the plugin (app.packages: all); the legacy one gets its lines
  if (variant === 'legacy') applyLegacyFrontendLines(appDir);

  // 5. configuration: the local stand-ins, our ports, and the annotated cluster entity
  const appPort = await freePort();
  const entitiesFile = path.join(appDir, 'platform-cluster.yaml');
  writeFileSync(entitiesFile, stringify(PLATFORM_CLUSTER_ENTITY));
  const local = {
    ...stackConfig,
    app: { baseUrl: `http://localhost:${appPort}` },
    backend: {
      baseUrl: `http://localhost:${backendPort}`,
      listen: { port: backendPort },
      cors: { origin: `http://localhost:${appPort}` },
    },
    catalog: {
      locations: [
        {
          type: 'file',
          target: entitiesFile,
          rules: [{ allow: ['Resource'] }],
        },
      ],
    },
  };
  writeFileSync(
    path.join(appDir, 'app-config.local.yaml'),
    stringify(local, { lineWidth: 0 }),
  );

  const installStarted = Date.now();
  run('yarn', ['install'], { cwd: appDir, log });
  timings[`${variant}: install`] = Math.round(
    (Date.now() - installStarted) / 1000,
  );

  // 6. yarn start, and Chromium on the fleet page and the cluster's Ceph card
  const startLog = path.join(logDir, `${variant}-app-start.log`);
  writeFileSync(startLog, '');
  const app = background('yarn', ['start'], appDir, startLog);
  const { browser, close } = await launchBrowser();
  try {
    const appUrl = `http://localhost:${appPort}`;
    await waitFor(
      'the fresh app',
      async () =>
        (await answers(
          `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
        )) && (await answers(appUrl)),
      app,
      startLog,
      600_000,
    );
    timings[`${variant}: start`] = Math.round(
      (Date.now() - installStarted) / 1000 - timings[`${variant}: install`],
    );
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await withFailureScreenshot(page, `install-${variant}`, async () => {
      // the new app's sign-in page waits for Enter; the legacy one signs the guest in by itself
      await page.goto(appUrl);
      const enter = page.getByRole('button', { name: 'Enter' });
      const signedIn = page.getByRole('link', { name: /Platform he/ });
      await enter.or(signedIn).first().waitFor({ timeout: 120_000 });
      if (await enter.isVisible()) {
        await enter.click();
        await enter.waitFor({ state: 'detached', timeout: 60_000 });
      }

      await page.goto(`${appUrl}/infra-health/fleet`);
      const platformRow = page
        .locator('table[role="grid"]')
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: /^platform\b/ }) });
      await platformRow.waitFor({ timeout: 120_000 });
      // collected from the Kubernetes stand-in: a status, not a placeholder
      await platformRow
        .locator('[data-status]:not([data-status="unknown"])')
        .first()
        .waitFor({ timeout: 120_000 });
      await screenshot(page, `install-${variant}-fleet`);

      await page.goto(`${appUrl}/catalog/default/resource/platform`);
      // the Ceph card's first section renders once the cluster's Ceph health
      // arrived (from the stand-in's Rook status), with its status in words
      const cephHealth = page.locator('section[aria-label="Ceph health"]');
      await cephHealth
        .locator('[data-status]:not([data-status="unknown"])')
        .first()
        .waitFor({ timeout: 120_000 });
      await cephHealth.scrollIntoViewIfNeeded();
      await screenshot(page, `install-${variant}-ceph-card`);
    });
  } finally {
    await close();
    await app.stop();
  }
  timings[`${variant}: total`] = Math.round((Date.now() - started) / 1000);
  writeFileSync(
    path.join(logDir, 'timings.json'),
    `${JSON.stringify(timings, null, 2)}\n`,
  );
}

test(
  'a fresh create-app app (new frontend system) installs the packed packages as the READMEs say and shows the fleet and a Ceph card',
  { timeout: 1_500_000 },
  async () => {
    await installAndOpen('new');
  },
);

test(
  'a fresh create-app --legacy app installs them the same way and shows the fleet page and the Ceph card through the legacy entry point',
  { timeout: 1_500_000 },
  async () => {
    await installAndOpen('legacy');
  },
);
