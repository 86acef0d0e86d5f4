/**
 * Request collapsing: per object id at most one upstream fetch in flight. The first miss starts an
 * entry and goes upstream; later misses for the same object join the entry's waiter list, and all of
 * them are answered together when the fetch completes (nginx's `proxy_cache_lock`, Varnish's
 * waiting list).
 *
 * An entry lives through two states:
 * - in flight: the fetch has left and nobody knows when it returns; waiters queue up.
 * - arriving: the answer is known (status, freshness) and so is the time `arrivesAt` its bytes reach
 *   this server. The waiters have been handed back to the caller, and the entry stays so that a
 *   request arriving before `arrivesAt` is answered at `arrivesAt` instead of being served a copy the
 *   cache already holds but that has not landed yet. The caller releases it once `now >= arrivesAt`
 *   (lazily, when it next looks the object up; {@link Collapser.start} also sweeps before growing).
 *
 * Everything lives in typed arrays: entries in a small chained hash table, waiters in one pool of
 * singly linked (tag, count, at, kind) records with a free list, so nothing is allocated per request
 * once the pools have grown to the working size. `tag` and `count` are the caller's (a cohort or viewer
 * index and its weight); `at` is the earliest time the waiter may be answered (its queueing delay);
 * `kind` is a small integer the caller uses to tell its kinds of waiter apart.
 */
import type { Micros } from '../ports.ts';

/** No entry, no waiter. */
export const NONE = -1;
/** The status an entry has while its fetch is in flight (real statuses are HTTP codes). */
export const IN_FLIGHT = 0;

// Entry records: Float64 stride 4, Int32 stride 3.
const E_ID = 0;
const E_ARRIVES = 1;
const E_EXPIRY = 2;
const E_STATUS = 3;
const L_CHAIN = 0;
const L_HEAD = 1;
const L_TAIL = 2;
// Waiter records: Float64 stride 3, Int32 stride 2.
const W_TAG = 0;
const W_COUNT = 1;
const W_AT = 2;
const W_NEXT = 0;
const W_KIND = 1;

/** One server's in-flight fetches and who waits on them. */
export class Collapser {
  /** Live entries (in flight or arriving). */
  size = 0;
  /** Waiter records in use (attached to an entry or detached and not yet freed). */
  waiters = 0;

  private ent: Float64Array;
  private link: Int32Array;
  private buckets: Int32Array;
  private mask: number;
  private entCap: number;
  private entHigh = 0;
  private entFree = NONE;

  private w: Float64Array;
  private wl: Int32Array;
  private wCap: number;
  private wHigh = 0;
  private wFree = NONE;

  /** @param entries entries to allocate up front (a power of two is rounded to); pools double when full. */
  constructor(entries = 4, waiterRecords = 8) {
    this.entCap = pow2(entries);
    this.ent = new Float64Array(4 * this.entCap);
    this.link = new Int32Array(3 * this.entCap);
    this.buckets = new Int32Array(this.entCap).fill(NONE);
    this.mask = this.entCap - 1;
    this.wCap = pow2(waiterRecords);
    this.w = new Float64Array(3 * this.wCap);
    this.wl = new Int32Array(2 * this.wCap);
  }

  /** The entry for `id`, in whatever state, or {@link NONE}. */
  find(id: number): number {
    const ent = this.ent;
    for (let e = this.buckets[bucketOf(id, this.mask)]!; e !== NONE; e = this.link[3 * e + L_CHAIN]!) {
      if (ent[4 * e + E_ID] === id) return e;
    }
    return NONE;
  }

  /**
   * Starts an in-flight entry for `id`, which must not have one. When the table is full, arriving
   * entries that have landed by `now` are reclaimed first, and only then does it grow.
   */
  start(id: number, now: Micros): number {
    if (this.entFree === NONE && this.entHigh === this.entCap) {
      this.sweep(now);
      if (this.entFree === NONE) this.growEntries();
    }
    let e: number;
    if (this.entFree !== NONE) {
      e = this.entFree;
      this.entFree = this.link[3 * e + L_CHAIN]!;
    } else e = this.entHigh++;
    const o = 4 * e;
    this.ent[o + E_ID] = id;
    this.ent[o + E_ARRIVES] = 0;
    this.ent[o + E_EXPIRY] = 0;
    this.ent[o + E_STATUS] = IN_FLIGHT;
    const l = 3 * e;
    const b = bucketOf(id, this.mask);
    this.link[l + L_CHAIN] = this.buckets[b]!;
    this.buckets[b] = e;
    this.link[l + L_HEAD] = NONE;
    this.link[l + L_TAIL] = NONE;
    this.size++;
    return e;
  }

