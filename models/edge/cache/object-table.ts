/**
 * What every cache policy shares: the objects themselves. Each cached object lives in a slot (an index
 * into typed arrays), and an open-addressing hash table maps id to slot. libCacheSim splits it the same
 * way: the hash table and object metadata belong to the cache, and a policy keeps only its own order.
 *
 * Nothing here allocates per request, and the layout is chosen for cache lines: once the table
 * outgrows L2 (1 MiB here), a request costs what it misses, and a profile of the cache benchmark
 * (`livetwin bench cache`) puts most of its time on three loads: the id's bucket, the object's slot,
 * and on an eviction the victim's bucket.
 * - A slot is one 32-byte record (two per cache line): id, expiry, the policy's two link words and
 *   the size. A hit reads the id (to confirm the hash), the expiry and the list links from one line,
 *   where it used to read a 16-byte (id, expiry) entry and, in a separate Int32Array, the links; an
 *   eviction finds the victim's id, links and size in the line the previous eviction already touched
 *   (it relinked the new tail). libCacheSim keeps its queue pointers in `cache_obj_t` the same way.
 *   The records are one ArrayBuffer seen as float64s (`rec`) and as int32s (`links`, for the policy).
 * - A bucket is two int32s, a 32-bit hash of the id and the slot, so a probe reads 8 bytes and a 100k-
 *   object table of 262,144 buckets is 2 MB. A hash match is confirmed against the slot's full id,
 *   which sits beside the expiry the cache reads on a hit anyway. For ids below 2^32 the hash is a
 *   bijection, so that check never fails and a lookup reads at most one slot.
 * - Linear probing with Fibonacci hashing and backward-shift deletion: a cache deletes as often as it
 *   inserts (one eviction per miss once full), and tombstones would pile up until every miss scanned
 *   long runs of them. The stored hash gives each entry's home during the shift without touching slots.
 *
 * Measured with cachegrind on the cache benchmark's trace (its first 1M requests, after its warm-up;
 * L1 32 KiB, last level set to this machine's 1 MiB L2; node --single-threaded so the JIT compiles the
 * same way each time), per request, before → after the 32-byte records and the leaner request path in
 * `cache.ts`: instructions 620 → 555, L1 data misses 4.13 → 3.07, L2 misses 2.71 → 2.48. Wall-clock
 * rates on this 2-core VM swing 2–4× with what other tenants do to the shared L3 and memory (the old
 * code measured 14M requests/s in an earlier session and 2.5–3.9M in this one), so compare builds back
 * to back, interleaved, never against an old figure. A load factor of ¾ (1 MB of buckets) measured
 * the same as ½ back to back, and ¼ (4 MB) slower in a standalone prototype.
 *
 * Later, counting requests 1M–3M after the warm-up, under `setarch -R` with `--random-seed` and
 * `--hash-seed` fixed besides `--single-threaded` (without them the same code counted 566 or 643
 * instructions from one run to the next: addresses and seeds steer the JIT and the buffers' alignment),
 * before → after {@link ObjectTable.replace} and reading NONE from a module constant rather than the
 * exported binding: instructions 642 → 560 per request on three of four seeds, L1 and L2 misses the
 * same (4.02, 2.84); on the fourth, 643 → 480 instructions with 3.29 L1 and 2.63 L2 misses.
 * The records' alignment matters: an ArrayBuffer from malloc is only 16-byte aligned, so unless its
 * start falls on a 32-byte boundary every other record straddles two cache lines; in a standalone
 * prototype of this layout that cost 0.28 L1 and 0.18 L2 misses per request. Page-aligned memory comes
 * only from a resizable ArrayBuffer (whose typed arrays compiled to 170 more instructions per request)
 * or a WebAssembly.Memory (10 GB of address space reserved each), so the records stay where malloc
 * puts them.
 *
 * Against the bare LRU of `sim/bench/bare-lru.ts` (direct index, 12 bytes of list per object, no
 * TTL or size), on 2026-12-07: on the benchmark's trace this table reaches 0.3-0.4 of its rate, and
 * the same layout written inline in one loop 0.45-0.75, so the layout's memory costs more than the
 * call structure. With a catalogue that fits in L2 (10k objects, room for 1k: no memory stalls at
 * all) the cache ran 10-15M requests/s and the bare loop 35-55M; with a direct index the cache ran
 * 31M, so most of the instructions are the hash table's, on the miss path (a failed probe, the
 * victim's backward shift, the new entry's probe), each loop ending in a mispredicted branch. An
 * inline prototype of chained hashing (a head per bucket, the chain link in the record) was 1.2x
 * linear probing in L2 and no faster on the full trace.
 *
 * When the caller knows every id is below a limit (ids numbered densely, as segment × rendition within
 * an event), the table can skip hashing and index ids directly: an Int32Array of `idLimit` slots, one
 * read per lookup and no probing or shifting, for 4 bytes per possible id. The hash table is the
 * default because it needs no bound.
 */
