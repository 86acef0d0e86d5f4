/**
 * A log-bucketed histogram: fixed memory, O(1) record, quantiles within 0.5% relative error, and
 * deterministic (no sampling), so percentiles in summary.json repeat byte for byte.
 */

/** Relative width of a bucket: quantiles are exact to within this factor. */
const GROWTH = 1.005;
const LOG_GROWTH = Math.log(GROWTH);
/** Values below MIN (including 0) share bucket 0. Units are the caller's (ms for latencies). */
const MIN = 1e-3;
const BUCKETS = Math.ceil(Math.log(1e9 / MIN) / LOG_GROWTH) + 2;

export class LogHistogram {
  readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  record(v: number): void {
    const i = v < MIN ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(v / MIN) / LOG_GROWTH));
    this.counts[i]++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** The q-quantile (0..1): the geometric middle of the bucket holding it, clamped to [min, max]; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        const mid = i === 0 ? 0 : MIN * GROWTH ** (i - 0.5);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  reset(): void {
    if (this.count === 0) return;
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}
