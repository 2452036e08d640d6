import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterChange, LocalFleet } from './localFleet';

const CEPH_LEVELS = ['HEALTH_OK', 'HEALTH_WARN', 'HEALTH_ERR'];

/** Reads a change request; a bad field is named with its rule. */
export function parseClusterChange(body: unknown): ClusterChange {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('body: must be a JSON object');
  const input = body as Record<string, unknown>;
  const unknownKeys = Object.keys(input).filter(
    k => !['ceph', 'unreachableNodes', 'api'].includes(k),
  );
  if (unknownKeys.length)
    throw new Error(
      `${unknownKeys[0]}: not a known change (ceph, unreachableNodes, api)`,
    );
  const change: ClusterChange = {};
  if (input.ceph !== undefined) {
    if (!CEPH_LEVELS.includes(input.ceph as string))
      throw new Error(`ceph: must be one of ${CEPH_LEVELS.join(', ')}`);
    change.ceph = input.ceph as ClusterChange['ceph'];
  }
  if (input.unreachableNodes !== undefined) {
    const n = input.unreachableNodes;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000)
      throw new Error(
        'unreachableNodes: must be a whole number from 0 to 1000',
      );
    change.unreachableNodes = n;
  }
  if (input.api !== undefined) {
    if (input.api !== 'dead' && input.api !== 'alive')
      throw new Error("api: must be 'dead' or 'alive'");
    change.api = input.api;
  }
  return change;
}

/**
 * A loopback control API for the running local stack, so a person (or a
 * browser test) can make a stand-in cluster degrade and watch the portal
 * notice: `POST /clusters/<name>` with `{"ceph":"HEALTH_WARN"}`,
 * `{"unreachableNodes":1}` or `{"api":"dead"}`; `GET /` says what runs,
 * `GET /requests` what the stand-ins were asked.
 */
export async function startControlServer(options: {
  fleet: LocalFleet;
  port?: number;
  describe: () => unknown;
  /** Requests the stand-ins have answered, for tests that prove work runs once (e.g. on two replicas). */
  requests: () => unknown;
}): Promise<{ url: string; close(): Promise<void> }> {
  const send = (res: http.ServerResponse, code: number, body: unknown) => {
    res
      .writeHead(code, { 'Content-Type': 'application/json' })
      .end(`${JSON.stringify(body, null, 2)}\n`);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/') {
        send(res, 200, options.describe());
        return;
      }
      if (req.method === 'GET' && path === '/requests') {
        send(res, 200, options.requests());
        return;
      }
      const match = /^\/clusters\/([a-z0-9-]+)$/.exec(path);
      if (req.method !== 'POST' || !match) {
        send(res, 404, {
          error: 'GET / or POST /clusters/<name> with a JSON change',
        });
        return;
      }
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text || '{}');
        } catch {
          throw new Error('body: must be JSON');
        }
        const change = parseClusterChange(body);
        options.fleet.change(match[1], change);
        send(res, 200, { cluster: match[1], applied: change });
      } catch (error) {
        send(res, 400, { error: (error as Error).message });
      }
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
