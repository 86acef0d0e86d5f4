/**
 * The rendition ladder and the byte and throughput arithmetic every delivery model shares: a segment of
 * D seconds at k kbps is k·1000/8·D bytes, and a fetch of it that took t measured k·D/t kbps.
 */
import { SEC } from '../../time.ts';

/** The default ladder, SD to 4K, lowest first (kbps). */
export const DEFAULT_LADDER_KBPS: readonly number[] = [800, 1800, 3500, 6000, 10000, 16000];

/** A ladder as the typed array the ABR rules read. */
export const ladder = (kbps: readonly number[] = DEFAULT_LADDER_KBPS): Float64Array => Float64Array.from(kbps);

/** Bytes in a segment of `segmentUs` at `kbps`. */
export const segmentBytes = (kbps: number, segmentUs: number): number => (kbps * 1000 * segmentUs) / (8 * SEC);

/** The throughput (kbps) a fetch of a `segmentUs` segment at `kbps` measured when it took `fetchUs`. */
export const measuredKbps = (kbps: number, segmentUs: number, fetchUs: number): number =>
  fetchUs > 0 ? (kbps * segmentUs) / fetchUs : Infinity;
