import http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { FuzzAnswer } from './malformedAnswers';

/** A request below `/fuzz/<collection>`: which collection asks, and for what. */
export interface FuzzRequest {
  collection: number;
  /** Path and query below the collection's prefix, e.g. `/readyz?verbose`. */
  pathAndQuery: string;
  authorization?: string;
}

export interface FuzzServer {
  /** The base URL of a collection's sources: every request below it is that collection's. */
  urlOf(collection: number): string;
  close(): Promise<void>;
}

const PREFIX = /^\/fuzz\/(\d+)(\/.*)$/;

/**
 * The suite's own server on loopback (port 0): every request is answered by
 * `respond` (the generator), delivered whole, dripped, hung or cut off as
 * the answer says. A request it has no answer for gets a 404 `Status`. Drips
 * and hangs stop as soon as the client gives up, so nothing outlives a
 * collection.
 */
export async function startFuzzServer(
  respond: (request: FuzzRequest) => FuzzAnswer | undefined,
): Promise<FuzzServer> {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const deliver = (res: http.ServerResponse, answer: FuzzAnswer) => {
    const { body, delivery } = answer;
    const headers = { 'Content-Type': answer.contentType };
    const stop = (timer: NodeJS.Timeout) => {
      clearTimeout(timer);
      timers.delete(timer);
    };
    switch (delivery.kind) {
      case 'whole':
        res.writeHead(answer.status, {
          ...headers,
          'Content-Length': String(body.length),
        });
        res.end(body);
        return;
      case 'closed':
        res.writeHead(answer.status, {
          ...headers,
          'Content-Length': String(body.length),
        });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () =>
          res.socket?.destroy(),
        );
        return;
      case 'hang':
        if (delivery.afterHeaders) {
          res.writeHead(answer.status, headers);
          res.write(body.subarray(0, Math.min(16, body.length)));
        }
        // nothing more: the client's timeout must end it
        return;
      case 'drip': {
        res.writeHead(answer.status, headers);
        // the last piece leaves (chunks - 1) intervals after the first, however short the body
        const pieces = Math.max(1, Math.min(delivery.chunks, body.length));
        const size = Math.ceil(body.length / pieces);
        const spacing =
          ((delivery.chunks - 1) * delivery.intervalMs) /
          Math.max(1, pieces - 1);
        let sent = 0;
        let timer: NodeJS.Timeout | undefined;
        res.once('close', () => timer && stop(timer));
        const next = () => {
          if (res.destroyed || res.writableEnded) return;
          const piece = body.subarray(sent, sent + size);
          sent += piece.length;
          if (sent >= body.length && (pieces > 1 || timer)) {
            res.end(piece);
            return;
          }
          res.write(piece);
          const pending: NodeJS.Timeout = setTimeout(() => {
            stop(pending);
            next();
          }, spacing);
          timer = pending;
          timers.add(pending);
        };
        next();
        return;
      }
      default:
        throw new Error(`no delivery ${JSON.stringify(delivery)}`);
    }
  };

  const server = http.createServer((req, res) => {
    const match = PREFIX.exec(req.url ?? '');
    const answer = match
      ? respond({
          collection: Number(match[1]),
          pathAndQuery: match[2],
          authorization: req.headers.authorization,
        })
      : undefined;
    if (!answer) {
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        code: 404,
      });
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(body);
      return;
    }
    deliver(res, answer);
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    urlOf: collection => `http://127.0.0.1:${port}/fuzz/${collection}`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>(resolve =>
        server.close(() => resolve()),
      );
      // the collectors' connection pools keep idle sockets open
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
