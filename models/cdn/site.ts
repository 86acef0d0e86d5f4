/**
 * A CDN site inside an ISP: a few edge servers fed over one backbone link from the live origin.
 *
 * Two tiers, each collapsing. For every rendition one edge of the site is its fill node
 * ({@link Site.fillNode}, `rendition % edges`): the only edge that goes to the origin for it. Any other
 * edge that misses fetches from the fill node, in-site. So N viewers missing one object at one edge
 * make one fetch edge -> fill node, and misses for it across all the site's edges make one fetch
 * fill node -> origin. The fill node's collapser holds both kinds of waiter: its own viewers and its
 * sibling edges.
 *
 * Nothing here sets a timer. Every answer is computed with the time it is ready and handed to the
 * {@link DeliverySink} at once; a discrete-event kernel schedules the delivery at `readyAt`, a real
 * host waits until then. Queueing delay, in-site latency and backbone transfer are all folded into
 * `readyAt`. To keep that honest, an object whose answer is known but still on its way stays in the
 * collapser (arriving) until it lands, so nobody is served a copy before it exists.
 *
 * The site computes the backbone time itself: `originReply` is called with the time the origin's
 * answer leaves the origin, and the site adds the link's fluid transfer and latency
 * ({@link BackboneLink}). Freshness runs from that time too (the origin's `max-age`; what the answer
 * spends in transit counts against it, as HTTP's `Age` does), so no copy, 200 or 404, is served after
 * `originReadyAt + ttl`: a request arriving at or after that instant goes upstream again.
 *
 * Object ids follow the delivery convention `segment × renditions + rendition`, so the site recovers
 * the rendition of an origin reply as `objectId % renditions`.
 */
import type { Micros } from '../ports.ts';
import type { FaultEffect, Faultable } from '../faults.ts';
import { SEC } from '../time.ts';
import { BackboneLink, type BackboneOptions } from './backbone.ts';
import { IN_FLIGHT, NONE } from './collapse.ts';
import { isNegative, OK, UNAVAILABLE, type DeliverySink, type OriginPort } from './delivery.ts';
import { Admitted, Edge, type EdgeOptions } from './edge.ts';
import { NO_SLOT, ResponseTable } from './response-table.ts';

export interface SiteOptions {
  /** The site's index, passed to {@link OriginPort.fetch}. */
  id: number;
  /** Edge servers in the site. */
  edges: number;
  /** Renditions in the ladder (object ids are `segment × renditions + rendition`). */
  renditions: number;
  /** Every edge of the site is built alike. */
  edge: EdgeOptions;
  /** Latency of a fill from the fill node to a sibling edge, µs (in-site: a switch hop and a lookup). */
  fillLatency: Micros;
  /** In-site transfer rate of a fill, bits per second (default: unlimited, latency only). */
  fillBps?: number;
  backbone: BackboneOptions;
  /** Slots of the site's table of origin answers (default 256: ~40 segments × 6 renditions). */
  metaSlots?: number;
}

/** Waiter kinds in an edge's collapser. */
const VIEWERS = 0;
const SIBLING = 1;

export class Site implements Faultable {
  readonly edges: Edge[];
  readonly backbone: BackboneLink;
  /** The origin's recent answers (status and expiry), for the copies a fill node hands its siblings. */
  readonly meta: ResponseTable;

  // Viewer requests, by weight; every request is exactly one of the next six.
  requests = 0;
  /** Served a fresh 200 from the edge's cache. */
  hits = 0;
  /** Served a cached 404 or 410. */
  negativeHits = 0;
  /** Started a fetch upstream (a cache miss with nothing in flight). */
  misses = 0;
  /** Joined a fetch already in flight, or arriving (a cache miss that costs nothing upstream). */
  collapsed = 0;
  /** Refused by an overloaded edge (503). */
  refused = 0;
  /** Refused by an edge that is down (503). */
  unavailable = 0;

  // Answers, by weight.
  /** 503s delivered, whatever the cause (overload, down, backbone down, origin error). */
  errors = 0;
  /** 404s and 410s delivered, cached or fresh from the origin. */
  notFound = 0;

