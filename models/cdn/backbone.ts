/**
 * The private backbone link from the origin to one site: a bandwidth and a one-way latency.
 *
 * The bandwidth is shared by concurrent fills as a fluid: the link is a pipe of `bps` that is busy
 * until `busyUntil`; an answer leaving the origin at `t` starts crossing at `max(t, busyUntil)` and has
 * crossed `bits / bps` later, then lands `latency` after that. Fills are taken in the order the wiring
 * hands them over (FIFO), not interleaved as TCP flows would be (processor sharing): the busy periods,
 * the throughput and the time the last bit lands are the same, only the order within a burst differs,
 * and it costs two numbers instead of a list of active flows.
 */
import type { Micros } from '../ports.ts';
import { SEC } from '../time.ts';
import { combineFaults, type FaultEffect, type Faultable } from '../faults.ts';

export interface BackboneOptions {
  /** Bandwidth, bits per second. */
  bps: number;
  /** One-way latency origin -> site, µs. */
  latency: Micros;
}

export class BackboneLink implements Faultable {
  /** Bytes carried (cumulative; the wiring takes differences per interval). */
  bytes = 0;
  /** True while a `down` fault is active: no fetch can reach the origin. */
  down = false;
  private bpsNow: number;
  private extra = 0;
  private busyUntil = 0;

  constructor(readonly options: BackboneOptions) {
    if (!(options.bps > 0)) throw new Error(`BackboneLink: bps must be positive, got ${options.bps}`);
    if (!(options.latency >= 0)) throw new Error(`BackboneLink: latency must be >= 0, got ${options.latency}`);
    this.bpsNow = options.bps;
  }

  /** When an answer of `bytes` that leaves the origin at `sentAt` lands at the site (integer µs). */
  transfer(bytes: number, sentAt: Micros): Micros {
    this.bytes += bytes;
    const start = sentAt > this.busyUntil ? sentAt : this.busyUntil;
    const done = start + Math.ceil((bytes * 8 * SEC) / this.bpsNow);
    this.busyUntil = done;
    return done + this.options.latency + this.extra;
  }

  /** Down: fetches fail at once; degraded: bandwidth scales; slow: latency added. */
  setFaults(active: readonly FaultEffect[]): void {
    const f = combineFaults(active);
    this.bpsNow = this.options.bps * f.factor;
    // A link degraded to nothing carries nothing: treat it as down rather than divide by zero.
    this.down = f.down || !(this.bpsNow > 0);
    this.extra = f.latency;
  }
}
