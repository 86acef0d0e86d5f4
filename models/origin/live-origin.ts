/**
 * The live origin between the packagers and the CDN (DOMAIN.md "Live Origin"), for one origin region.
 *
 * Write path: `publish` records a pipeline's candidate of segment (n, r) in the {@link SegmentIndex}
 * (metadata kept apart from media), throttled by its own per-second window (delayed, never lost).
 *
 * Read path: `request` answers a weighted request (count viewers or edges asking at once) with counts
 * by outcome, in a reused {@link OriginResponse}:
 * - **200** when a good candidate is readable ({@link selectCandidate}: active pipeline first, never a
 *   defective copy). The answer comes from the in-memory read cache (an LRU over object ids, capacity
 *   in objects) or, on a miss, from one backend read of the durable store, then cached. One read per
 *   miss, not per count: a cohort that misses together is one read.
 * - **hold** or **404** when a good candidate can still come. Its expected time is the earliest of a
 *   known-but-delayed publish and, for each pipeline not yet heard from, the template time
 *   `(n+1)·D + publishLatency`; once that has passed (the segment is late) the origin re-expects it at
 *   the next `lateRetry` boundary, so a storm for a late segment still shares one TTL. A request within
 *   `holdAhead` segments of the live edge whose expected time is within `maxHold` is held until then
 *   (`held`, `holdUntil`; the caller asks again at `holdUntil`, which counts as a new request). Otherwise
 *   it is a 404 whose `ttl` ends exactly at the expected time, never later, so an edge that caches it
 *   asks again when the segment can exist. The 404 is a templated control response cached in the read
 *   cache under the segment's id: a 404 storm costs at most one backend read per (n, r) per TTL.
 *   A request more than `holdAhead` ahead is a 404 too, not a 410: the segment will exist, and a 410 is
 *   cacheable without limit by default; the TTL keeps such an answer from outliving its truth.
 * - **410** when the segment will never exist: n < 0 or past the event's last segment (answered from
 *   the template, no backend read), or no good copy can come any more: each pipeline skipped it (it
 *   published later segments), published it defective, or has been silent `lateLimit` past the expected
 *   time (crashed). A segment whose only copies are defective is therefore 410 once no good copy can
 *   come (the player skips one segment rather than show a corrupt one), and 404 while one still can.
 * - **503** with `maxAge` (seconds to wait) when the origin is down, or for the part of a request shed
 *   by priority throttling ({@link ReadThrottle}: dvr is shed before liveEdge; publishes are isolated).
 *
 * Status is decided from the index, the origin's truth; the read cache decides only what a read costs.
 * A cached entry of the wrong kind (a 404 for a segment now published) is dropped and re-read, which is
 * what invalidation on publish would do. Good publishes are written through to the read cache
 * (`writeThrough`, default on) when readable at once, so the live edge is read from memory.
 */
import type { Micros } from '../ports.ts';
import { MS, SEC } from '../time.ts';
import { combineFaults, type FaultEffect, type Faultable } from '../faults.ts';
import { Cache } from '../edge/cache/cache.ts';
import { cachePolicies } from '../edge/cache/registry.ts';
import { DEFAULT_SEGMENT_DURATION } from '../ingest/ladder.ts';
import { NEVER } from '../ingest/pipeline.ts';
import { SegmentIndex } from './segment-index.ts';
import { NO_CANDIDATE, selectCandidate } from './candidate.ts';
import { DVR, LIVE_EDGE, PublishThrottle, ReadThrottle, type Priority } from './throttle.ts';

/** Pass as a request's priority to let the origin classify it by distance from the live edge. */
export const AUTO = -1;

/** Which pipeline is active at a time (structurally, an ingest `Failover`). */
export interface ActivePipeline {
  activeAt(t: Micros): number;
}

