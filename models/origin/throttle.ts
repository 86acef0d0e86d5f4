/**
 * Priority-aware throttling in per-second token windows. Reads and publishes have separate windows, so
 * publishes never consume read capacity and read overload never slows the write path (DOMAIN.md: the
 * publishing and CDN-facing stacks are isolated). Both are counters reset when the second rolls over:
 * no queue, no allocation, and a weighted request of count k takes k tokens at once.
 */
import type { Micros } from '../ports.ts';
import { SEC } from '../time.ts';

/** Traffic classes, most important first. */
export const PUBLISH = 0;
export const LIVE_EDGE = 1;
export const DVR = 2;
export type Priority = typeof PUBLISH | typeof LIVE_EDGE | typeof DVR;

/**
 * The read path's window. Requests arrive in time order within a second, so "shed dvr first" cannot
 * wait to see the whole second's demand; instead dvr may use at most `1 - liveReserve` of each window,
 * and liveEdge may use all of it. Under overload dvr is shed once the window is `1 - liveReserve` full,
 * while liveEdge keeps being admitted until the window is full.
 */
export class ReadThrottle {
  private window = -1;
  private used = 0;
  private capacity: number;
  private dvrCapacity: number;

  /**
   * @param rps read requests per second at full capacity
   * @param liveReserve share of each window only liveEdge may use, in [0, 1]
   */
  constructor(
    readonly rps: number,
    readonly liveReserve: number,
  ) {
    if (!(rps >= 0 && rps < Infinity)) throw new Error(`ReadThrottle: rps must be a non-negative finite number, got ${rps}`);
    if (!(liveReserve >= 0 && liveReserve <= 1)) throw new Error(`ReadThrottle: liveReserve must be in [0, 1], got ${liveReserve}`);
    this.capacity = 0;
    this.dvrCapacity = 0;
    this.setFactor(1);
  }

  /** Scales capacity (a degraded fault); whole tokens per second, rounded down. */
  setFactor(factor: number): void {
    this.capacity = Math.floor(this.rps * factor);
    this.dvrCapacity = Math.floor(this.capacity * (1 - this.liveReserve));
  }

  /** Admits up to `count` requests of class `priority` at `now`; returns how many were admitted. */
  admit(priority: Priority, count: number, now: Micros): number {
    const w = Math.floor(now / SEC);
    if (w !== this.window) {
      this.window = w;
      this.used = 0;
    }
    const limit = priority === DVR ? this.dvrCapacity : this.capacity;
    const admitted = Math.max(0, Math.min(count, limit - this.used));
    this.used += admitted;
    return admitted;
  }
}

/**
 * The publish path's window. A publish over capacity is delayed, not lost: it takes a token from the
 * next second that has one and becomes readable at that second's start. The window only moves forward,
 * so delayed publishes keep their order (a backlog drains at `rps` per second). Capacity is at least one
 * per second even when degraded to nothing, so every publish eventually lands.
 */
export class PublishThrottle {
  private window = -Infinity;
  private used = 0;
  private capacity: number;

  constructor(readonly rps: number) {
    if (!(rps > 0 && rps < Infinity)) throw new Error(`PublishThrottle: rps must be a positive finite number, got ${rps}`);
    this.capacity = 0;
    this.setFactor(1);
  }

  /** Scales capacity (a degraded fault). */
  setFactor(factor: number): void {
    this.capacity = Math.max(1, Math.floor(this.rps * factor));
  }

  /** Takes one publish token for a publish arriving at `now`; returns when it becomes readable (>= now). */
  schedule(now: Micros): Micros {
    const w = Math.floor(now / SEC);
    if (w > this.window) {
      this.window = w;
      this.used = 0;
    }
    if (this.used >= this.capacity) {
      this.window++;
      this.used = 0;
    }
    this.used++;
    return Math.max(now, this.window * SEC);
  }
}
