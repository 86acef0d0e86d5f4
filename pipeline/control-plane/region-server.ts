/**
 * One control-plane region as a real HTTP service: the simulation's ControlRegion, unchanged, on the
 * wall clock, behind node:http.
 *
 * How the model maps onto HTTP: each request gets a numeric id and its `res` is held in a map while
 * the region decides. The region's workers are a real concurrency limit and its queue a real queue:
 * a worker "serves" by holding the request for its drawn service time (a timer on the wall clock), so
 * when the joins outrun the workers, requests really wait, and the region's admission sheds them for
 * real. `RegionPort.respond` writes the answer: 200 with the manifest, 503 with Retry-After and the
 * load hint, or, for a region that is down, a reset connection.
 *
 * node:http rather than express: there is one route, and the server's own overhead is time taken
 * from the event loop that also runs the workers' timers. Measured on the shared 2-core dev box with
 * the same manifest body and undici keeping 20 requests in flight: node:http 7.8k-15.6k requests/s,
 * express 5 1.7k-2.9k (three runs each).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Clock, Recorder } from '../../models/ports.ts';
import { ControlRegion, OK, SHED, type RegionOptions } from '../../models/control-plane/region.ts';
import { makeManifest } from './manifest.ts';
import { H_DEADLINE, H_LOAD, H_RETRY_AFTER, H_RETRY_AFTER_MS, PLAY_PATH } from './protocol.ts';

export class RegionServer {
  readonly region: ControlRegion;
  private readonly pending = new Map<number, ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private nextId = 1;
  /** Requests answered, by status (0: connection reset), and answers whose client had gone. */
  readonly answered = { ok: 0, shed: 0, reset: 0, clientGone: 0, notFound: 0 };

  constructor(clock: Clock, recorder: Recorder, readonly options: RegionOptions, audience: () => number) {
    this.region = new ControlRegion(clock, recorder, options, {
      respond: (id, status, retryAfter, load) => this.respond(id, status, retryAfter, load),
      audience,
    });
    this.server = createServer({ keepAlive: true, noDelay: true, requestTimeout: 0 }, this.handle);
    // Players keep connections open through think times and backoffs; let them.
    this.server.keepAliveTimeout = 120_000;
    this.server.headersTimeout = 0;
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Listens on 127.0.0.1 (a free port unless given); resolves to the base URL. */
  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const a = this.server.address() as AddressInfo;
        resolve(`http://${host}:${a.port}`);
      });
    });
  }

  /** Connections open now. */
  connections(): number {
    return this.sockets.size;
  }

  /** Stops listening and drops every connection (held requests included). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.pending.clear();
    });
  }

  private readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' || !req.url?.startsWith(PLAY_PATH)) {
      this.answered.notFound++;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const header = req.headers[H_DEADLINE];
    const deadline = typeof header === 'string' && header !== '' ? Number(header) : Infinity;
    const id = this.nextId++;
    this.pending.set(id, res);
    this.region.request(id, Number.isFinite(deadline) ? deadline : Infinity);
  };

  private respond(id: number, status: number, retryAfter: number, load: number): void {
    const res = this.pending.get(id);
    if (!res) return;
    this.pending.delete(id);
    if (res.destroyed || res.writableEnded) {
      // The client timed out and closed the connection; the region served (or dropped) a ghost.
      this.answered.clientGone++;
      return;
    }
    if (status === OK) {
      this.answered.ok++;
      const body = makeManifest(this.options.name, id, this.region.degradationLevel());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    } else if (status === SHED) {
      this.answered.shed++;
      const headers: Record<string, string> = { [H_LOAD]: load.toFixed(3), 'content-length': '0' };
      if (retryAfter > 0) {
        headers[H_RETRY_AFTER] = String(Math.ceil(retryAfter / 1e6));
        headers[H_RETRY_AFTER_MS] = String(retryAfter / 1000);
      }
      res.writeHead(503, headers).end();
    } else {
      // REFUSED: the region is down. The client sees its connection reset, as from a dead host.
      this.answered.reset++;
      res.socket?.destroy();
    }
  }
}