export interface LiveOriginOptions {
  /** Segments in the event (sizes the index and the cache's id space). */
  segments: number;
  /** Renditions in the ladder. */
  renditions: number;
  /** Pipelines publishing candidates; default 2. */
  pipelines?: number;
  /** Segment duration D, µs; default 2 s. */
  segmentDuration?: Micros;
  /** Expected µs from a segment's media end to its publish (the template's `(n+1)·D + this`). */
  publishLatency: Micros;
  /** Read requests per second at full capacity. */
  readRps: number;
  /** Publishes per second at full capacity (a separate, isolated budget). */
  publishRps: number;
  /** Share of each read window only liveEdge requests may use; default 0.2. */
  liveReserve?: number;
  /** A request more than this many segments behind the live edge is dvr; default 3. */
  dvrAfter?: number;
  /** Requests up to this many segments ahead of the live edge may be held; default 2. */
  holdAhead?: number;
  /** Longest hold, µs; default 1 s (0: never hold). */
  maxHold?: Micros;
  /** Grid on which a late segment is re-expected, µs; default 500 ms. */
  lateRetry?: Micros;
  /** How long past its expected time a silent pipeline is still waited for, µs; default 2·D. */
  lateLimit?: Micros;
  /** Read cache capacity in objects; default 4096. */
  cacheObjects?: number;
  /** Write good, immediately readable publishes into the read cache; default true. */
  writeThrough?: boolean;
  /** Latency of an answer from the read cache, µs; default 1 ms. */
  cacheLatency?: Micros;
  /** Latency of an answer needing a backend read, µs; default 10 ms. */
  backendLatency?: Micros;
  /** maxAge (s) on 503s from throttling; default 1. */
  shedMaxAge?: number;
  /** maxAge (s) on 503s while down; default 5. */
  downMaxAge?: number;
  /** The active pipeline over time; default: pipeline 0 always. */
  active?: ActivePipeline;
}

/** One request's outcome, filled in place; counts sum to the request's count. */
export class OriginResponse {
  /** 200s. */
  ok = 0;
  /** 404s, each with `ttl`. */
  notFound = 0;
  /** 410s. */
  gone = 0;
  /** 503s, each with `maxAge`. */
  unavailable = 0;
  /** Held until `holdUntil`. */
  held = 0;
  holdUntil: Micros = 0;
  /** µs a 404 may be cached: ends at the expected publish time. */
  ttl: Micros = 0;
  /** Seconds a 503'd client or CDN should wait. */
  maxAge = 0;
  /** µs to answer (cache or backend, plus any `slow` fault). */
  latency: Micros = 0;
  /** 1 when answering took a backend read of the durable store. */
  backendRead = 0;
  /** Pipeline whose candidate was served (-1: none). */
  pipeline = -1;
  /** The class the request was counted under (LIVE_EDGE or DVR). */
  priority: Priority = LIVE_EDGE;

  reset(): void {
    this.ok = this.notFound = this.gone = this.unavailable = this.held = 0;
    this.holdUntil = this.ttl = this.maxAge = this.latency = this.backendRead = 0;
    this.pipeline = -1;
    this.priority = LIVE_EDGE;
  }
}

/** What the read cache holds under a segment's id. */
const MEDIA = 1;
const NOT_FOUND = 2;
const GONE = 3;

/** One origin region's live origin. */
export class LiveOrigin implements Faultable {
  // Counters, for the wiring to read; only the origin writes them. Request counters are in counts
  // (a request of count k adds k), and requests = status200 + status404 + status410 + status503 + held.
  requests = 0;
  status200 = 0;
  status404 = 0;
  status410 = 0;
  status503 = 0;
  held = 0;
  backendReads = 0;
  requestsLiveEdge = 0;
  requestsDvr = 0;
  shedLiveEdge = 0;
  shedDvr = 0;
  /** Requests answered with a defective candidate: 0 by construction (see candidate.ts). */
  segmentsServedDefective = 0;
  /** Candidates published (each pipeline's copy counts). */
  segmentsPublished = 0;
  /** Candidates published defective. */
  segmentsDefective = 0;
  /** Publishes made readable later than they arrived (publish window full). */
  publishDelayed = 0;
  /** Publishes dropped because the origin was down. */
  publishLost = 0;

  readonly index: SegmentIndex;
  readonly cache: Cache;
  readonly segmentDuration: Micros;
  readonly publishLatency: Micros;

  private readonly o: Required<Omit<LiveOriginOptions, 'active'>>;
  private readonly active: ActivePipeline | undefined;
  private readonly read: ReadThrottle;
  private readonly write: PublishThrottle;
  private readonly kinds: Uint8Array;
  private down = false;
  private faultLatency = 0;