  // Upstream, one per fetch.
  /** Fetches from an edge to its fill node. */
  fillFetches = 0;
  /** Of those, fetches that joined the fill node's fetch already in flight or arriving. */
  fillCollapsed = 0;
  /** Fetches from a fill node to the origin. */
  originFetches = 0;
  /** Origin replies for which nothing was waiting (duplicates, or late after the link failed them). */
  strayReplies = 0;

  // Bytes per tier (cumulative; the wiring takes differences per interval).
  /** Edge -> viewers (200s only). */
  bytesEdge = 0;
  /** Fill node -> sibling edges. */
  bytesFill = 0;
  /** Origin -> site over the backbone, whatever the status. */
  bytesBackbone = 0;

  private readonly admitted = new Admitted();
  private readonly fillLatency: Micros;
  private readonly fillBps: number;

  constructor(
    readonly options: SiteOptions,
    private readonly sink: DeliverySink,
    private readonly origin: OriginPort,
  ) {
    const { edges, renditions } = options;
    if (!(Number.isInteger(edges) && edges >= 1)) throw new Error(`Site: edges must be a positive integer, got ${edges}`);
    if (!(Number.isInteger(renditions) && renditions >= 1)) {
      throw new Error(`Site: renditions must be a positive integer, got ${renditions}`);
    }
    if (!(options.fillLatency >= 0)) throw new Error(`Site: fillLatency must be >= 0, got ${options.fillLatency}`);
    this.edges = Array.from({ length: edges }, () => new Edge(options.edge));
    this.backbone = new BackboneLink(options.backbone);
    this.meta = new ResponseTable(options.metaSlots ?? 256);
    this.fillLatency = options.fillLatency;
    this.fillBps = options.fillBps ?? Infinity;
  }

  /** The edge that fetches `rendition` from the origin for the whole site. */
  fillNode(rendition: number): number {
    return rendition % this.edges.length;
  }

  /**
   * `count` viewers (the caller's `tag`) ask `edge` for an object of `bytes` at `now`. Answers reach the
   * sink, now or later (after an origin reply), in one or more parts whose counts add up to `count`.
   * `rendition` must be `objectId % renditions` (the id convention), as `originReply` relies on it.
   */
  request(edge: number, objectId: number, rendition: number, bytes: number, count: number, tag: number, now: Micros): void {
    if (!(count > 0)) return;
    const e = this.edges[edge]!;
    this.requests += count;
    const a = e.admit(count, now, this.admitted);
    // Copied out: the sink may re-enter and reuse `admitted`.
    const first = a.now;
    const later = a.later;
    const laterAt = now + a.delay;
    const refused = a.refused;
    if (refused > 0) {
      if (e.down) this.unavailable += refused;
      else this.refused += refused;
      this.emit(edge, e, tag, refused, UNAVAILABLE, now, 0, now);
    }
    const taken = first + later;
    if (taken === 0) return;

    const flight = e.flight;
    let f = flight.find(objectId);
    if (f !== NONE) {
      const status = flight.status(f);
      if (status === IN_FLIGHT) {
        this.collapsed += taken;
        if (first > 0) flight.join(f, tag, first, now, VIEWERS);
        if (later > 0) flight.join(f, tag, later, laterAt, VIEWERS);
        return;
      }
      if (this.stillArriving(flight.arrivesAt(f), status, flight.expiry(f), now)) {
        this.collapsed += taken;
        const at = flight.arrivesAt(f);
        this.emit(edge, e, tag, first, status, Math.max(at, now), bytes, now);
        this.emit(edge, e, tag, later, status, Math.max(at, laterAt), bytes, now);
        return;
      }
      flight.release(f);
    }
    const neg = e.negative.find(objectId, now);
    if (neg !== NO_SLOT) {
      this.negativeHits += taken;
      const status = e.negative.status(neg);
      this.emit(edge, e, tag, first, status, now, 0, now);
      this.emit(edge, e, tag, later, status, laterAt, 0, now);
      return;
    }
    // ttl 0: look up without admitting. The object is not here until the fill lands, so it is
    // inserted then, with the origin's expiry.
    if (e.cache.get(objectId, bytes, 0, now)) {
      this.hits += taken;
      this.emit(edge, e, tag, first, OK, now, bytes, now);
      this.emit(edge, e, tag, later, OK, laterAt, bytes, now);
      return;
    }
    this.misses += taken;
    f = flight.start(objectId, now);
    if (first > 0) flight.join(f, tag, first, now, VIEWERS);
    if (later > 0) flight.join(f, tag, later, laterAt, VIEWERS);
    const fill = this.fillNode(rendition);
    if (fill === edge) this.fetchOrigin(fill, objectId, rendition, now);
    else this.fillFrom(edge, fill, objectId, rendition, bytes, now);
  }