import { growFloat64, growInt32 } from './_internals/grow.ts';

/** "No slot": returned by {@link ObjectTable.lookup} on a miss, and the null link of policy lists. */
export const NONE = -1;

// An exported binding is read through a cell, with a hole check, at every use, even in its own module;
// this copy is folded into the compiled code. The request path compares with it several times.
const NIL = NONE;

/** A free slot's id; object ids are non-negative, so it never clashes. */
const FREE = -1;

/** Smallest table: keeps the hash shift below 32 (`x >>> 32` would be `x >>> 0`). */
const MIN_BUCKETS = 16;

/** 2^32, to take the high half of an id above 32 bits. */
const TWO_32 = 4294967296;

/**
 * 32-bit hash of an id: multiplication by an odd constant, a bijection on the low 32 bits. Ids of 2^32
 * and above take the out-of-line fold, so the common case is one compare and one multiply.
 */
function hash32(id: number): number {
  return Math.imul(id < TWO_32 ? id : fold(id), 0x9e3779b1);
}

/** The low 32 bits of an id of 2^32 or more, with the high bits folded in so they still spread it. */
function fold(id: number): number {
  return (id >>> 0) ^ Math.imul((id / TWO_32) | 0, 0x85ebca6b);
}

/**
 * Slots holding (id, size in bytes, expiry in µs) plus the id → slot index: the hash table, or the
 * direct array when constructed with an `idLimit`.
 * Policies read objects through the accessors; the arrays behind them are replaced by {@link grow}.
 */
export class ObjectTable {
  /** Slots available before the next {@link grow}. */
  slots: number;
  /** Objects held. */
  count = 0;
  /** Sum of the sizes of the objects held. */
  bytes = 0;

  /**
   * The slot records, 32 bytes each. As float64s: `[4s]` the id (FREE while the slot is free),
   * `[4s + 1]` the expiry, `[4s + 3]` the size; `[4s + 2]` belongs to the policy, see {@link links}.
   */
  private rec: Float64Array;
  /**
   * The same records as int32s, for the policy: `[8s + 4]` and `[8s + 5]` are slot s's two link
   * words (its neighbours in the policy's list, see `SlotList`). Replaced along with the records by
   * {@link grow}, which copies them.
   */
  links: Int32Array;
  /** Freed slots, reused before fresh ones so the records stay dense. */
  private free: Int32Array;
  private freeTop = 0;
  /** Slots [0, highWater) have been handed out at least once. */
  private highWater = 0;
  /** Per bucket, `[2b]` the id's hash32 and `[2b + 1]` its slot (NONE when the bucket is empty). */
  private buckets: Int32Array;
  /** Bucket count − 1. */
  private mask: number;
  /** A hash's home bucket is `hash >>> shift` (its top bits: the well-mixed ones). */
  private shift: number;
  /** The direct index (slot per id, NONE when absent), or null when ids are hashed. */
  private readonly direct: Int32Array | null;

  /**
   * @param slots initial slot count (at least 1); {@link grow} doubles it.
   * @param idLimit when positive, every id is an integer below it and is indexed directly.
   */
  constructor(slots: number, idLimit = 0) {
    if (!(Number.isSafeInteger(slots) && slots >= 1 && slots <= 2 ** 29)) {
      throw new Error(`ObjectTable: slots must be an integer in [1, 2^29], got ${slots}`);
    }
    if (!(Number.isSafeInteger(idLimit) && idLimit >= 0 && idLimit <= 2 ** 30)) {
      throw new Error(`ObjectTable: idLimit must be an integer in [0, 2^30], got ${idLimit}`);
    }
    this.direct = idLimit > 0 ? new Int32Array(idLimit).fill(NIL) : null;
    this.slots = slots;
    this.rec = new Float64Array(4 * slots);
    this.links = new Int32Array(this.rec.buffer);
    for (let s = 0; s < slots; s++) this.rec[4 * s] = FREE;
    this.free = new Int32Array(slots);
    // Load factor at most ½ keeps linear-probe runs short (about 1.5 probes per hit on average).
    // With a direct index the buckets stay empty, at their smallest.
    const n = this.direct ? MIN_BUCKETS : Math.max(MIN_BUCKETS, 2 ** Math.ceil(Math.log2(2 * slots)));
    this.buckets = new Int32Array(2 * n).fill(NIL);
    this.mask = n - 1;
    this.shift = 32 - Math.log2(n);
  }

  /** True when every slot is taken: grow before the next {@link add}. */
  get full(): boolean {
    return this.count === this.slots;
  }