  constructor(o: LiveOriginOptions) {
    const D = o.segmentDuration ?? DEFAULT_SEGMENT_DURATION;
    this.o = {
      pipelines: 2, segmentDuration: D, liveReserve: 0.2, dvrAfter: 3, holdAhead: 2, maxHold: SEC,
      lateRetry: 500 * MS, lateLimit: 2 * D, cacheObjects: 4096, writeThrough: true, cacheLatency: MS,
      backendLatency: 10 * MS, shedMaxAge: 1, downMaxAge: 5,
      ...stripUndefined(o),
    } as Required<Omit<LiveOriginOptions, 'active'>>;
    const c = this.o;
    if (!(Number.isSafeInteger(D) && D > 0)) throw new Error(`LiveOrigin: segmentDuration must be a positive integer µs, got ${D}`);
    if (!(c.lateRetry > 0)) throw new Error(`LiveOrigin: lateRetry must be positive, got ${c.lateRetry}`);
    this.segmentDuration = D;
    this.publishLatency = c.publishLatency;
    this.active = o.active;
    this.index = new SegmentIndex(c.segments, c.renditions, c.pipelines);
    const ids = c.segments * c.renditions;
    this.cache = new Cache(cachePolicies.lru, { capacity: c.cacheObjects, idLimit: ids });
    this.kinds = new Uint8Array(ids);
    this.read = new ReadThrottle(c.readRps, c.liveReserve);
    this.write = new PublishThrottle(c.publishRps);
  }

  /** The template's publish time of segment n (any rendition, no fault, no skew). */
  expectedAt(n: number): Micros {
    return (n + 1) * this.segmentDuration + this.publishLatency;
  }

  /** The newest segment the template says is published at `now` (-1 or less before the first). */
  liveEdgeAt(now: Micros): number {
    return Math.floor((now - this.publishLatency) / this.segmentDuration) - 1;
  }

  /** `down` fails every read with 503; `degraded` scales both capacities; `slow` adds latency. */
  setFaults(active: readonly FaultEffect[]): void {
    const f = combineFaults(active);
    this.down = f.down;
    this.faultLatency = f.latency;
    this.read.setFactor(f.factor);
    this.write.setFactor(f.factor);
  }

  /**
   * Pipeline `pipeline` publishes its candidate of (n, r) at `now`. Returns when it becomes readable
   * (later than `now` when the publish window is full), or NEVER when dropped because the origin is
   * down. A repeat publish of the same candidate takes a publish token and changes nothing.
   */
  publish(n: number, r: number, pipeline: number, defective: boolean, now: Micros): Micros {
    if (this.down) {
      this.publishLost++;
      return NEVER;
    }
    const at = this.write.schedule(now);
    if (!this.index.record(n, r, pipeline, at, defective)) return this.index.publishedAt(n, r, pipeline);
    if (at > now) this.publishDelayed++;
    this.segmentsPublished++;
    if (defective) this.segmentsDefective++;
    else if (this.o.writeThrough && at === now) {
      const id = n * this.index.renditions + r;
      this.cache.insert(id, 1, Infinity, now);
      this.kinds[id] = MEDIA;
    }
    return at;
  }

