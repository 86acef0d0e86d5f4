/**
 * The viewership forecast: expected joins per second and concurrency over the run, from the arrival
 * curve and a session-length model. Viewers watch for an exponential time of mean `meanSession`, and
 * whoever is still watching when the event ends leaves with an exponential delay of mean `exodus`.
 * `calibrateSession` finds the mean session that makes the forecast peak equal the scenario's peak
 * concurrency, so planners state the numbers they know (unique viewers, peak) rather than a session law.
 */
import type { ArrivalDensity } from './curves/curve.ts';

export interface Forecast {
  /** Seconds per bin. */
  binSec: number;
  /** Expected first joins in each bin (sums to the unique viewers). */
  joins: Float64Array;
  /** Expected viewers watching at the end of each bin. */
  concurrency: Float64Array;
  peak: number;
}

/** Expected joins per bin: the density integrated by the midpoint rule at 10 points per bin, normalised. */
export function joinsPerBin(density: ArrivalDensity, bins: number, binUs: number, unique: number): Float64Array {
  const out = new Float64Array(bins);
  let total = 0;
  const k = 10;
  for (let i = 0; i < bins; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.max(0, density(i * binUs + ((j + 0.5) * binUs) / k));
    out[i] = s;
    total += s;
  }
  if (!(total > 0)) throw new Error('the arrival curve has no arrivals inside the run');
  for (let i = 0; i < bins; i++) out[i] = (out[i] * unique) / total;
  return out;
}

/** Expected concurrency per bin for a mean session (µs) and an exodus after `endUs`. */
export function concurrencyOf(joins: Float64Array, binUs: number, meanSession: number, endUs: number, exodus: number): Float64Array {
  const out = new Float64Array(joins.length);
  const stay = Math.exp(-binUs / meanSession);
  const leave = Math.exp(-binUs / Math.max(1, exodus));
  let c = 0;
  for (let i = 0; i < joins.length; i++) {
    c = c * stay + joins[i];
    if ((i + 1) * binUs > endUs) c *= leave;
    out[i] = c;
  }
  return out;
}

const peakOf = (xs: Float64Array) => xs.reduce((m, x) => (x > m ? x : m), 0);

/** The largest peak the curve can reach with `unique` viewers (no one leaves before the end). */
export function maxPeak(joins: Float64Array, binUs: number, endUs: number, exodus: number): number {
  return peakOf(concurrencyOf(joins, binUs, Infinity, endUs, exodus));
}

/** The mean session (µs) whose forecast peak is `peak`, by bisection on a log scale. */
export function calibrateSession(joins: Float64Array, binUs: number, endUs: number, exodus: number, peak: number): number {
  let lo = 1e6; // 1 s
  let hi = 1e6 * 3600 * 1000; // 1000 h
  for (let i = 0; i < 80; i++) {
    const mid = Math.sqrt(lo * hi);
    if (peakOf(concurrencyOf(joins, binUs, mid, endUs, exodus)) < peak) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

export function forecast(density: ArrivalDensity, bins: number, binUs: number, unique: number, endUs: number, exodus: number, meanSession: number): Forecast {
  const joins = joinsPerBin(density, bins, binUs, unique);
  const concurrency = concurrencyOf(joins, binUs, meanSession, endUs, exodus);
  return { binSec: binUs / 1e6, joins, concurrency, peak: peakOf(concurrency) };
}