  /** Id of the object in a live slot. */
  idOf(slot: number): number {
    return this.rec[4 * slot]!;
  }

  /** Expiry (first stale µs) of the object in a live slot. */
  expiryOf(slot: number): number {
    return this.rec[4 * slot + 1]!;
  }

  /** Size of the object in a live slot. */
  sizeOf(slot: number): number {
    return this.rec[4 * slot + 3]!;
  }

  /** Whether `id` can be stored: a non-negative safe integer, below `idLimit` when there is one. */
  accepts(id: number): boolean {
    return Number.isSafeInteger(id) && id >= 0 && (this.direct === null || id < this.direct.length);
  }

  /**
   * The slot holding `id`, or {@link NONE}. Expired objects are still found: expiry is the cache's
   * business. Any number may be asked for; one the table would not accept is simply not found.
   */
  lookup(id: number): number {
    const direct = this.direct;
    if (direct !== null) {
      // Out of range or fractional ids read undefined: never stored, so absent.
      const s = direct[id];
      return s === undefined ? NIL : s;
    }
    const buckets = this.buckets;
    const mask = this.mask;
    // hash32 written out: in a profile of the benchmark V8 had left it a call here, its inlining
    // budget for the request path spent on the miss path.
    const h = Math.imul(id < TWO_32 ? id : fold(id), 0x9e3779b1);
    const rec = this.rec;
    let b = h >>> this.shift;
    for (;;) {
      const s = buckets[2 * b + 1]!;
      if (s === NIL) return NIL;
      if (buckets[2 * b] === h && rec[4 * s] === id) return s;
      b = (b + 1) & mask;
    }
  }

  /**
   * Stores an object that is not present and whose id the table {@link accepts}, in a free slot (the
   * table must not be {@link full}); returns the slot.
   */
  add(id: number, size: number, expiry: number): number {
    const slot = this.freeTop > 0 ? this.free[--this.freeTop]! : this.highWater++;
    const rec = this.rec;
    rec[4 * slot] = id;
    rec[4 * slot + 1] = expiry;
    rec[4 * slot + 3] = size;
    this.count++;
    this.bytes += size;
    if (this.direct !== null) this.direct[id] = slot;
    else this.place(hash32(id), slot);
    return slot;
  }

  /**
   * Deletes the object in a live `slot` and stores in that slot an object that is not present and whose
   * id the table {@link accepts}: {@link release} then {@link add}, which would hand back this slot
   * (freed slots are reused last-in first-out), without passing it through the free list. The expiry
   * is the caller's to set, with {@link setExpiry}: a double passed to a call that is not inlined is
   * boxed, and on the request path that was one allocation per miss.
   */
  replace(slot: number, id: number, size: number): void {
    const rec = this.rec;
    if (this.direct !== null) {
      this.direct[rec[4 * slot]!] = NIL;
      this.direct[id] = slot;
    } else {
      this.unhash(slot);
      this.place(hash32(id), slot);
    }
    // Two steps, as release and add would round them, so byte totals match to the last bit.
    this.bytes -= rec[4 * slot + 3]!;
    this.bytes += size;
    rec[4 * slot] = id;
    rec[4 * slot + 3] = size;
  }

  /** Sets the expiry of the object in a live slot. */
  setExpiry(slot: number, expiry: number): void {
    this.rec[4 * slot + 1] = expiry;
  }

  /** Deletes the object in a live `slot` and frees the slot. */
  release(slot: number): void {
    const rec = this.rec;
    if (this.direct !== null) this.direct[rec[4 * slot]!] = NIL;
    else this.unhash(slot);
    rec[4 * slot] = FREE;
    this.count--;
    this.bytes -= rec[4 * slot + 3]!;
    this.free[this.freeTop++] = slot;
  }

  /** Removes a live slot's bucket from the hash table. */
  private unhash(slot: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    const shift = this.shift;
    let hole = hash32(this.rec[4 * slot]!) >>> shift;
    while (buckets[2 * hole + 1] !== slot) hole = (hole + 1) & mask;
    // Backward shift: walk the run after the hole and pull back every entry whose probe path
    // (home .. its bucket) passes through the hole, so lookups never stop early at it.
    for (let b = (hole + 1) & mask; ; b = (b + 1) & mask) {
      const s = buckets[2 * b + 1]!;
      if (s === NIL) break;
      const h = buckets[2 * b]!;
      if (((b - (h >>> shift)) & mask) >= ((b - hole) & mask)) {
        buckets[2 * hole] = h;
        buckets[2 * hole + 1] = s;
        hole = b;
      }
    }
    buckets[2 * hole + 1] = NIL;
  }

