/**
 * Delivery latencies at full rate: 300 million values at full size, so a record must be an index and
 * an increment. Millisecond bins up to 2 minutes (values are reported as the bin's middle, well
 * within the latencies' own scatter); anything longer, rare (a device that waited out a long
 * partition outage), goes to a log histogram.
 */
import { LogHistogram } from '../../record/histogram.ts';

const BINS = 120_000;

export class LatencyHistogram {
  /** Allocated on first use: small test worlds build many of these. */
  private b: Uint32Array | null = null;
  readonly overflow = new LogHistogram();
  count = 0;

  get bins(): Uint32Array {
    return (this.b ??= new Uint32Array(BINS));
  }

  /** Record a latency in ms (>= 0). */
  record(ms: number): void {
    this.count++;
    if (ms < BINS) this.bins[ms | 0]!++;
    else this.overflow.record(ms);
  }

  /** The q-quantile in ms of these histograms together; NaN when all are empty. */
  static quantile(hs: readonly LatencyHistogram[], q: number): number {
    const total = hs.reduce((a, h) => a + h.count, 0);
    if (total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    const filled = hs.filter((h) => h.b !== null).map((h) => h.b!);
    for (let i = 0; i < BINS; i++) {
      for (const b of filled) seen += b[i]!;
      if (seen >= rank) return i + 0.5;
    }
    // In the overflow: merge the log histograms' quantile over what is left (one histogram is typical).
    const over = new LogHistogram();
    for (const h of hs) {
      for (let b = 0; b < h.overflow.counts.length; b++) over.counts[b]! += h.overflow.counts[b]!;
      over.count += h.overflow.count;
      over.min = Math.min(over.min, h.overflow.min);
      over.max = Math.max(over.max, h.overflow.max);
    }
    return over.quantile((rank - seen) / over.count);
  }
}