  /**
   * The origin answers a fetch: `status`, fresh for `ttl` µs from `readyAt`, `bytes` long, leaving the
   * origin at `readyAt` (call it at that time: per-second accounting uses it as the clock).
   */
  originReply(objectId: number, status: number, ttl: Micros, bytes: number, readyAt: Micros): void {
    const fill = this.fillNode(objectId % this.options.renditions);
    const n = this.edges[fill]!;
    const f = n.flight.find(objectId);
    if (f === NONE || n.flight.status(f) !== IN_FLIGHT) {
      this.strayReplies++;
      return;
    }
    const landed = this.backbone.transfer(bytes, readyAt);
    this.bytesBackbone += bytes;
    const expiry = ttl > 0 ? readyAt + ttl : readyAt;
    if (status === OK) {
      if (expiry > landed) n.cache.insert(objectId, bytes, expiry - landed, landed);
      n.negative.forget(objectId);
      this.meta.record(objectId, OK, expiry);
    } else if (isNegative(status)) {
      n.negative.record(objectId, status, expiry);
      this.meta.record(objectId, status, expiry);
    }
    this.complete(fill, f, objectId, status, expiry, status === OK ? bytes : 0, landed, readyAt);
  }

  /** The share of its own speed a download from `edge` gets at `now` (see {@link Edge.share}). */
  egressShare(edge: number, now: Micros): number {
    return this.edges[edge]!.share(now);
  }

  /**
   * Site faults apply to every edge (down: every request 503, so players switch site; degraded:
   * request capacity and egress scale; slow: latency added to every answer). They replace any fault
   * set on one edge directly. The backbone takes its own: `site.backbone.setFaults`.
   */
  setFaults(active: readonly FaultEffect[]): void {
    for (const e of this.edges) e.setFaults(active);
  }

  /** Throws unless every edge's cache and collapser are consistent and the request counters add up. */
  checkInvariants(): void {
    for (const e of this.edges) {
      e.cache.checkInvariants();
      e.flight.checkInvariants();
    }
    const parts = this.hits + this.negativeHits + this.misses + this.collapsed + this.refused + this.unavailable;
    if (parts !== this.requests) throw new Error(`Site invariant: ${this.requests} requests, ${parts} accounted for`);
  }

  /** A sibling edge that missed asks the fill node. */
  private fillFrom(edge: number, fill: number, objectId: number, rendition: number, bytes: number, now: Micros): void {
    this.fillFetches++;
    const n = this.edges[fill]!;
    const flight = n.flight;
    let f = flight.find(objectId);
    if (f !== NONE) {
      const status = flight.status(f);
      if (status === IN_FLIGHT) {
        this.fillCollapsed++;
        flight.join(f, edge, 1, now, SIBLING);
        return;
      }
      if (this.stillArriving(flight.arrivesAt(f), status, flight.expiry(f), now)) {
        this.fillCollapsed++;
        const payload = status === OK ? bytes : 0;
        const at = Math.max(flight.arrivesAt(f), now);
        this.bytesFill += payload;
        this.completeSibling(edge, objectId, status, flight.expiry(f), payload, at + this.inSite(payload), now);
        return;
      }
      flight.release(f);
    }
    const neg = n.negative.find(objectId, now);
    if (neg !== NO_SLOT) {
      this.completeSibling(edge, objectId, n.negative.status(neg), n.negative.expiry(neg), 0, now + this.fillLatency, now);
      return;
    }
    // The fill node can only hand out a copy whose expiry it knows; one it has forgotten is fetched anew.
    const m = this.meta.find(objectId, now);
    if (m !== NO_SLOT && this.meta.status(m) === OK && n.cache.get(objectId, bytes, 0, now)) {
      this.bytesFill += bytes;
      this.completeSibling(edge, objectId, OK, this.meta.expiry(m), bytes, now + this.inSite(bytes), now);
      return;
    }
    f = flight.start(objectId, now);
    flight.join(f, edge, 1, now, SIBLING);
    this.fetchOrigin(fill, objectId, rendition, now);
  }

