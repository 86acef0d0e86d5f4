/**
 * The discrete-event kernel: a virtual clock and the pending events, in the manner of SimPy's
 * `Environment`. Time is integer microseconds (models/ports.ts).
 *
 * Two ways to schedule, kept in two queues that share one (time, scheduling order):
 * - `at`/`in` (`schedule` in the Clock port) with a `kind` from `register` and a numeric `arg`: the
 *   hot path. Nothing is allocated; dispatch is an array lookup. Models with many entities (viewers,
 *   segments) register one handler per kind of event and pass the entity index as `arg`. These
 *   events cannot be cancelled: they live inline in a `BlockQueue`, which stays fast with tens of
 *   millions pending (see block-queue.ts); a handler checks on firing whether its event still counts.
 * - `after(delay, fn)`: the `Clock` port, so a model written against `Clock` runs here unchanged.
 *   Cancellable and movable: an event of a reserved kind names the timer, whose closure and live
 *   event are kept in `Timers`; a cancelled timer's event is skipped when it pops.
 *
 * Times are checked, not rounded: a fractional, non-finite or past time throws. Rounding here would
 * hide a unit bug (milliseconds passed as microseconds, a float delay from a distribution) and make
 * two runs that differ by one ulp diverge silently; callers that draw real-valued delays round them
 * (`Math.round`) where the draw happens. The check is one `Number.isSafeInteger` and a comparison,
 * below the noise of the hold-model bench.
 */
import type { Clock, Micros, TimerId } from '../models/ports.ts';
import { BlockQueue } from './block-queue.ts';
import { Timers } from './timers.ts';

/** An event handler: receives the `arg` the event was scheduled with. */
export type Handler = (arg: number) => void;

/** The kind of `after` timers' events (their arg is the timer id); `register` starts after it. */
const CLOSURE_KIND = 0;

/** Options for {@link Kernel}. */
export interface KernelOptions {
  /** Initial event-queue capacity; it doubles as needed, so this only saves early regrowth. */
  capacity?: number;
}

/** A virtual clock and event loop; implements the `Clock` port. */
export class Kernel implements Clock {
  private readonly queue: BlockQueue;
  private readonly timers = new Timers();
  /** Scheduling order: ties at one time fire in the order set. */
  private seq = 0;
  private readonly handlers: Handler[] = [() => {}];
  private t = 0;
  private processed = 0;
  private stopped = false;
  private running = false;

  constructor(options: KernelOptions = {}) {
    this.queue = new BlockQueue(options.capacity);
  }

  /** Current virtual time, µs. */
  now(): Micros {
    return this.t;
  }

  /** Events processed by every `run` so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events still pending. */
  get pending(): number {
    return this.queue.size - this.timers.stale;
  }

  /** Register a handler once, at build time; returns the `kind` to schedule it with. */
  register(fn: Handler): number {
    this.handlers.push(fn);
    return this.handlers.length - 1;
  }

  /**
   * Schedule `kind(arg)` at absolute time `time` (an integer >= now). Returns a handle that only
   * identifies the event (negative, so it is never mistaken for an `after` timer's): it cannot be
   * cancelled.
   */
  at(time: Micros, kind: number, arg: number): number {
    if (!(time >= this.t && Number.isSafeInteger(time))) this.badTime(time, 'at');
    const seq = this.seq++;
    this.queue.push(time, seq, kind, arg);
    return -1 - seq;
  }

  /** Schedule `kind(arg)` `delay` µs from now (an integer >= 0); see {@link Kernel.at}. */
  in(delay: Micros, kind: number, arg: number): number {
    const time = this.t + delay;
    // A negative, fractional or NaN delay makes `time` fail the same check as `at`.
    if (!(time >= this.t && Number.isSafeInteger(time))) this.badTime(delay, 'in');
    const seq = this.seq++;
    this.queue.push(time, seq, kind, arg);
    return -1 - seq;
  }

  /** Clock port's name for {@link Kernel.in}, so models reach the hot path through `Clock`. */
  schedule(delay: Micros, kind: number, arg: number): TimerId {
    return this.in(delay, kind, arg);
  }

  /** Clock port: call `fn` `delay` µs from now; ties fire in the order set. */
  after(delay: Micros, fn: () => void): TimerId {
    const time = this.t + delay;
    if (!(time >= this.t && Number.isSafeInteger(time))) this.badTime(delay, 'after');
    const seq = this.seq++;
    const id = this.timers.add(fn, seq);
    this.queue.push(time, seq, CLOSURE_KIND, id);
    return id;
  }

  /** Cancel a pending `after` timer; false if it already fired or was cancelled. */
  cancel(id: TimerId): boolean {
    if (id < 0) this.notCancellable('cancel');
    return this.timers.cancel(id);
  }

  /**
   * Move a pending `after` timer to absolute `time` (an integer >= now), keeping its handle; it goes
   * after the events already scheduled at `time`. Returns false if the timer is not pending.
   */
  reschedule(handle: number, time: Micros): boolean {
    if (handle < 0) this.notCancellable('reschedule');
    if (!(time >= this.t && Number.isSafeInteger(time))) this.badTime(time, 'reschedule');
    const seq = this.seq++;
    if (!this.timers.move(handle, seq)) return false;
    this.queue.push(time, seq, CLOSURE_KIND, handle);
    return true;
  }

  /**
   * Process events in (time, scheduling order) while their time is <= `until`; returns how many.
   * When the queue runs out of events due by a finite `until`, the clock is left at exactly `until`,
   * so a recording interval can be closed there. After `stop()` the clock stays at the time of the
   * event that called it. Calling `stop()` outside a run has no effect.
   */
  run(until: Micros = Infinity): number {
    if (this.running) throw new Error('Kernel.run: already running (called from a handler?)');
    if (until !== Infinity && !(until >= this.t && Number.isSafeInteger(until))) this.badTime(until, 'run');
    const q = this.queue;
    const handlers = this.handlers;
    const start = this.processed;
    this.stopped = false;
    this.running = true;
    try {
      // peekTime() is Infinity on an empty queue, which `until = Infinity` lets through: pop() decides.
      while (q.peekTime() <= until && q.pop()) {
        if (q.kind === CLOSURE_KIND) {
          const fn = this.timers.take(q.arg, q.seq);
          // A cancelled or moved timer's event: skipped, and the clock does not move for it.
          if (fn === undefined) continue;
          this.t = q.time;
          this.processed++;
          fn();
        } else {
          this.t = q.time;
          this.processed++;
          handlers[q.kind]!(q.arg);
        }
        if (this.stopped) break;
      }
    } finally {
      this.running = false;
    }
    if (!this.stopped && until !== Infinity) this.t = until;
    return this.processed - start;
  }

  /** End the current `run` once the event being processed returns. */
  stop(): void {
    this.stopped = true;
  }

  private notCancellable(where: string): never {
    throw new TypeError(
      `Kernel.${where}: events scheduled with at/in/schedule cannot be cancelled or moved; ` +
        'check on firing whether the event still counts, or use after()',
    );
  }

  private badTime(value: number, where: string): never {
    const what = where === 'in' ? `delay ${value}` : `time ${value}`;
    throw new RangeError(
      `Kernel.${where}: ${what} is not an integer number of µs at or after now (${this.t}); ` +
        'round real-valued delays',
    );
  }
}
