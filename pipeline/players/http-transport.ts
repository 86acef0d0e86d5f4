/**
 * The Transport port over HTTP, for players: one undici keep-alive pool per region, timed as sim times
 * a request (`overLink`: the scenario's one-way latency each way, the loopback's own ~0.1 ms on top,
 * and the client's deadline, which aborts the request and closes its connection, as a browser does).
 *
 * A reset or refused connection (a region that is down) is reported as `refused`. Pools open as many
 * connections as there are requests in flight: HTTP/1.1 cannot multiplex, and a capped pool would
 * queue requests in the client, a wait that sim does not model.
 */
import { Pool } from 'undici';
import type { Clock, Transport, TransportResult } from '../../models/ports.ts';
import { H_DEADLINE, H_LOAD, H_RETRY_AFTER, H_RETRY_AFTER_MS, PLAY_PATH } from '../control-plane/protocol.ts';
import type { PlayRequest, PlayResponse } from './fleet.ts';
import { REFUSED, overLink } from './link.ts';

export interface Endpoint {
  url: string;
  /** One-way latency to add, µs. */
  oneWay: number;
}

type Result = TransportResult<PlayResponse>;

export class HttpPlayTransport implements Transport<PlayRequest, PlayResponse> {
  private readonly pools = new Map<string, { pool: Pool; oneWay: number }>();
  /** Requests sent; answers by kind; bodies that were not a manifest. */
  readonly stats = { sent: 0, ok: 0, shed: 0, timeouts: 0, refused: 0, badBody: 0 };

  constructor(private readonly clock: Clock, endpoints: Record<string, Endpoint>) {
    for (const [name, e] of Object.entries(endpoints)) {
      const pool = new Pool(e.url, { connections: null, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 120_000, headersTimeout: 0, bodyTimeout: 0 });
      this.pools.set(name, { pool, oneWay: Math.round(e.oneWay) });
    }
  }

  request(to: string, req: PlayRequest, reply: (res: Result) => void): void {
    const ep = this.pools.get(to);
    if (!ep) throw new Error(`no endpoint for region "${to}"`);
    const counted = (r: Result) => {
      if (!r.ok) this.stats[r.error === REFUSED ? 'refused' : 'timeouts']++;
      reply(r);
    };
    overLink<PlayResponse>(this.clock, ep.oneWay, req.deadline, (heard, signal) => {
      this.stats.sent++;
      ep.pool
        .request({ path: `${PLAY_PATH}?viewer=${req.viewer}`, method: 'GET', headers: { [H_DEADLINE]: String(req.deadline) }, signal })
        .then(async (res) => {
          if (res.statusCode === 200) {
            const body = (await res.body.json()) as { manifest?: { segmentTemplate?: string } };
            if (!body.manifest?.segmentTemplate) this.stats.badBody++;
            this.stats.ok++;
            heard({ ok: true, res: { status: 200 } });
          } else {
            await res.body.dump();
            this.stats.shed++;
            heard({ ok: true, res: { status: 503, retryAfter: retryAfterUs(res.headers), load: headerNumber(res.headers[H_LOAD]) } });
          }
        })
        // Aborted at the deadline (already reported), or the connection was reset or refused.
        .catch(() => {
          if (!signal.aborted) heard({ ok: false, error: REFUSED });
        });
    }, counted);
  }

  /** Closes every pool, dropping connections. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.pool.destroy()));
  }
}

type Headers = Record<string, string | string[] | undefined>;

function headerNumber(h: string | string[] | undefined): number {
  const v = Number(Array.isArray(h) ? h[0] : h);
  return Number.isFinite(v) ? v : 0;
}

/** Retry-After in µs: the precise header when present, else the standard one (whole seconds). */
function retryAfterUs(h: Headers): number {
  const ms = headerNumber(h[H_RETRY_AFTER_MS]);
  if (ms > 0) return Math.round(ms * 1000);
  return Math.round(headerNumber(h[H_RETRY_AFTER]) * 1e6);
}
