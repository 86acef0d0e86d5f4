/**
 * Cancellable `after` timers on a queue that cannot cancel (block-queue.ts). A timer is an id with
 * its closure and the sequence number of its live event. Cancelling forgets the id; moving it pushes
 * a new event and makes that one live. The old events stay queued and are skipped when they pop, so
 * the queue keeps its inline, allocation-free layout for the hot path and timers — a few per fault,
 * per dip, per real-mode request — pay a map entry each.
 */
export class Timers {
  private readonly fns = new Map<number, () => void>();
  private readonly live = new Map<number, number>();
  private nextId = 1;
  /** Events still queued that will be skipped (of cancelled or moved timers). */
  stale = 0;

  /** A new timer whose event has sequence number `seq`; returns its id (a positive integer). */
  add(fn: () => void, seq: number): number {
    const id = this.nextId++;
    this.fns.set(id, fn);
    this.live.set(id, seq);
    return id;
  }

  /** Forget timer `id`; false when it already fired or was cancelled. */
  cancel(id: number): boolean {
    if (!this.fns.delete(id)) return false;
    this.live.delete(id);
    this.stale++;
    return true;
  }

  /** Timer `id` now fires by the event with `seq` instead; false when it is not pending. */
  move(id: number, seq: number): boolean {
    if (!this.live.has(id)) return false;
    this.live.set(id, seq);
    this.stale++;
    return true;
  }

  /**
   * The event (`id`, `seq`) has popped: the timer's closure, now spent, if this is its live event;
   * undefined for an event of a cancelled or moved timer.
   */
  take(id: number, seq: number): (() => void) | undefined {
    if (this.live.get(id) !== seq) {
      this.stale--;
      return undefined;
    }
    const fn = this.fns.get(id);
    this.fns.delete(id);
    this.live.delete(id);
    return fn;
  }
}
