/**
 * The delivery conventions every delivery model shares: the default rendition ladder, segment sizes and
 * the dense object id of a segment. Segment n holds media time [n·D, (n+1)·D); renditions are numbered
 * 0..R-1 from the lowest bitrate to the highest.
 */
import type { Micros } from '../ports.ts';
import { SEC } from '../time.ts';

/** The default segment duration D: 2 s, chosen for device reach over sub-second latency (DOMAIN.md). */
export const DEFAULT_SEGMENT_DURATION: Micros = 2 * SEC;

/** The default ladder, SD to 4K, in kbps, lowest first. */
export const DEFAULT_LADDER_KBPS: readonly number[] = [800, 1800, 3500, 6000, 10000, 16000];

/** A ladder as the typed array the ABR rules read. */
export const ladder = (kbps: readonly number[] = DEFAULT_LADDER_KBPS): Float64Array => Float64Array.from(kbps);

/** The throughput (kbps) a fetch of a `segmentUs` segment at `kbps` measured when it took `fetchUs`. */
export const measuredKbps = (kbps: number, segmentUs: number, fetchUs: number): number =>
  fetchUs > 0 ? (kbps * segmentUs) / fetchUs : Infinity;

/** Bytes of one segment of a `kbps` rendition lasting `duration` µs. */
export const segmentBytes = (kbps: number, duration: Micros = DEFAULT_SEGMENT_DURATION): number =>
  ((kbps * 1000) / 8) * (duration / SEC);

/**
 * The object id of segment `n`, rendition `r` in a ladder of `renditions`: `n·R + r`. Dense, so a cache
 * sized by the event (`idLimit = segments·R`) indexes it directly.
 */
export const objectId = (n: number, r: number, renditions: number): number => n * renditions + r;

/** The segments an event of `duration` µs needs (the last one may be partial). */
export const segmentCount = (duration: Micros, segmentDuration: Micros = DEFAULT_SEGMENT_DURATION): number =>
  Math.ceil(duration / segmentDuration);
