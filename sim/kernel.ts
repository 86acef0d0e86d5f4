/**
 * The discrete-event kernel: a virtual clock and the pending events, in the manner of SimPy's
 * `Environment`. Time is integer microseconds (models/ports.ts).
 *
 * Two ways to schedule:
 * - `at`/`in` (`schedule` in the Clock port) with a `kind` from `register` and a numeric `arg`: the
 *   hot path. Nothing is allocated; dispatch is an array lookup. Models with many entities (viewers,
 *   segments) register one handler per kind of event and pass the entity index as `arg`.
 * - `after(delay, fn)`: the `Clock` port, so a model written against `Clock` runs here unchanged.
 *   The closure is kept in a table indexed by the event's queue slot and fired by a reserved kind.
 *
 * Times are checked, not rounded: a fractional, non-finite or past time throws. Rounding here would
 * hide a unit bug (milliseconds passed as microseconds, a float delay from a distribution) and make
 * two runs that differ by one ulp diverge silently; callers that draw real-valued delays round them
 * (`Math.round`) where the draw happens. The check is one `Number.isSafeInteger` and a comparison,
 * below the noise of the hold-model bench.
 */
import type { Clock, Micros, TimerId } from '../models/ports.ts';
import { EventQueue, slotOf } from './event-queue.ts';

/** An event handler: receives the `arg` the event was scheduled with. */
export type Handler = (arg: number) => void;

/** Kind 0 dispatches the closures scheduled through `after`. */
const CLOSURE_KIND = 0;

/** Options for {@link Kernel}. */
export interface KernelOptions {
  /** Initial event-queue capacity; it doubles as needed, so this only saves early regrowth. */
  capacity?: number;
}

/** A virtual clock and event loop; implements the `Clock` port. */
export class Kernel implements Clock {
  private readonly queue: EventQueue;
  private readonly handlers: Handler[] = [];
  /** Closures of `after` timers, indexed by queue slot; undefined once fired or cancelled. */
  private readonly closures: Array<(() => void) | undefined> = [];
  private t = 0;
  private processed = 0;
  private stopped = false;
  private running = false;

  constructor(options: KernelOptions = {}) {
    this.queue = new EventQueue(options.capacity);
    this.handlers[CLOSURE_KIND] = this.fireClosure;
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
    return this.queue.size;
  }

  /** Register a handler once, at build time; returns the `kind` to schedule it with. */
  register(fn: Handler): number {
    this.handlers.push(fn);
    return this.handlers.length - 1;
  }

  /** Schedule `kind(arg)` at absolute time `time` (an integer >= now). Returns a handle. */
  at(time: Micros, kind: number, arg: number): number {
    if (!(time >= this.t && Number.isSafeInteger(time))) this.badTime(time, 'at');
    return this.queue.push(time, kind, arg);
  }

  /** Schedule `kind(arg)` `delay` µs from now (an integer >= 0). Returns a handle. */
  in(delay: Micros, kind: number, arg: number): number {
    const time = this.t + delay;
    // A negative, fractional or NaN delay makes `time` fail the same check as `at`.
    if (!(time >= this.t && Number.isSafeInteger(time))) this.badTime(delay, 'in');
    return this.queue.push(time, kind, arg);
  }

  /** Clock port's name for {@link Kernel.in}, so models reach the hot path through `Clock`. */
  schedule(delay: Micros, kind: number, arg: number): TimerId {
    return this.in(delay, kind, arg);
  }

  /** Clock port: call `fn` `delay` µs from now; ties fire in the order set. */
  after(delay: Micros, fn: () => void): TimerId {
    const handle = this.in(delay, CLOSURE_KIND, 0);
    this.closures[slotOf(handle)] = fn;
    return handle;
  }

  /** Cancel a pending event or timer (any handle from `at`, `in` or `after`); false if not pending. */
  cancel(id: TimerId): boolean {
    if (!this.queue.cancel(id)) return false;
    this.closures[slotOf(id)] = undefined;
    return true;
  }

  /**
   * Move a pending event to absolute `time` (an integer >= now), keeping its handle; it goes after
   * the events already scheduled at `time`. Returns false if the handle is not pending.
   */
  reschedule(handle: number, time: Micros): boolean {
    if (!(time >= this.t && Number.isSafeInteger(time))) this.badTime(time, 'reschedule');
    return this.queue.reschedule(handle, time);
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
        this.t = q.time;
        this.processed++;
        handlers[q.kind]!(q.arg);
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

  /** Dispatch of `after` timers: the closure lives in the slot of the event just popped. */
  private readonly fireClosure = (): void => {
    const slot = slotOf(this.queue.handle);
    const fn = this.closures[slot]!;
    // Cleared before the call: the closure may schedule a timer that reuses this slot.
    this.closures[slot] = undefined;
    fn();
  };

  private badTime(value: number, where: string): never {
    const what = where === 'in' ? `delay ${value}` : `time ${value}`;
    throw new RangeError(
      `Kernel.${where}: ${what} is not an integer number of µs at or after now (${this.t}); ` +
        'round real-valued delays',
    );
  }
}