  /** The fill node goes to the origin, unless the backbone is down: then everyone waiting gets a 503. */
  private fetchOrigin(fill: number, objectId: number, rendition: number, now: Micros): void {
    if (this.backbone.down) {
      const n = this.edges[fill]!;
      this.complete(fill, n.flight.find(objectId), objectId, UNAVAILABLE, now, 0, now, now);
      return;
    }
    this.originFetches++;
    this.origin.fetch(this.options.id, objectId, rendition, now);
  }

  /** A sibling's fetch from its fill node has its answer, landing at the sibling at `landed`. */
  private completeSibling(
    edge: number, objectId: number, status: number, expiry: Micros, bytes: number, landed: Micros, clock: Micros,
  ): void {
    const e = this.edges[edge]!;
    const f = e.flight.find(objectId);
    if (f === NONE || e.flight.status(f) !== IN_FLIGHT) return;
    if (status === OK) {
      if (expiry > landed) e.cache.insert(objectId, bytes, expiry - landed, landed);
      e.negative.forget(objectId);
    } else if (isNegative(status)) {
      e.negative.record(objectId, status, expiry);
    }
    this.complete(edge, f, objectId, status, expiry, bytes, landed, clock);
  }

  /** Settles `edge`'s fetch and answers everyone waiting on it: viewers directly, siblings by a fill. */
  private complete(
    edge: number, f: number, objectId: number, status: number, expiry: Micros, bytes: number, landed: Micros,
    clock: Micros,
  ): void {
    const e = this.edges[edge]!;
    const flight = e.flight;
    const head = flight.settle(f, landed, status, expiry);
    for (let w = head; w !== NONE; w = flight.next(w)) {
      const at = flight.at(w);
      if (flight.kind(w) === SIBLING) {
        this.bytesFill += bytes;
        this.completeSibling(flight.tag(w), objectId, status, expiry, bytes, landed + this.inSite(bytes), clock);
      } else {
        this.emit(edge, e, flight.tag(w), flight.count(w), status, at > landed ? at : landed, bytes, clock);
      }
    }
    flight.freeWaiters(head);
  }

  /** Whether a settled entry still answers newcomers: not landed yet, and not a negative answer gone stale. */
  private stillArriving(arrivesAt: Micros, status: number, expiry: Micros, now: Micros): boolean {
    return now < arrivesAt && !(isNegative(status) && now >= expiry);
  }

  private inSite(bytes: number): Micros {
    return this.fillLatency + (this.fillBps === Infinity ? 0 : Math.ceil((bytes * 8 * SEC) / this.fillBps));
  }

  /** One part of an answer to viewers: counted, accounted to egress, and handed to the sink. */
  private emit(
    edge: number, e: Edge, tag: number, count: number, status: number, readyAt: Micros, bytes: number, clock: Micros,
  ): void {
    if (count <= 0) return;
    if (status === OK) {
      const b = bytes * count;
      e.send(b, clock);
      this.bytesEdge += b;
    } else if (isNegative(status)) this.notFound += count;
    else this.errors += count;
    this.sink.deliver(tag, count, status, readyAt + e.latency, edge);
  }
}
