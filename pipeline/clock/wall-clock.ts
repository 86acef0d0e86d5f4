/**
 * The wall clock: the `Clock` port on real time, for real mode (DESIGN.md, "one clock interface,
 * three clocks").
 *
 * It is the simulation kernel with one thing changed, in the manner of SimPy's RealtimeEnvironment:
 * pending events sit in the kernel's own BlockQueue and Timers (ordered by time, then by the order set, so ties
 * fire as the port promises), and instead of jumping to the next event the clock sleeps until the
 * wall reaches it: one Node timer at a time, armed for the earliest event. Unlike the kernel, `now()`
 * is the wall's time, not the time of the event being run, so a late event loop shows up in what the
 * models measure instead of being hidden.
 *
 * Time is integer µs since `start`, multiplied by `speed` (2 = twice as fast as the wall). Every
 * thread of a run starts its clock on the same epoch (a `process.hrtime` reading, which all threads
 * of a process share), so their times can be compared and exchanged (a client's deadline, a press).
 */
import type { Clock, Micros, TimerId } from '../../models/ports.ts';
import { BlockQueue } from '../../sim/block-queue.ts';
import { Timers } from '../../sim/timers.ts';

/** Kind 0 runs the closures set through `after` (as in the kernel). */
const CLOSURE_KIND = 0;

/** A reading of the process-wide monotonic clock, ns: pass it to `start` in every thread of a run. */
export const epochNow = (): bigint => process.hrtime.bigint();

export class WallClock implements Clock {
  private readonly queue = new BlockQueue();
  private readonly timers = new Timers();
  private seq = 0;
  private readonly handlers: Array<(arg: number) => void> = [() => {}];
  /** performance.now() (ms) at the epoch, in this thread's own time origin; NaN before `start`. */
  private originMs = NaN;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  /** Time the armed timer is for (Infinity: none). */
  private armedFor = Infinity;
  private stopped = false;
  private pumping = false;
  /** Events run so far. */
  processed = 0;
  /** How late events ran behind their time, summed (µs of clock time), for run.json. */
  lateness = 0;
  maxLateness = 0;

  constructor(readonly speed = 1) {
    if (!(speed > 0 && Number.isFinite(speed))) throw new RangeError(`WallClock: speed must be a positive number, got ${speed}`);
  }

  /** Starts time at `epochNs` (default: now); events set before this are due that long after it. */
  start(epochNs: bigint = epochNow()): void {
    // performance.now() and hrtime read the same monotonic source; relate them once, then read
    // performance.now() (a double, cheaper than a bigint) on the hot path.
    const sinceEpochMs = Number(process.hrtime.bigint() - epochNs) / 1e6;
    this.originMs = performance.now() - sinceEpochMs;
    this.stopped = false;
    this.arm();
  }

  /** Stops firing events (pending ones are kept but never run); the clock still tells the time. */
  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  get started(): boolean {
    return !Number.isNaN(this.originMs);
  }

  /** Events still pending. */
  get pending(): number {
    return this.queue.size - this.timers.stale;
  }

  now(): Micros {
    if (Number.isNaN(this.originMs)) return 0;
    return Math.floor((performance.now() - this.originMs) * 1000 * this.speed);
  }

  register(fn: (arg: number) => void): number {
    this.handlers.push(fn);
    return this.handlers.length - 1;
  }

  /** Hot-path events, as in the kernel: the handle only names the event; it cannot be cancelled. */
  schedule(delay: Micros, kind: number, arg: number): TimerId {
    const seq = this.push(delay, kind, arg, 'schedule');
    return -1 - seq;
  }

  after(delay: Micros, fn: () => void): TimerId {
    // The timer's event takes the next sequence number, which `push` is about to use.
    const id = this.timers.add(fn, this.seq);
    this.push(delay, CLOSURE_KIND, id, 'after');
    return id;
  }

  cancel(id: TimerId): boolean {
    if (id < 0) throw new TypeError('WallClock.cancel: events set with schedule() cannot be cancelled; use after()');
    return this.timers.cancel(id);
  }

  private push(delay: Micros, kind: number, arg: number, where: string): number {
    const time = this.now() + delay;
    if (!(delay >= 0 && Number.isSafeInteger(time))) {
      throw new RangeError(`WallClock.${where}: delay ${delay} is not a whole number of µs >= 0; round real-valued delays`);
    }
    const seq = this.seq++;
    this.queue.push(time, seq, kind, arg);
    if (time < this.armedFor && !this.pumping) this.arm();
    return seq;
  }

  /** Runs every event that is due, in (time, order set); then sleeps until the next one. */
  private readonly pump = (): void => {
    this.timer = null;
    this.immediate = null;
    this.armedFor = Infinity;
    if (this.stopped) return;
    const q = this.queue;
    this.pumping = true;
    try {
      let now = this.now();
      while (!this.stopped && q.peekTime() <= now && q.pop()) {
        // A cancelled timer's event is skipped: it neither runs nor counts as late.
        const fn = q.kind === CLOSURE_KIND ? this.timers.take(q.arg, q.seq) : null;
        if (fn === undefined) continue;
        const late = now - q.time;
        this.lateness += late;
        if (late > this.maxLateness) this.maxLateness = late;
        this.processed++;
        if (fn) fn();
        else this.handlers[q.kind]!(q.arg);
        now = this.now();
      }
    } finally {
      this.pumping = false;
      this.arm();
    }
  };

  private arm(): void {
    if (this.stopped || Number.isNaN(this.originMs)) return;
    const next = this.queue.peekTime();
    if (next === Infinity) return this.disarm();
    if (next === this.armedFor && (this.timer || this.immediate)) return;
    this.disarm();
    this.armedFor = next;
    const waitMs = (next - this.now()) / 1000 / this.speed;
    // setTimeout rounds anything under 1 ms up to 1 ms; an event already due runs on the next turn.
    if (waitMs <= 0) this.immediate = setImmediate(this.pump);
    else this.timer = setTimeout(this.pump, waitMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.armedFor = Infinity;
  }
}
