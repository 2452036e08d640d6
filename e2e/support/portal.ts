import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const e2eDir = path.join(repoRoot, '.local', 'e2e');

export interface RunningPortal {
  appUrl: string;
  backendUrl: string;
  logFile: string;
  /** the local stand-ins' state and generated config (.local/run/<instance>/stack) */
  stackDir: string;
  /** the local stack's control API (POST /clusters/<name> to degrade a stand-in cluster) */
  controlUrl: string;
  stop(): Promise<void>;
}

export interface StartPortalOptions {
  appPort: number;
  backendPort: number;
  /** port of the local GitHub stand-in; default backendPort + 694 (7107 -> 7801) */
  githubStandinPort?: number;
  /** port of the Kubernetes stand-in; default backendPort + 695 */
  kubernetesStandinPort?: number;
  /** port of the local stack's control API; default backendPort + 696 */
  controlPort?: number;
  /** `off` (default here: quicker starts) or `auto` (a real Ceph and Prometheus when installed) */
  ceph?: 'auto' | 'off';
  /** Prometheus port of the real Ceph lab; default backendPort + 2083 (7107 -> 9190) */
  prometheusPort?: number;
  /** extra app-config files, absolute paths */
  extraConfig?: string[];
  /** sign in through the local OpenID Connect provider (PORTAL_LOCAL_OIDC=1) instead of the guest */
  oidc?: boolean;
  /** port of the local OpenID Connect provider; default backendPort + 697 */
  oidcPort?: number;
  /** how the portal authenticates to the GitHub stand-in (PORTAL_LOCAL_GITHUB_AUTH); default token */
  githubAuth?: 'token' | 'app';
  /** how long to wait for both servers, in ms */
  timeoutMs?: number;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts the portal exactly as a newcomer does (`./portal start`), on ports
 * of its own, and resolves when the backend is ready and the frontend serves
 * its page. Rejects, with the end of the portal's log, when the portal exits
 * or does not come up in time.
 */
export async function startPortal(
  options: StartPortalOptions,
): Promise<RunningPortal> {
  mkdirSync(e2eDir, { recursive: true });
  const instance = `e2e-${options.appPort}`;
  const logFile = path.join(e2eDir, `${instance}.log`);
  const controlPort = options.controlPort ?? options.backendPort + 696;
  const out = openSync(logFile, 'w');
  const child: ChildProcess = spawn(path.join(repoRoot, 'portal'), ['start'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      PORTAL_INSTANCE: instance,
      PORTAL_APP_PORT: String(options.appPort),
      PORTAL_BACKEND_PORT: String(options.backendPort),
      PORTAL_GITHUB_STANDIN_PORT: String(
        options.githubStandinPort ?? options.backendPort + 694,
      ),
      PORTAL_KUBERNETES_STANDIN_PORT: String(
        options.kubernetesStandinPort ?? options.backendPort + 695,
      ),
      PORTAL_CONTROL_PORT: String(controlPort),
      PORTAL_LOCAL_CEPH: options.ceph ?? 'off',
      PORTAL_PROMETHEUS_PORT: String(
        options.prometheusPort ?? options.backendPort + 2083,
      ),
      PORTAL_EXTRA_CONFIG: (options.extraConfig ?? []).join(' '),
      PORTAL_LOCAL_OIDC: options.oidc ? '1' : '0',
      PORTAL_OIDC_PORT: String(options.oidcPort ?? options.backendPort + 697),
      PORTAL_LOCAL_GITHUB_AUTH: options.githubAuth ?? 'token',
      // the dev server would otherwise try to open a browser window
      BROWSER: 'none',
    },
  });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });

  const appUrl = `http://localhost:${options.appPort}`;
  const backendUrl = `http://localhost:${options.backendPort}`;
  const stop = async () => {
    if (child.pid && !exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 15_000;
      while (!exited && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 200));
      }
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    if (exited) {
      throw new Error(
        `the portal did not start: ./portal start ${exited}\n--- end of ${logFile} ---\n${tail(
          logFile,
        )}`,
      );
    }
    const ready =
      (await answers(`${backendUrl}/.backstage/health/v1/readiness`)) &&
      (await answers(appUrl));
    if (ready)
      return {
        appUrl,
        backendUrl,
        logFile,
        stackDir: path.join(repoRoot, '.local', 'run', instance, 'stack'),
        controlUrl: `http://127.0.0.1:${controlPort}`,
        stop,
      };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `the portal did not start within ${
          (options.timeoutMs ?? 300_000) / 1000
        }s\n--- end of ${logFile} ---\n${tail(logFile)}`,
      );
    }
    await new Promise(r => setTimeout(r, 1_000));
  }
}
