/**
 * The ports a CDN site talks through, and the statuses it answers with. Both are plain method calls
 * with numbers, so a discrete-event kernel and a real HTTP host can each implement them without
 * allocating per request.
 */
import type { Micros } from '../ports.ts';

/** The object was served. */
export const OK = 200;
/** The object does not exist (yet): a segment asked for before it is published. Cached for its TTL. */
export const NOT_FOUND = 404;
/** The object existed and is gone for good (past the event's window). Cached like a 404. */
export const GONE = 410;
/** The server could not answer: overloaded, down, or its upstream failed. Never cached. */
export const UNAVAILABLE = 503;

/** Where a site sends its answers to viewers. */
export interface DeliverySink {
  /**
   * `count` viewers, known to the caller as `tag`, get `status` from `edge` at `readyAt`: the time the
   * response starts leaving the edge (first byte). The wiring schedules the delivery at `readyAt`, and
   * adds the download time from the viewer's throughput scaled by {@link Site.egressShare}.
   * One request may be answered in parts (some served now, some after queueing, some refused), each
   * part a call with its own count; the counts always add up to the request's.
   */
  deliver(tag: number, count: number, status: number, readyAt: Micros, edge: number): void;
}

/** How a site asks the live origin for an object; the answer comes back through `Site.originReply`. */
export interface OriginPort {
  fetch(site: number, objectId: number, rendition: number, now: Micros): void;
}

/** Whether a status is a cacheable negative answer (404 or 410). */
export function isNegative(status: number): boolean {
  return status === NOT_FOUND || status === GONE;
}
