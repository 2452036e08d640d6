import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  readdirSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * A real single-node Ceph (Debian's Pacific: mon, mgr with the Prometheus
 * exporter, one memstore OSD) and a Prometheus scraping it every 5 s, all on
 * 127.0.0.1, started by scripts/ceph-lab. Every lab lives in its own
 * directory (`.local/ceph-lab/<instance>`); two labs at once need their own
 * instance names and ports.
 */
export interface CephLab {
  /** the lab directory: config, data, logs and recorded pids */
  labDir: string;
  ports: CephLabPorts;
  /** Prometheus, e.g. `http://127.0.0.1:9090` (query at `/api/v1/query`) */
  prometheusUrl: string;
  /** the mgr exporter, e.g. `http://127.0.0.1:9283/metrics` */
  exporterUrl: string;
  /** the cluster's ceph.conf; `CEPH_CONF` for any ceph or rados command */
  cephConf: string;
  /** the mgr dashboard and its read-only user, when started with `dashboard: true` */
  dashboard?: { url: string; username: string; password: string };
  /** the scripts' `timing:` lines, for reports */
  timings: string[];
  /** runs the ceph CLI against this lab; resolves its stdout, rejects with its stderr */
  ceph(args: string[]): Promise<string>;
  /** stops Prometheus and the cluster (exactly the processes the lab started) */
  stop(): Promise<void>;
}

export interface CephLabPorts {
  /** mon, msgr v2 */
  monV2: number;
  /** mon, msgr v1 */
  monV1: number;
  /** first port of the range the mgr and the OSD bind from (they take 10) */
  msBindMin: number;
  /** last port of that range */
  msBindMax: number;
  /** mgr Prometheus exporter */
  exporter: number;
  prometheus: number;
  /** mgr dashboard (only with `dashboard: true`) */
  dashboard: number;
}

export interface CephLabOptions {
  /** names the lab directory, `.local/ceph-lab/<instance>` (default `default`) */
  instance?: string;
  ports?: Partial<CephLabPorts>;
  /** more Prometheus jobs, job name to a loopback `host:port` serving /metrics */
  extraScrapeTargets?: Record<string, string>;
  /** also start the mgr dashboard (plain HTTP) with a read-only user */
  dashboard?: boolean;
}

/** The scripts' defaults, which the local stack uses; tests should pick others. */
export const cephLabDefaultPorts: CephLabPorts = {
  monV2: 3300,
  monV1: 6789,
  msBindMin: 6800,
  msBindMax: 6829,
  exporter: 9283,
  prometheus: 9090,
  dashboard: 8080,
};

/**
 * The repository root: tests run with their package (or the repository) as
 * working directory, so it is the nearest directory up holding the scripts.
 */
function findRepoRoot(start = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts', 'ceph-lab', 'start-ceph.sh'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(
        `scripts/ceph-lab/start-ceph.sh not found above ${start}; run the tests from inside the portal repository`,
      );
    }
  }
}

const repoRoot = findRepoRoot();
const scriptDir = join(repoRoot, 'scripts', 'ceph-lab');
const shellLibrary = join(repoRoot, 'scripts', 'lib', 'ceph-lab.sh');
const dashboardUser = { username: 'ro-user', password: 'RoPassw0rd!x' };
const startTimeoutMs = 180_000;
const stopTimeoutMs = 60_000;
const cephTimeoutMs = 60_000;

/** asks scripts/lib/ceph-lab.sh, so the shell and this module share one list */
function fromShellLibrary(command: string): string[] {
  const result = spawnSync(
    'bash',
    ['-c', `source "$1" && ${command}`, 'bash', shellLibrary],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(
      `could not read ${shellLibrary}: ${result.stderr || result.error}`,
    );
  }
  return result.stdout.split(/\s+/).filter(Boolean);
}

/** The binaries the lab needs that are not installed. */
export function cephLabMissingBinaries(): string[] {
  return fromShellLibrary('ceph_lab_missing_binaries');
}

/** True when every binary the lab needs is installed. */
export function cephLabAvailable(): boolean {
  return cephLabMissingBinaries().length === 0;
}

/**
 * Whether tests that need the lab can run: true when it is installed, false
 * when it is not (tests then skip). Under `./portal test`, which installs it
 * and sets PORTAL_REQUIRE_CEPH, a missing lab throws instead of skipping.
 */
export function requireCephLab(
  env: NodeJS.ProcessEnv = process.env,
  missing: string[] = cephLabMissingBinaries(),
): boolean {
  if (missing.length === 0) return true;
  if (env.PORTAL_REQUIRE_CEPH === '1') {
    const packages = fromShellLibrary('ceph_lab_packages');
    throw new Error(
      `PORTAL_REQUIRE_CEPH=1 but the Ceph lab is not installed (missing ${missing.join(
        ', ',
      )}). Run ./portal test, which installs it, or: apt-get install --no-install-recommends ${packages.join(
        ' ',
      )}`,
    );
  }
  return false;
}

function checkedPorts(ports: Partial<CephLabPorts> = {}): CephLabPorts {
  const merged = { ...cephLabDefaultPorts, ...ports };
  for (const [name, port] of Object.entries(merged)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(
        `ports.${name} must be an integer TCP port (1-65535); got ${port}`,
      );
    }
  }
  return merged;
}

const loopbackTarget = /^(127(\.\d{1,3}){3}|localhost|\[::1\]):\d{1,5}$/;

