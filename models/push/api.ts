/**
 * The API tier devices call after a trigger (the GraphQL-like service), and for prefetch refreshes.
 *
 * A fluid queue over short bins, not a request per event: with prefetch off a trigger sends ~100
 * million calls within a minute, and what matters is the rate, the queue and what is shed. Each bin
 * (10 ms by default) offers its arrivals to the tier's capacity; what cannot be served waits in a FIFO
 * queue of at most `queueLimit` requests and the newest beyond it are shed. Down, it sheds everything
 * (including what was queued); degraded scales its capacity; slow adds to the reported wait. A shed request is retried
 * by its device `retryDelay` later (spread over ±50% of it, or not at all when `retrySpread` is false),
 * up to `retries` times; after that it fails.
 *
 * Arrivals are offered at their own times, possibly ahead of `advance` (a device draws when it will
 * call); an offer for a bin already processed lands in the first open bin instead.
 */
import { combineFaults, type FaultEffect, type Faultable } from '../faults.ts';

export interface ApiTierOptions {
  /** Requests per second the tier serves at full capacity. */
  capacityPerSec: number;
  /** Requests that may wait; beyond this, arrivals are shed. */
  queueLimit: number;
  /** Bin width, µs. */
  binUs: number;
  /** Time covered (the run's duration), µs; offers beyond it are ignored. */
  horizonUs: number;
  retries: number;
  retryDelayUs: number;
  retrySpread: boolean;
}

export class ApiTier implements Faultable {
  /** Arrivals per bin, one array per attempt (0 = first try). */
  private readonly bins: Float64Array[];
  private readonly nBins: number;
  /** First bin not yet processed. */
  private next = 0;
  private capacityFactor = 1;
  private down = false;
  private extraLatencyUs = 0;

  /** Requests waiting now. */
  queue = 0;
  /** Totals over the processed bins. */
  arrived = 0;
  served = 0;
  shed = 0;
  failed = 0;
  /** Longest queueing delay seen (µs), including a `slow` fault's added latency. */
  maxWaitUs = 0;

  constructor(private readonly o: ApiTierOptions) {
    this.nBins = Math.ceil(o.horizonUs / o.binUs) + 1;
    this.bins = Array.from({ length: o.retries + 1 }, () => new Float64Array(this.nBins));
  }

  /**
   * `n` requests (first tries) arrive at time `t` µs. A negative `n` withdraws requests offered
   * earlier for the same time, unless that time has been processed (they happened).
   */
  offer(t: number, n = 1): void {
    let b = Math.floor(t / this.o.binUs);
    if (b < this.next) {
      if (n < 0) return;
      b = this.next;
    }
    if (b < this.nBins) this.bins[0]![b]! += n;
  }

  /** Process every bin that ends at or before `t` µs. */
  advance(t: number): void {
    const w = this.o.binUs;
    while ((this.next + 1) * w <= t && this.next < this.nBins) this.processBin(this.next++);
  }

  setFaults(active: readonly FaultEffect[]): void {
    const f = combineFaults(active);
    this.down = f.down;
    this.capacityFactor = f.factor;
    this.extraLatencyUs = f.latency;
  }

  private processBin(b: number): void {
    const o = this.o;
    let arrivals = 0;
    for (const a of this.bins) arrivals += a[b]!;
    const capacity = this.down ? 0 : (o.capacityPerSec * this.capacityFactor * o.binUs) / 1e6;
    const total = this.queue + arrivals;
    const served = Math.min(total, capacity);
    let q = total - served;
    // FIFO: the newest requests (this bin's arrivals) are the ones beyond the queue limit. Down, the
    // tier refuses everything: the queue is dropped and every arrival shed.
    const shed = this.down ? q : Math.max(0, q - o.queueLimit);
    q -= shed;
    this.arrived += arrivals;
    this.served += served;
    this.shed += shed;
    this.queue = q;
    if (capacity > 0) this.maxWaitUs = Math.max(this.maxWaitUs, (q / capacity) * o.binUs + this.extraLatencyUs);
    if (shed > arrivals) this.failed += shed - arrivals; // a queue dropped by an outage
    if (shed > 0 && arrivals > 0) this.retryShed(b, Math.min(1, shed / arrivals));
  }

  /** Shed requests, split across attempts in proportion to the bin's arrivals, come back later or fail. */
  private retryShed(b: number, fraction: number): void {
    const o = this.o;
    const delayBins = o.retryDelayUs / o.binUs;
    for (let attempt = o.retries; attempt >= 0; attempt--) {
      const n = this.bins[attempt]![b]! * fraction;
      if (n === 0) continue;
      if (attempt === o.retries) {
        this.failed += n;
        continue;
      }
      const next = this.bins[attempt + 1]!;
      if (!o.retrySpread) {
        const r = b + Math.max(1, Math.round(delayBins));
        if (r < this.nBins) next[r]! += n;
        continue;
      }
      // Spread evenly over [0.5, 1.5)·delay: what jittered retry timers do to a crowd of clients.
      const from = b + Math.max(1, Math.round(delayBins * 0.5));
      const to = Math.max(from + 1, b + Math.round(delayBins * 1.5));
      const each = n / (to - from);
      for (let r = from; r < to && r < this.nBins; r++) next[r]! += each;
    }
  }
}
