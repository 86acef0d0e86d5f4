/**
 * One edge server of a CDN site: a cache, a request capacity and an egress bandwidth.
 *
 * Overload means queueing, then errors. Capacity is counted in per-second windows: the first `rps`
 * requests of a window are taken at once; later ones wait in a backlog of at most `maxQueue` requests,
 * each answered `backlog / rps` seconds late (the backlog counted with the arriving requests: the
 * fluid estimate of its wait); beyond the backlog they are refused (503). A new window first serves
 * what the backlog carried over, so a sustained overload keeps the backlog full and keeps refusing.
 *
 * Egress is a fluid too. The edge counts the bytes it sends in the current one-second window; that
 * is the demand in bytes per second, and when it exceeds the egress bandwidth every transfer runs at
 * `bandwidth / demand` of the speed it would have had (its {@link Edge.share}): what fair sharing of a
 * saturated link gives when the viewers' own links would otherwise each have taken their rate.
 * Early in a window the demand is still being counted, so the share is optimistic for a few ms.
 */
import type { Micros } from '../ports.ts';
import { SEC } from '../time.ts';
import { combineFaults, type FaultEffect, type Faultable } from '../faults.ts';
import { Cache } from '../edge/cache/cache.ts';
import { cachePolicies, type CachePolicyName } from '../edge/cache/registry.ts';
import { Collapser } from './collapse.ts';
import { ResponseTable } from './response-table.ts';

export interface EdgeOptions {
  /** Cache policy by registry name (default `lru`). */
  policy?: CachePolicyName;
  /** Cache capacity, bytes. */
  capacity: number;
  /**
   * Objects the cache expects to hold (default 256): its slots, allocated up front and doubled when
   * full. The live window is ~30 segments × 6 renditions, so the default never grows for it.
   */
  objects?: number;
  /** Passed to the cache: direct id indexing, 4 bytes per possible id per edge (see `CacheOptions`). */
  idLimit?: number;
  /** Requests per second it serves without queueing. */
  rps: number;
  /** Requests that may wait beyond the window's capacity before it refuses. */
  maxQueue: number;
  /** Egress bandwidth, bits per second. */
  egressBps: number;
  /** Slots of the 404/410 table (default 32: the next few segments of every rendition). */
  negativeSlots?: number;
}

/** How {@link Edge.admit} split a request, filled in place. */
export class Admitted {
  /** Taken within the window's capacity: answered without delay. */
  now = 0;
  /** Queued: answered `delay` µs late. */
  later = 0;
  delay: Micros = 0;
  /** Refused: the backlog is full, or the edge is down. */
  refused = 0;
}

export class Edge implements Faultable {
  readonly cache: Cache;
  /** The 404s and 410s this edge has cached, with the origin's expiry. */
  readonly negative: ResponseTable;
  /** This edge's fetches upstream (to its fill node, or to the origin when it is the fill node). */
  readonly flight: Collapser;

  /** Requests counted by weight (counters are cumulative). */
  requests = 0;
  /** Requests that waited in the backlog. */
  queued = 0;
  /** Requests refused with a 503 (overload or down). */
  refused = 0;
  /** Bytes sent to viewers. */
  egressBytes = 0;

  /** A `down` fault is active. */
  down = false;
  /** µs added to every answer while a `slow` fault is active. */
  latency: Micros = 0;
  private capacity: number;
  private bandwidth: number;
  private windowStart = 0;
  private used = 0;
  private backlog = 0;
  private egressWindowStart = 0;
  private egressWindowBytes = 0;

  constructor(readonly options: EdgeOptions) {
    if (!(options.rps >= 0)) throw new Error(`Edge: rps must be >= 0, got ${options.rps}`);
    if (!(options.maxQueue >= 0)) throw new Error(`Edge: maxQueue must be >= 0, got ${options.maxQueue}`);
    if (!(options.egressBps > 0)) throw new Error(`Edge: egressBps must be positive, got ${options.egressBps}`);
    const policy = options.policy ?? 'lru';
    const factory = cachePolicies[policy];
    if (factory === undefined) {
      throw new Error(`Edge: unknown cache policy '${policy}' (known: ${Object.keys(cachePolicies).join(', ')})`);
    }
    this.cache = new Cache(factory, {
      capacity: options.capacity,
      initialObjects: options.objects ?? 256,
      ...(options.idLimit !== undefined ? { idLimit: options.idLimit } : {}),
    });
    this.negative = new ResponseTable(options.negativeSlots ?? 32);
    this.flight = new Collapser();
    this.capacity = Math.floor(options.rps);
    this.bandwidth = options.egressBps;
  }

  /** Requests waiting beyond the current window's capacity, as of the last call. */
  get waiting(): number {
    return this.backlog;
  }

  /** Splits `count` requests arriving at `now` into taken, queued and refused. */
  admit(count: number, now: Micros, out: Admitted): Admitted {
    this.requests += count;
    this.roll(now);
    const cap = this.capacity;
    if (this.down || cap <= 0) return split(out, 0, 0, 0, count, this);
    const free = cap - this.used;
    const taken = count < free ? count : free > 0 ? free : 0;
    this.used += taken;
    const rest = count - taken;
    const room = this.options.maxQueue - this.backlog;
    const later = rest < room ? rest : room > 0 ? room : 0;
    this.backlog += later;
    const delay = later > 0 ? Math.ceil((this.backlog * SEC) / cap) : 0;
    return split(out, taken, later, delay, rest - later, this);
  }

  /** Accounts `bytes` sent at `now` (to the window's demand and the cumulative counter). */
  send(bytes: number, now: Micros): void {
    if (now >= this.egressWindowStart + SEC) {
      this.egressWindowStart = now - (now % SEC);
      this.egressWindowBytes = 0;
    }
    this.egressWindowBytes += bytes;
    this.egressBytes += bytes;
  }

  /** The fraction of its own speed a transfer gets at `now`: 1, or bandwidth / demand when saturated. */
  share(now: Micros): number {
    if (now >= this.egressWindowStart + SEC) return 1;
    const demandBps = this.egressWindowBytes * 8;
    return demandBps > this.bandwidth ? this.bandwidth / demandBps : 1;
  }

  /** Down: every request refused; degraded: request capacity and bandwidth scale; slow: latency added. */
  setFaults(active: readonly FaultEffect[]): void {
    const f = combineFaults(active);
    this.down = f.down;
    this.capacity = Math.floor(this.options.rps * f.factor);
    this.bandwidth = this.options.egressBps * f.factor;
    this.latency = f.latency;
  }

  /** Moves to the window holding `now`, serving the carried backlog first in each window passed. */
  private roll(now: Micros): void {
    if (now < this.windowStart + SEC) return;
    const passed = Math.floor((now - this.windowStart) / SEC);
    this.windowStart += passed * SEC;
    const cap = this.capacity > 0 ? this.capacity : 0;
    const left = Math.max(0, this.backlog - cap * (passed - 1));
    this.used = left < cap ? left : cap;
    this.backlog = left - this.used;
  }
}

function split(out: Admitted, now: number, later: number, delay: Micros, refused: number, edge: Edge): Admitted {
  out.now = now;
  out.later = later;
  out.delay = delay;
  out.refused = refused;
  edge.queued += later;
  edge.refused += refused;
  return out;
}
