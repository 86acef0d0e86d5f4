/**
 * The test oracle: each policy written the obvious way over a plain array (head = index 0 = newest or
 * most recent), with linear search and splice. Slow and short, so it can be read and trusted; the
 * typed-array policies must agree with it on every outcome.
 */
import type { CachePolicyName } from '../../../../models/edge/cache/registry.ts';
import type { CacheEntry } from '../../../../models/edge/cache/cache.ts';

interface RefEntry {
  id: number;
  size: number;
  expiry: number;
  visited: boolean;
}

export class ReferenceCache {
  hits = 0;
  misses = 0;
  expired = 0;
  evictions = 0;
  hitBytes = 0;
  missBytes = 0;
  private order: RefEntry[] = [];
  /** SIEVE's hand: the next entry to examine, or null for "start from the tail". */
  private hand: RefEntry | null = null;

  constructor(
    readonly policy: CachePolicyName,
    readonly capacity: number,
    /** Ids at or above this are rejected (the direct index's bound); none when undefined. */
    readonly idLimit?: number,
  ) {}

  get objects(): number {
    return this.order.length;
  }

  get bytes(): number {
    return this.order.reduce((sum, e) => sum + e.size, 0);
  }

  get(id: number, size: number, ttl: number, now: number): boolean {
    const e = this.order.find((x) => x.id === id);
    if (!e && this.idLimit !== undefined && id >= this.idLimit) throw new Error(`id ${id} out of range`);
    if (e) {
      if (e.expiry > now) {
        this.hits++;
        this.hitBytes += size;
        if (this.policy === 'lru') this.order.unshift(...this.order.splice(this.order.indexOf(e), 1));
        if (this.policy === 'sieve') e.visited = true;
        return true;
      }
      this.expired++;
      this.drop(e);
    }
    this.misses++;
    this.missBytes += size;
    this.admit(id, size, ttl, now);
    return false;
  }

  insert(id: number, size: number, ttl: number, now: number): boolean {
    if (this.idLimit !== undefined && id >= this.idLimit) throw new Error(`id ${id} out of range`);
    const e = this.order.find((x) => x.id === id);
    if (e) this.drop(e);
    return this.admit(id, size, ttl, now);
  }

  remove(id: number): boolean {
    const e = this.order.find((x) => x.id === id);
    if (e) this.drop(e);
    return e !== undefined;
  }

  contains(id: number, now: number): boolean {
    const e = this.order.find((x) => x.id === id);
    return e !== undefined && e.expiry > now;
  }

  entries(): CacheEntry[] {
    return this.order.map(({ id, size, expiry }) => ({ id, size, expiry })).sort((a, b) => a.id - b.id);
  }

  private admit(id: number, size: number, ttl: number, now: number): boolean {
    if (!(ttl > 0) || size > this.capacity) return false;
    while (this.bytes + size > this.capacity) {
      this.drop(this.victim());
      this.evictions++;
    }
    this.order.unshift({ id, size, expiry: now + ttl, visited: false });
    return true;
  }

  private victim(): RefEntry {
    if (this.policy !== 'sieve') return this.order[this.order.length - 1]!;
    // Walk from the hand (or the tail) towards the head, clearing visited bits, wrapping at the head.
    let i = this.hand ? this.order.indexOf(this.hand) : this.order.length - 1;
    while (this.order[i]!.visited) {
      this.order[i]!.visited = false;
      i = i > 0 ? i - 1 : this.order.length - 1;
    }
    this.hand = i > 0 ? this.order[i - 1]! : null;
    return this.order[i]!;
  }

  private drop(e: RefEntry): void {
    const i = this.order.indexOf(e);
    if (this.hand === e) this.hand = i > 0 ? this.order[i - 1]! : null;
    this.order.splice(i, 1);
  }
}