function scrapeTargetsVariable(targets: Record<string, string> = {}): string {
  return Object.entries(targets)
    .map(([job, address]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(job)) {
        throw new Error(
          `extraScrapeTargets: job name '${job}' must start with a letter or _ and hold only letters, digits, _ and -`,
        );
      }
      if (!loopbackTarget.test(address)) {
        throw new Error(
          `extraScrapeTargets.${job} must be a loopback host:port (127.0.0.0/8, localhost or [::1]); got '${address}'`,
        );
      }
      return `${job}=${address}`;
    })
    .join(',');
}

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** spawns without a shell; kills the process (SIGTERM, then SIGKILL) after timeoutMs */
function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk;
    });
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    }, timeoutMs);
    child.on('error', error => {
      clearTimeout(timer);
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', code => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolvePromise({ code, stdout, stderr, timedOut });
    });
  });
}

/** the last lines of a log, read from its end so a large Ceph log costs little */
function tail(file: string, lines = 15): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 16_384);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } finally {
    closeSync(fd);
  }
}

function logTails(labDir: string): string {
  const files: string[] = [];
  const logDir = join(labDir, 'log');
  if (existsSync(logDir)) {
    for (const name of readdirSync(logDir).sort())
      files.push(join(logDir, name));
  }
  const prometheusLog = join(labDir, 'prometheus', 'prometheus.log');
  if (existsSync(prometheusLog)) files.push(prometheusLog);
  return files
    .map(file => ({ file, text: tail(file).trim() }))
    .filter(({ text }) => text.length > 0)
    .map(({ file, text }) => `--- ${file} (end) ---\n${text}`)
    .join('\n');
}

async function runScript(
  script: string,
  env: NodeJS.ProcessEnv,
  labDir: string,
  timeoutMs: number,
): Promise<string> {
  const result = await runProcess(
    'bash',
    [join(scriptDir, script)],
    env,
    timeoutMs,
  );
  if (result.code === 0) return result.stdout;
  const why = result.timedOut
    ? `did not finish within ${timeoutMs / 1000}s`
    : `failed (exit ${result.code})`;
  throw new Error(
    [
      `scripts/ceph-lab/${script} ${why}`,
      result.stdout.trim(),
      result.stderr.trim(),
      logTails(labDir),
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

/**
 * Starts a lab (a lab of the same instance left behind by a crash is stopped
 * and deleted first) and resolves once the cluster is HEALTH_OK, the exporter
 * serves that state and Prometheus holds its first sample. A failed start
 * stops what it started and rejects with the end of every daemon log.
 */
export async function startCephLab(
  options: CephLabOptions = {},
): Promise<CephLab> {
  const instance = options.instance ?? 'default';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(instance)) {
    throw new Error(
      `instance must be lower-case letters, digits and dashes (at most 63, not starting with a dash); got '${instance}'`,
    );
  }
  const ports = checkedPorts(options.ports);
  const extraScrapeTargets = scrapeTargetsVariable(options.extraScrapeTargets);
  const labDir = join(repoRoot, '.local', 'ceph-lab', instance);
  const cephConf = join(labDir, 'ceph.conf');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LAB: labDir,
    CEPH_LAB_INSTANCE: instance,
    MON_V2_PORT: String(ports.monV2),
    MON_V1_PORT: String(ports.monV1),
    MS_BIND_PORT_MIN: String(ports.msBindMin),
    MS_BIND_PORT_MAX: String(ports.msBindMax),
    MGR_PROM_PORT: String(ports.exporter),
    PROM_PORT: String(ports.prometheus),
    DASHBOARD: options.dashboard ? '1' : '0',
    DASH_PORT: String(ports.dashboard),
    DASH_RO_USER: dashboardUser.username,
    DASH_RO_PASS: dashboardUser.password,
    EXTRA_SCRAPE_TARGETS: extraScrapeTargets,
    FAST: '0',
  };

  const output = [
    await runScript('start-ceph.sh', env, labDir, startTimeoutMs),
  ];
  try {
    output.push(
      await runScript('start-prometheus.sh', env, labDir, startTimeoutMs),
    );
  } catch (error) {
    await runScript(
      'stop-ceph.sh',
      { ...env, FAST: '1' },
      labDir,
      stopTimeoutMs,
    );
    throw error;
  }

  return {
    labDir,
    ports,
    cephConf,
    prometheusUrl: `http://127.0.0.1:${ports.prometheus}`,
    exporterUrl: `http://127.0.0.1:${ports.exporter}/metrics`,
    dashboard: options.dashboard
      ? { url: `http://127.0.0.1:${ports.dashboard}`, ...dashboardUser }
      : undefined,
    timings: output
      .join('\n')
      .split('\n')
      .filter(line => line.startsWith('timing: '))
      .map(line => line.slice('timing: '.length)),
    async ceph(args: string[]): Promise<string> {
      const result = await runProcess(
        'ceph',
        ['--connect-timeout', '10', ...args],
        { ...process.env, CEPH_CONF: cephConf },
        cephTimeoutMs,
      );
      if (result.code === 0) return result.stdout;
      const why = result.timedOut
        ? `did not answer within ${cephTimeoutMs / 1000}s`
        : `failed (exit ${result.code})`;
      throw new Error(`ceph ${args.join(' ')} ${why}: ${result.stderr.trim()}`);
    },
    async stop(): Promise<void> {
      await runScript('stop-prometheus.sh', env, labDir, stopTimeoutMs);
      await runScript('stop-ceph.sh', env, labDir, stopTimeoutMs);
    },
  };
}