  /** Doubles the slots (and the buckets), keeping every object in its slot; returns the new slot count. */
  grow(): number {
    const slots = this.slots * 2;
    if (slots > 2 ** 29) throw new Error('ObjectTable: more than 2^29 objects');
    this.rec = growFloat64(this.rec, 4 * slots);
    this.links = new Int32Array(this.rec.buffer);
    for (let s = this.slots; s < slots; s++) this.rec[4 * s] = FREE;
    this.free = growInt32(this.free, slots);
    this.slots = slots;
    if (this.direct !== null) return slots;
    this.buckets = new Int32Array(2 * this.buckets.length).fill(NIL);
    this.mask = 2 * this.mask + 1;
    this.shift--;
    for (let s = 0; s < this.highWater; s++) {
      const id = this.rec[4 * s]!;
      if (id !== FREE) this.place(hash32(id), s);
    }
    return slots;
  }

  /** True when `slot` holds an object. */
  isLive(slot: number): boolean {
    return Number.isInteger(slot) && slot >= 0 && slot < this.highWater && this.rec[4 * slot] !== FREE;
  }

  /** Live slots in slot order (allocates; for checks and snapshots, not the hot path). */
  liveSlots(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.highWater; s++) if (this.rec[4 * s] !== FREE) out.push(s);
    return out;
  }

  /**
   * Throws unless slots, counters, free list and hash table agree: every live slot is found by its
   * id, every bucket names a live slot whose id hashes to the stored hash, no bucket lies off its
   * probe path, and count and bytes are the sums over live slots.
   */
  checkInvariants(): void {
    const fail = (msg: string): never => {
      throw new Error(`ObjectTable invariant: ${msg}`);
    };
    if (this.rec.length !== 4 * this.slots || this.links.buffer !== this.rec.buffer) {
      fail(`records hold ${this.rec.length / 4} slots for ${this.slots}, or the links are not their words`);
    }
    let count = 0;
    let bytes = 0;
    for (let s = 0; s < this.highWater; s++) {
      const id = this.rec[4 * s]!;
      if (id === FREE) continue;
      if (!(id >= 0)) fail(`slot ${s} has id ${id}`);
      if (!(this.rec[4 * s + 3]! >= 0)) fail(`slot ${s} has size ${this.rec[4 * s + 3]}`);
      if (this.lookup(id) !== s) fail(`id ${id} in slot ${s} is found at slot ${this.lookup(id)}`);
      count++;
      bytes += this.rec[4 * s + 3]!;
    }
    for (let s = this.highWater; s < this.slots; s++) if (this.rec[4 * s] !== FREE) fail(`unused slot ${s} has an id`);
    if (count !== this.count) fail(`count ${this.count}, live slots ${count}`);
    if (bytes !== this.bytes) fail(`bytes ${this.bytes}, sum of live sizes ${bytes}`);
    if (this.freeTop + count !== this.highWater) fail(`free ${this.freeTop} + live ${count} != used ${this.highWater}`);
    const freed = new Set<number>();
    for (let f = 0; f < this.freeTop; f++) {
      const s = this.free[f]!;
      if (this.isLive(s) || s >= this.highWater || freed.has(s)) fail(`free list holds slot ${s} twice or live`);
      freed.add(s);
    }
    let occupied = 0;
    for (let b = 0; b <= this.mask; b++) {
      const s = this.buckets[2 * b + 1]!;
      if (s === NIL) continue;
      occupied++;
      const h = this.buckets[2 * b]!;
      if (!this.isLive(s) || hash32(this.rec[4 * s]!) !== h) fail(`bucket ${b} holds hash ${h} -> slot ${s}`);
      for (let p = h >>> this.shift; p !== b; p = (p + 1) & this.mask) {
        if (this.buckets[2 * p + 1] === NIL) fail(`bucket ${b} is cut off from its home by an empty bucket ${p}`);
      }
    }
    if (this.direct === null) {
      if (occupied !== count) fail(`${occupied} buckets occupied for ${count} objects`);
      return;
    }
    if (occupied !== 0) fail(`${occupied} buckets occupied beside a direct index`);
    let indexed = 0;
    for (let id = 0; id < this.direct.length; id++) {
      const s = this.direct[id]!;
      if (s === NIL) continue;
      indexed++;
      if (!this.isLive(s) || this.rec[4 * s] !== id) fail(`direct index maps id ${id} to slot ${s}`);
    }
    if (indexed !== count) fail(`${indexed} ids indexed for ${count} objects`);
  }

  /** Puts (hash, slot) in the first empty bucket from the hash's home. */
  private place(h: number, slot: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    let b = h >>> this.shift;
    while (buckets[2 * b + 1] !== NIL) b = (b + 1) & mask;
    buckets[2 * b] = h;
    buckets[2 * b + 1] = slot;
  }
}