  /** Appends a waiter to an in-flight entry: answered, in arrival order, when it settles. */
  join(e: number, tag: number, count: number, at: Micros, kind: number): void {
    let r: number;
    if (this.wFree !== NONE) {
      r = this.wFree;
      this.wFree = this.wl[2 * r + W_NEXT]!;
    } else {
      if (this.wHigh === this.wCap) this.growWaiters();
      r = this.wHigh++;
    }
    const o = 3 * r;
    this.w[o + W_TAG] = tag;
    this.w[o + W_COUNT] = count;
    this.w[o + W_AT] = at;
    this.wl[2 * r + W_NEXT] = NONE;
    this.wl[2 * r + W_KIND] = kind;
    const l = 3 * e;
    const tail = this.link[l + L_TAIL]!;
    if (tail === NONE) this.link[l + L_HEAD] = r;
    else this.wl[2 * tail + W_NEXT] = r;
    this.link[l + L_TAIL] = r;
    this.waiters++;
  }

  /**
   * The fetch for entry `e` has its answer: the entry turns arriving, and its waiter list is detached
   * and returned (first waiter, or {@link NONE}). Walk it with {@link next}, then give it back with
   * {@link freeWaiters}. Detaching first makes it safe for the caller's callbacks to re-enter.
   */
  settle(e: number, arrivesAt: Micros, status: number, expiry: Micros): number {
    const o = 4 * e;
    this.ent[o + E_ARRIVES] = arrivesAt;
    this.ent[o + E_EXPIRY] = expiry;
    this.ent[o + E_STATUS] = status;
    const head = this.link[3 * e + L_HEAD]!;
    this.link[3 * e + L_HEAD] = NONE;
    this.link[3 * e + L_TAIL] = NONE;
    return head;
  }

  /** Removes entry `e` (any state), freeing any waiters still attached. */
  release(e: number): void {
    const l = 3 * e;
    this.freeWaiters(this.link[l + L_HEAD]!);
    const b = bucketOf(this.ent[4 * e + E_ID]!, this.mask);
    let p = this.buckets[b]!;
    if (p === e) this.buckets[b] = this.link[l + L_CHAIN]!;
    else {
      while (this.link[3 * p + L_CHAIN] !== e) p = this.link[3 * p + L_CHAIN]!;
      this.link[3 * p + L_CHAIN] = this.link[l + L_CHAIN]!;
    }
    this.ent[4 * e + E_ID] = -1;
    this.link[l + L_CHAIN] = this.entFree;
    this.entFree = e;
    this.size--;
  }

  /** Returns a detached waiter list (from {@link settle}) to the pool. */
  freeWaiters(head: number): void {
    if (head === NONE) return;
    let r = head;
    let n = 1;
    while (this.wl[2 * r + W_NEXT] !== NONE) {
      r = this.wl[2 * r + W_NEXT]!;
      n++;
    }
    this.wl[2 * r + W_NEXT] = this.wFree;
    this.wFree = head;
    this.waiters -= n;
  }

  /** {@link IN_FLIGHT}, or the HTTP status the entry settled with. */
  status(e: number): number {
    return this.ent[4 * e + E_STATUS]!;
  }

  /** When a settled entry's bytes reach this server. */
  arrivesAt(e: number): Micros {
    return this.ent[4 * e + E_ARRIVES]!;
  }

  /** First stale µs of a settled entry's answer. */
  expiry(e: number): Micros {
    return this.ent[4 * e + E_EXPIRY]!;
  }

  /** The waiter after `r` in its list, or {@link NONE}. */
  next(r: number): number {
    return this.wl[2 * r + W_NEXT]!;
  }

  tag(r: number): number {
    return this.w[3 * r + W_TAG]!;
  }

  count(r: number): number {
    return this.w[3 * r + W_COUNT]!;
  }

