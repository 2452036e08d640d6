/** @jest-environment node */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CephLab, CephLabPorts, requireCephLab, startCephLab } from './cephLab';
import { waitFor } from './waitFor';

// never the defaults, so this never meets a lab the local stack started
const ports: CephLabPorts = {
  monV2: 23300,
  monV1: 23789,
  msBindMin: 23800,
  msBindMax: 23829,
  exporter: 23283,
  prometheus: 23090,
  dashboard: 23080,
};
const standinPort = 23962;
const itWithCephLab = requireCephLab() ? it : it.skip;

async function prometheusValues(
  lab: CephLab,
  query: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(
    `${lab.prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
  );
  const body = await response.json();
  if (body.status !== 'success') {
    throw new Error(`Prometheus query ${query}: ${JSON.stringify(body)}`);
  }
  return body.data.result;
}

/** resolves the value of a single-sample query once it equals `expected` */
function prometheusShows(lab: CephLab, query: string, expected: string) {
  return waitFor(`Prometheus to show ${query} = ${expected}`, async () => {
    const values = await prometheusValues(lab, query);
    return values.length === 1 && values[0].value[1] === expected
      ? values[0].value[1]
      : undefined;
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolvePromise => {
    const server = createTcpServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ host: '127.0.0.1', port }, () =>
      server.close(() => resolvePromise(true)),
    );
  });
}

async function healthStatus(lab: CephLab): Promise<string> {
  return JSON.parse(await lab.ceph(['health', 'detail', '-f', 'json'])).status;
}

describe('requireCephLab', () => {
  it('lets tests skip when the lab is not installed and not required', () => {
    expect(requireCephLab({}, ['ceph-mon'])).toBe(false);
  });

  it('fails under ./portal test when the lab is not installed, saying how to install it', () => {
    expect(() =>
      requireCephLab({ PORTAL_REQUIRE_CEPH: '1' }, ['ceph-mon', 'prometheus']),
    ).toThrow(
      /missing ceph-mon, prometheus.*\.\/portal test.*apt-get install --no-install-recommends ceph-mon .*prometheus/,
    );
  });

  it('runs the tests when the lab is installed', () => {
    expect(requireCephLab({ PORTAL_REQUIRE_CEPH: '1' }, [])).toBe(true);
  });
});

describe('startCephLab input', () => {
  it('refuses a scrape target beyond loopback before starting anything', async () => {
    await expect(
      startCephLab({
        instance: 'never-started',
        extraScrapeTargets: { cilium: '10.1.2.3:9962' },
      }),
    ).rejects.toThrow(/extraScrapeTargets.cilium must be a loopback host:port/);
  });

  it('names a port that is not a TCP port', async () => {
    await expect(
      startCephLab({ instance: 'never-started', ports: { exporter: 70000 } }),
    ).rejects.toThrow(/ports.exporter must be an integer TCP port/);
  });

  it('refuses an instance name that is not a plain directory name', async () => {
    await expect(startCephLab({ instance: '../etc' })).rejects.toThrow(
      /instance must be lower-case letters/,
    );
  });
});

describe('start-prometheus.sh', () => {
  it('refuses a scrape target beyond loopback, naming the rule, and starts nothing', () => {
    const parent = mkdtempSync(join(tmpdir(), 'ceph-lab-'));
    const lab = join(parent, 'lab');
    try {
      const result = spawnSync(
        'bash',
        [resolve(__dirname, '../../../scripts/ceph-lab/start-prometheus.sh')],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            LAB: lab,
            PROM_PORT: String(ports.prometheus),
            EXTRA_SCRAPE_TARGETS: 'standin=127.0.0.1:9962,cilium=10.1.2.3:9962',
          },
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /target '10.1.2.3:9962' of job cilium is not on loopback/,
      );
      expect(existsSync(lab)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('startCephLab', () => {
  let lab: CephLab | undefined;
  let standin: Server | undefined;

  afterAll(async () => {
    await lab?.stop();
    await new Promise(resolvePromise =>
      standin ? standin.close(resolvePromise) : resolvePromise(undefined),
    );
  });

  itWithCephLab(
    'runs a real Ceph whose health changes reach Prometheus, restarts over a crashed lab, and stops freeing its ports',
    async () => {
      // a stand-in /metrics endpoint, scraped as an extra job
      standin = createServer((_request, response) => {
        response.setHeader('Content-Type', 'text/plain; version=0.0.4');
        response.end('portal_standin_up 1\n');
      });
      await new Promise<void>(resolvePromise =>
        standin!.listen(standinPort, '127.0.0.1', resolvePromise),
      );
      const options = {
        instance: 'test-support-jest',
        ports,
        dashboard: true,
        extraScrapeTargets: { standin: `127.0.0.1:${standinPort}` },
      };

      lab = await startCephLab(options);

      expect(await healthStatus(lab)).toBe('HEALTH_OK');
      expect(
        (await prometheusValues(lab, 'ceph_health_status')).map(
          sample => sample.value[1],
        ),
      ).toEqual(['0']);

      // the dashboard's read-only user sees the same health
      const login = await fetch(`${lab.dashboard!.url}/api/auth`, {
        method: 'POST',
        headers: {
          Accept: 'application/vnd.ceph.api.v1.0+json',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          username: lab.dashboard!.username,
          password: lab.dashboard!.password,
        }),
      });
      expect(login.status).toBe(201);
      const { token } = await login.json();
      const minimal = await fetch(`${lab.dashboard!.url}/api/health/minimal`, {
        headers: {
          Accept: 'application/vnd.ceph.api.v1.0+json',
          Authorization: `Bearer ${token}`,
        },
      });
      expect((await minimal.json()).health.status).toBe('HEALTH_OK');

      // a health change travels mon -> mgr exporter -> Prometheus
      await lab.ceph(['osd', 'set', 'noout']);
      const warned = lab;
      expect(
        await waitFor('ceph health to say HEALTH_WARN', async () => {
          const status = await healthStatus(warned);
          return status === 'HEALTH_WARN' ? status : undefined;
        }),
      ).toBe('HEALTH_WARN');
      expect(await prometheusShows(lab, 'ceph_health_status', '1')).toBe('1');
      expect(
        (await prometheusValues(lab, 'ceph_health_detail == 1')).map(
          sample => sample.metric.name,
        ),
      ).toEqual(['OSDMAP_FLAGS']);
      expect(await prometheusShows(lab, 'up{job="standin"}', '1')).toBe('1');

      // a start over a lab that was never stopped (a crashed run) cleans it up
      // and brings a fresh cluster: the noout flag is gone
      lab = await startCephLab(options);
      expect(await healthStatus(lab)).toBe('HEALTH_OK');

      await lab.stop();
      const used = [
        ports.monV2,
        ports.monV1,
        ports.exporter,
        ports.prometheus,
        ports.dashboard,
      ];
      for (let port = ports.msBindMin; port <= ports.msBindMax; port++) {
        used.push(port);
      }
      const stillTaken = [];
      for (const port of used) {
        if (!(await portIsFree(port))) stillTaken.push(port);
      }
      expect(stillTaken).toEqual([]);
    },
    240_000,
  );
});
