/**
 * A doubly linked list of slots: the queue under LRU, FIFO and SIEVE. Head is the newest end.
 *
 * The links are not the list's own: each slot record of the {@link ObjectTable} keeps two link words
 * for its policy (`[8s + 4]` towards the head, `[8s + 5]` towards the tail), as libCacheSim keeps an
 * object's queue pointers in its `cache_obj_t`. A hit then reads the id, expiry and links of the object
 * from one cache line instead of two arrays (the figures are in `object-table.ts`). A slot has room
 * for one list; a policy needing a second would keep that one in arrays of its own.
 */
import { NONE as TABLE_NONE, type ObjectTable } from '../object-table.ts';

// A module constant rather than the imported binding, for the JIT to fold (why: cache.ts).
const NONE = TABLE_NONE;

// Where a slot's link words sit among the table's int32 view of its records (object-table.ts owns
// the layout: 8 int32s per 32-byte record, float64 word 2 = int32 words 4 and 5). Local constants so
// the hot paths compile them in; the table's test pins that links survive where these say.
const W = 8;
const PREV = 4;
const NEXT = 5;

/** A doubly linked list over the slots of one table, threaded through the table's link words. */
export class SlotList {
  head = NONE;
  tail = NONE;
  length = 0;
  /** The table's link words (replaced when the table grows: see {@link grow}). */
  private links: Int32Array;

  constructor(private readonly table: ObjectTable) {
    this.links = table.links;
  }

  /** Neighbour of `s` towards the head, or NONE. */
  prev(s: number): number {
    return this.links[W * s + PREV]!;
  }

  /** Neighbour of `s` towards the tail, or NONE. */
  next(s: number): number {
    return this.links[W * s + NEXT]!;
  }

  /** Adds slot `s` (not in the list) at the head. */
  pushHead(s: number): void {
    const links = this.links;
    const head = this.head;
    links[W * s + PREV] = NONE;
    links[W * s + NEXT] = head;
    if (head !== NONE) links[W * head + PREV] = s;
    else this.tail = s;
    this.head = s;
    this.length++;
  }

  /** Takes slot `s` (in the list) out. */
  unlink(s: number): void {
    const links = this.links;
    const p = links[W * s + PREV]!;
    const n = links[W * s + NEXT]!;
    if (p !== NONE) links[W * p + NEXT] = n;
    else this.head = n;
    if (n !== NONE) links[W * n + PREV] = p;
    else this.tail = p;
    this.length--;
  }

  /** Moves slot `s` (in the list) to the head: unlink and pushHead in one pass. */
  moveToHead(s: number): void {
    const head = this.head;
    if (s === head) return;
    const links = this.links;
    // s is not the head, so it has a prev; only its next may be null.
    const p = links[W * s + PREV]!;
    const n = links[W * s + NEXT]!;
    links[W * p + NEXT] = n;
    if (n !== NONE) links[W * n + PREV] = p;
    else this.tail = p;
    links[W * s + PREV] = NONE;
    links[W * s + NEXT] = head;
    links[W * head + PREV] = s;
    this.head = s;
  }

  /** The table has grown, copying its records and so every link: follow them to the new array. */
  grow(): void {
    this.links = this.table.links;
  }

  /**
   * Throws unless the list, walked from head to tail, visits every live slot of the table exactly once,
   * with prev mirroring next and `tail` and `length` right. `name` prefixes the message.
   */
  check(name: string): void {
    const fail = (msg: string): never => {
      throw new Error(`${name} invariant: ${msg}`);
    };
    const table = this.table;
    if (this.links !== table.links) fail('list links are not the table’s (not followed after a grow?)');
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