  /**
   * `count` alike requests for (n, r) at `now`, in time order. `priority` is DVR, LIVE_EDGE (anything
   * else counts as LIVE_EDGE), or AUTO to classify by distance from the live edge (more than `dvrAfter`
   * segments behind: dvr). Of a count, some may be admitted and the rest shed (503).
   */
  request(n: number, r: number, priority: number, count: number, now: Micros, out: OriginResponse): OriginResponse {
    out.reset();
    const c = this.o;
    if (!Number.isSafeInteger(n)) throw new RangeError(`LiveOrigin.request: segment must be an integer, got ${n}`);
    if (!(Number.isInteger(r) && r >= 0 && r < c.renditions)) throw new RangeError(`LiveOrigin.request: rendition ${r} outside 0..${c.renditions - 1}`);
    if (!(Number.isSafeInteger(count) && count >= 0)) throw new RangeError(`LiveOrigin.request: count must be a non-negative integer, got ${count}`);
    const cls: Priority = priority === AUTO ? (n < this.liveEdgeAt(now) - c.dvrAfter ? DVR : LIVE_EDGE) : priority === DVR ? DVR : LIVE_EDGE;
    out.priority = cls;
    out.latency = this.faultLatency;
    this.requests += count;
    if (cls === DVR) this.requestsDvr += count;
    else this.requestsLiveEdge += count;
    if (this.down) {
      out.unavailable = count;
      out.maxAge = c.downMaxAge;
      this.status503 += count;
      return out;
    }
    const admitted = this.read.admit(cls, count, now);
    const shed = count - admitted;
    if (shed > 0) {
      out.unavailable = shed;
      out.maxAge = c.shedMaxAge;
      this.status503 += shed;
      if (cls === DVR) this.shedDvr += shed;
      else this.shedLiveEdge += shed;
    }
    if (admitted === 0) return out;

    if (n < 0 || n >= c.segments) {
      // A templated answer: the event's bounds are known without the store.
      out.gone = admitted;
      this.status410 += admitted;
      out.latency += c.cacheLatency;
      return out;
    }
    const index = this.index;
    const base = index.base(n, r);
    const active = this.active ? this.active.activeAt(now) : 0;
    const p = selectCandidate(index.times, index.defects, base, index.pipelines, active, now);
    const id = n * index.renditions + r;
    if (p !== NO_CANDIDATE) {
      if (index.defects[base + p] === 1) this.segmentsServedDefective += admitted; // unreachable: see candidate.ts
      out.ok = admitted;
      out.pipeline = p;
      this.status200 += admitted;
      return this.cost(out, id, MEDIA, Infinity, now);
    }
    const next = this.nextGoodAt(n, r, base, now);
    if (next === NEVER) {
      out.gone = admitted;
      this.status410 += admitted;
      return this.cost(out, id, GONE, Infinity, now);
    }
    if (n <= this.liveEdgeAt(now) + c.holdAhead && next - now <= c.maxHold) {
      // Held requests wait on the publish in memory; the answer (and its cost) comes when asked again.
      out.held = admitted;
      out.holdUntil = next;
      this.held += admitted;
      return out;
    }
    out.notFound = admitted;
    out.ttl = next - now;
    this.status404 += admitted;
    return this.cost(out, id, NOT_FOUND, next - now, now);
  }

  /**
   * The earliest time a good candidate of (n, r) can become readable, NEVER when none can. Only called
   * when none is readable at `now`.
   */
  private nextGoodAt(n: number, r: number, base: number, now: Micros): Micros {
    const index = this.index;
    const expected = this.expectedAt(n);
    const late = now >= expected;
    if (late && now - expected > this.o.lateLimit) {
      // Past the limit only already-recorded (delayed) good publishes can still appear.
      let next = NEVER;
      for (let p = 0; p < index.pipelines; p++) {
        const t = index.times[base + p];
        if (t !== NEVER && index.defects[base + p] === 0 && t < next) next = t;
      }
      return next;
    }
    const reExpected = late ? (Math.floor(now / this.o.lateRetry) + 1) * this.o.lateRetry : expected;
    let next = NEVER;
    for (let p = 0; p < index.pipelines; p++) {
      const t = index.times[base + p];
      let candidate: Micros;
      if (t !== NEVER) {
        if (index.defects[base + p] === 1) continue; // a defective copy is final
        candidate = t; // recorded, readable later (publish window was full)
      } else {
        if (index.highestOf(p, r) > n) continue; // skipped by this pipeline
        candidate = reExpected;
      }
      if (candidate < next) next = candidate;
    }
    return next;
  }

  /** Charges the read: a hit on a cached answer of this kind, else one backend read, then cached. */
  private cost(out: OriginResponse, id: number, kind: number, ttl: Micros, now: Micros): OriginResponse {
    const cache = this.cache;
    // A cached answer of another kind is stale (the index moved on): drop it, as publish would.
    if (this.kinds[id] !== kind && cache.contains(id, now)) cache.remove(id);
    const hit = cache.get(id, 1, ttl, now);
    this.kinds[id] = kind;
    if (hit) {
      out.latency += this.o.cacheLatency;
    } else {
      out.backendRead = 1;
      out.latency += this.o.backendLatency;
      this.backendReads++;
    }
    return out;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
