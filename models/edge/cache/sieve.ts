/**
 * SIEVE (Zhang et al., "SIEVE is Simpler than LRU", NSDI 2024; libCacheSim's `Sieve.c`): a FIFO queue
 * with one visited bit per object and a hand. A hit only sets the bit, so hits cost less than LRU's
 * list move; to evict, the hand walks from the tail towards the head, clearing set bits, and takes the
 * first unvisited object, then stays where it stopped. Newcomers that are never asked for again leave
 * quickly, which suits a live edge where most segments are popular for seconds.
 */
import { NONE as TABLE_NONE, type ObjectTable } from './object-table.ts';
import type { CachePolicy, CachePolicyFactory } from './policy.ts';
import { SlotList } from './_internals/slot-list.ts';
import { growUint8 } from './_internals/grow.ts';

// A module constant rather than the imported binding, for the JIT to fold (why: cache.ts).
const NONE = TABLE_NONE;

class Sieve implements CachePolicy {
  private readonly list: SlotList;
  private visited: Uint8Array;
  /** Next candidate for eviction; NONE means start again from the tail. */
  private hand = NONE;

  constructor(private readonly table: ObjectTable) {
    this.list = new SlotList(table);
    this.visited = new Uint8Array(table.slots);
  }

  hit(slot: number): void {
    this.visited[slot] = 1;
  }

  insert(slot: number): void {
    this.visited[slot] = 0;
    this.list.pushHead(slot);
  }

  evict(): number {
    const list = this.list;
    const visited = this.visited;
    let s = this.hand === NONE ? list.tail : this.hand;
    // Terminates: each pass clears the bits it meets, so the second pass finds an unvisited object.
    while (visited[s] === 1) {
      visited[s] = 0;
      s = list.prev(s);
      if (s === NONE) s = list.tail;
    }
    this.hand = list.prev(s);
    list.unlink(s);
    return s;
  }

  remove(slot: number): void {
    // The hand must never point at a freed slot: step it on, as libCacheSim does.
    if (slot === this.hand) this.hand = this.list.prev(slot);
    this.list.unlink(slot);
  }

  grow(slots: number): void {
    this.list.grow();
    this.visited = growUint8(this.visited, slots);
  }

  checkInvariants(): void {
    this.list.check('sieve');
    if (this.hand !== NONE && !this.table.isLive(this.hand)) {
      throw new Error(`sieve invariant: hand ${this.hand} is not a live slot`);
    }
  }
}

/** Creates a SIEVE policy over `table`. */
export const sieve: CachePolicyFactory = (table) => new Sieve(table);
