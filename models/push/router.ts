/**
 * The message router's decisions. The router consumes triggers from the broker, sends each to the
 * proxies of the consumed partition's shard, and makes delivery at least once: a device whose ack does
 * not come back within `ackTimeout` gets the trigger again (with backoff), and a device that connects
 * gets every released trigger it has not acked (a replay). Devices process idempotently, so the price
 * of at-least-once is duplicates, which the router counts. At-most-once does neither: one send, no
 * retries, no replays.
 */
export type Delivery = 'at-least-once' | 'at-most-once';

export interface RetryPolicy {
  /** How long the router waits for an ack before it counts a send as failed (µs). */
  ackTimeout: number;
  /** Backoff before retry n is `min(max, base·2^(n−1))`, scaled by a uniform factor in [0.5, 1.5) (µs). */
  base: number;
  max: number;
}

/**
 * The shard of proxies a partition's consumer serves: proxy `p` belongs to partition `p mod partitions`.
 * The producer writes each trigger once per partition, so a partition outage delays exactly its shard.
 */
export const partitionOfProxy = (proxy: number, partitions: number): number => proxy % partitions;

/** The triggers to replay to a device that just connected: released ones it has not acked. */
export function replayMask(released: number, acked: number, delivery: Delivery): number {
  return delivery === 'at-least-once' ? released & ~acked : 0;
}

/** Whether a failed send (lost message or lost ack) is tried again. */
export const retries = (delivery: Delivery): boolean => delivery === 'at-least-once';

/**
 * When the router sends again after attempt `attempt` (0 = the first send) went out at `sentAt` and
 * was not acked: the ack timeout plus a jittered exponential backoff. `u` is uniform [0, 1).
 */
export function retryAt(p: RetryPolicy, attempt: number, sentAt: number, u: number): number {
  const backoff = Math.min(p.max, p.base * 2 ** attempt) * (0.5 + u);
  return sentAt + p.ackTimeout + backoff;
}

/** Fate of one message over a lossy link: `u` uniform [0, 1), `loss` the drop probability. */
export const isLost = (loss: number, u: number): boolean => u < loss;

/** Which partitions have released (been consumed up to) which triggers: the router's view of the log. */
export class ReleasedTriggers {
  private readonly masks: Uint8Array;

  constructor(readonly partitions: number) {
    this.masks = new Uint8Array(partitions);
  }

  /** The consumer of partition `q` read trigger `bit`; returns false when it had already. */
  release(q: number, bit: number): boolean {
    if ((this.masks[q]! & bit) !== 0) return false;
    this.masks[q]! |= bit;
    return true;
  }

  /** Released triggers, as a mask, for a device held by `proxy`. */
  forProxy(proxy: number): number {
    return this.masks[partitionOfProxy(proxy, this.partitions)]!;
  }
}
