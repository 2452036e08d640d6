import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ControlInputError,
  parseClusterChange,
  parseFaultRequest,
  parseFaultSource,
  parseJsonBody,
} from './controlInput';
import { LocalFleet, localClusterNamed } from './localFleet';

/** The largest request body read; a change or a fault is a few dozen bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export const CONTROL_USAGE = [
  'GET / (what runs)',
  'GET /requests (what the stand-ins were asked)',
  'POST /clusters/<name> with {"ceph":"HEALTH_WARN"}, {"unreachableNodes":1} or {"api":"dead"}',
  'GET /clusters/<name>/faults (the active faults)',
  'POST /clusters/<name>/faults with {"source":"nodes","fault":"garbage"}, {"source":"all","fault":"latency","ms":2000} or {"source":"readyz","fault":"status","status":503}',
  'DELETE /clusters/<name>/faults (every fault), DELETE /clusters/<name>/faults/<source> (one source)',
  'GET /github/installation-tokens (GitHub App tokens the stand-in issued, for leak tests; PORTAL_LOCAL_GITHUB_AUTH=app)',
];

interface Reply {
  code: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (params: string[], body: () => unknown) => Reply;

function ok(body: unknown): Reply {
  return { code: 200, body };
}

function decoded(field: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ControlInputError(`${field}: not a valid URL path segment`);
  }
}

/**
 * A loopback control API for the running local stack, so a person (or a
 * browser test) can make a stand-in cluster degrade or misbehave and watch
 * the portal notice; see `CONTROL_USAGE`. Bad input is a 400 naming the
 * field and its rule, and changes nothing.
 */
export async function startControlServer(options: {
  fleet: LocalFleet;
  port?: number;
  describe: () => unknown;
  /** Requests the stand-ins have answered, for tests that prove work runs once (e.g. on two replicas). */
  requests: () => unknown;
  /** GitHub App installation tokens issued so far: a test searches the portal's output for them. */
  installationTokens?: () => string[];
  /** The GitHub stand-in's push webhook: local Argo CD syncs the new head. */
  onPush?: () => void;
}): Promise<{ url: string; close(): Promise<void> }> {
  const { fleet } = options;
  const clusterOf = (segment: string) =>
    localClusterNamed(decoded('cluster', segment));

  const routes: Array<{ path: RegExp; methods: Record<string, Handler> }> = [
    { path: /^\/$/, methods: { GET: () => ok(options.describe()) } },
    { path: /^\/requests$/, methods: { GET: () => ok(options.requests()) } },
    {
      path: /^\/github\/push$/,
      methods: {
        POST: () => {
          options.onPush?.();
          return { code: 202, body: { syncing: true } };
        },
      },
    },
    {
      path: /^\/github\/installation-tokens$/,
      methods: {
        GET: () => ok({ tokens: options.installationTokens?.() ?? [] }),
      },
    },
    {
      path: /^\/clusters\/([^/]+)$/,
      methods: {
        POST: ([name], body) => {
          const cluster = clusterOf(name);
          const change = parseClusterChange(body());
          fleet.change(cluster, change);
          return ok({ cluster, applied: change });
        },
      },
    },
    {
      path: /^\/clusters\/([^/]+)\/faults$/,
      methods: {
        GET: ([name]) => {
          const cluster = clusterOf(name);
          return ok({ cluster, faults: fleet.faults(cluster) });
        },
        POST: ([name], body) => {
          const cluster = clusterOf(name);
          const fault = parseFaultRequest(body());
          fleet.setFault(cluster, fault);
          return ok({ cluster, applied: fault, faults: fleet.faults(cluster) });
        },
        DELETE: ([name]) => {
          const cluster = clusterOf(name);
          const cleared = fleet.clearFaults(cluster);
          return ok({ cluster, cleared, faults: fleet.faults(cluster) });
        },
      },
    },
    {
      path: /^\/clusters\/([^/]+)\/faults\/([^/]+)$/,
      methods: {
        DELETE: ([name, segment]) => {
          const cluster = clusterOf(name);
          const source = parseFaultSource(decoded('source', segment));
          const cleared = fleet.clearFaults(cluster, source);
          return ok({ cluster, cleared, faults: fleet.faults(cluster) });
        },
      },
    },
  ];

  const reply = (method: string, path: string, text: string): Reply => {
    for (const route of routes) {
      const match = route.path.exec(path);
      if (!match) continue;
      const handler = route.methods[method];
      if (!handler) {
        const allowed = Object.keys(route.methods).join(', ');
        return {
          code: 405,
          body: { error: `method: ${path} takes ${allowed}; got ${method}` },
          headers: { Allow: allowed },
        };
      }
      try {
        return handler(match.slice(1), () => parseJsonBody(text));
      } catch (error) {
        if (error instanceof ControlInputError) {
          return { code: 400, body: { error: error.message } };
        }
        return {
          code: 500,
          body: { error: `internal: ${(error as Error).message}` },
        };
      }
    }
    return {
      code: 404,
      body: { error: `no route ${method} ${path}`, usage: CONTROL_USAGE },
    };
  };

  const send = (res: http.ServerResponse, result: Reply) => {
    res
      .writeHead(result.code, {
        'Content-Type': 'application/json',
        ...result.headers,
      })
      .end(`${JSON.stringify(result.body, null, 2)}\n`);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        send(res, {
          code: 413,
          body: { error: `body: at most ${MAX_BODY_BYTES} bytes` },
        });
        return;
      }
      const path = (req.url ?? '/').split('?')[0];
      send(
        res,
        reply(
          req.method ?? 'GET',
          path,
          Buffer.concat(chunks).toString('utf8'),
        ),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
