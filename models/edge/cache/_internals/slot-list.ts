/**
 * A doubly linked list of slots: the queue under LRU, FIFO and SIEVE. Head is the newest end. A slot's
 * two links sit side by side in one Int32Array (`[2s]` towards the head, `[2s + 1]` towards the tail),
 * so unlinking a slot touches one cache line per node involved, and nothing is allocated.
 */
import { NONE, type ObjectTable } from '../object-table.ts';
import { growInt32 } from './grow.ts';

/** A doubly linked list over slot indices, with its links in one Int32Array. */
export class SlotList {
  /** `[2s]`: neighbour towards the head (newer); `[2s + 1]`: towards the tail (older). */
  links: Int32Array;
  head = NONE;
  tail = NONE;
  length = 0;

  /** @param slots how many slots the links cover; see {@link grow}. */
  constructor(slots: number) {
    this.links = new Int32Array(2 * slots);
  }

  /** Neighbour of `s` towards the head, or NONE. */
  prev(s: number): number {
    return this.links[2 * s]!;
  }

  /** Neighbour of `s` towards the tail, or NONE. */
  next(s: number): number {
    return this.links[2 * s + 1]!;
  }

  /** Adds slot `s` (not in the list) at the head. */
  pushHead(s: number): void {
    const links = this.links;
    const head = this.head;
    links[2 * s] = NONE;
    links[2 * s + 1] = head;
    if (head !== NONE) links[2 * head] = s;
    else this.tail = s;
    this.head = s;
    this.length++;
  }

  /** Takes slot `s` (in the list) out. */
  unlink(s: number): void {
    const links = this.links;
    const p = links[2 * s]!;
    const n = links[2 * s + 1]!;
    if (p !== NONE) links[2 * p + 1] = n;
    else this.head = n;
    if (n !== NONE) links[2 * n] = p;
    else this.tail = p;
    this.length--;
  }

  /** Moves slot `s` (in the list) to the head: unlink and pushHead in one pass. */
  moveToHead(s: number): void {
    const head = this.head;
    if (s === head) return;
    const links = this.links;
    // s is not the head, so it has a prev; only its next may be null.
    const p = links[2 * s]!;
    const n = links[2 * s + 1]!;
    links[2 * p + 1] = n;
    if (n !== NONE) links[2 * n] = p;
    else this.tail = p;
    links[2 * s] = NONE;
    links[2 * s + 1] = head;
    links[2 * head] = s;
    this.head = s;
  }

  /** Makes room for `slots` slots, keeping every link. */
  grow(slots: number): void {
    this.links = growInt32(this.links, 2 * slots);
  }

  /**
   * Throws unless the list, walked from head to tail, visits every live slot of `table` exactly once,
   * with prev mirroring next and `tail` and `length` right. `name` prefixes the message.
   */
  check(table: ObjectTable, name: string): void {
    const fail = (msg: string): never => {
      throw new Error(`${name} invariant: ${msg}`);
    };
    if (this.length !== table.count) fail(`list length ${this.length}, table count ${table.count}`);
    const seen = new Set<number>();
    let before = NONE;
    for (let s = this.head; s !== NONE; s = this.next(s)) {
      if (seen.size > this.length) fail('list is longer than its length (a cycle?)');
      if (!table.isLive(s)) fail(`list holds free slot ${s}`);
      if (seen.has(s)) fail(`slot ${s} is listed twice`);
      if (this.prev(s) !== before) fail(`prev of slot ${s} is ${this.prev(s)}, expected ${before}`);
      seen.add(s);
      before = s;
    }
    if (before !== this.tail) fail(`tail ${this.tail}, last listed ${before}`);
    if (seen.size !== this.length) fail(`${seen.size} slots listed, length ${this.length}`);
  }
}