  /** Earliest time waiter `r` may be answered. */
  at(r: number): Micros {
    return this.w[3 * r + W_AT]!;
  }

  kind(r: number): number {
    return this.wl[2 * r + W_KIND]!;
  }

  /** Bytes held by the typed arrays (for memory accounting). */
  get byteLength(): number {
    return this.ent.byteLength + this.link.byteLength + this.buckets.byteLength + this.w.byteLength + this.wl.byteLength;
  }

  /**
   * Throws unless every live entry is found by its id, chains hold only live entries, waiter lists
   * end at their tails, and waiter records are either attached, free, or counted as detached.
   */
  checkInvariants(): void {
    const fail = (m: string): never => {
      throw new Error(`Collapser invariant: ${m}`);
    };
    let live = 0;
    let attached = 0;
    for (let e = 0; e < this.entHigh; e++) {
      const id = this.ent[4 * e + E_ID]!;
      if (id < 0) continue;
      live++;
      if (this.find(id) !== e) fail(`entry ${e} (id ${id}) not found by its id`);
      let r = this.link[3 * e + L_HEAD]!;
      let last = NONE;
      while (r !== NONE) {
        attached++;
        last = r;
        r = this.wl[2 * r + W_NEXT]!;
      }
      if (last !== this.link[3 * e + L_TAIL]) fail(`entry ${e} tail ${this.link[3 * e + L_TAIL]}, last waiter ${last}`);
      if (this.status(e) !== IN_FLIGHT && last !== NONE) fail(`settled entry ${e} still has waiters`);
    }
    if (live !== this.size) fail(`size ${this.size}, live entries ${live}`);
    let chained = 0;
    for (let b = 0; b <= this.mask; b++) {
      for (let e = this.buckets[b]!; e !== NONE; e = this.link[3 * e + L_CHAIN]!) {
        if (!(this.ent[4 * e + E_ID]! >= 0)) fail(`bucket ${b} chains free entry ${e}`);
        chained++;
      }
    }
    if (chained !== live) fail(`${chained} chained entries, ${live} live`);
    let free = 0;
    for (let r = this.wFree; r !== NONE; r = this.wl[2 * r + W_NEXT]!) free++;
    if (free + this.waiters !== this.wHigh) fail(`free ${free} + in use ${this.waiters} != used ${this.wHigh}`);
    if (attached > this.waiters) fail(`${attached} attached waiters, ${this.waiters} in use`);
  }

  /** Releases arriving entries that have landed by `now`. */
  private sweep(now: Micros): void {
    for (let e = 0; e < this.entHigh; e++) {
      const o = 4 * e;
      if (this.ent[o + E_ID]! >= 0 && this.ent[o + E_STATUS] !== IN_FLIGHT && this.ent[o + E_ARRIVES]! <= now) {
        this.release(e);
      }
    }
  }

  private growEntries(): void {
    const cap = 2 * this.entCap;
    const ent = new Float64Array(4 * cap);
    ent.set(this.ent);
    const link = new Int32Array(3 * cap);
    link.set(this.link);
    this.ent = ent;
    this.link = link;
    this.entCap = cap;
    this.mask = cap - 1;
    // Rechain every live entry under the wider mask.
    this.buckets = new Int32Array(cap).fill(NONE);
    for (let e = 0; e < this.entHigh; e++) {
      const id = ent[4 * e + E_ID]!;
      if (id < 0) continue;
      const b = bucketOf(id, this.mask);
      link[3 * e + L_CHAIN] = this.buckets[b]!;
      this.buckets[b] = e;
    }
  }

  private growWaiters(): void {
    const cap = 2 * this.wCap;
    const w = new Float64Array(3 * cap);
    w.set(this.w);
    const wl = new Int32Array(2 * cap);
    wl.set(this.wl);
    this.w = w;
    this.wl = wl;
    this.wCap = cap;
  }
}

function pow2(n: number): number {
  return 2 ** Math.max(1, Math.ceil(Math.log2(Math.max(2, n))));
}

/** Ids up to 2^53: mixes the high word into the low one (dense ids would do with the low bits alone). */
function bucketOf(id: number, mask: number): number {
  const lo = id >>> 0;
  const hi = (id / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h & mask;
}
