/**
 * What every cache policy shares: the objects themselves. Each cached object lives in a slot (an index
 * into typed arrays), and an open-addressing hash table maps id to slot. libCacheSim splits it the same
 * way: the hash table and object metadata belong to the cache, and a policy keeps only its own order
 * (a list, a clock hand, a visited bit) in arrays indexed by the same slots.
 *
 * Nothing here allocates per request, and the layout is chosen for cache lines, which is what a lookup
 * costs once the table outgrows L2:
 * - a bucket is two int32s, a 32-bit hash of the id and the slot, so a probe reads 8 bytes and a 100k-
 *   object table of 262,144 buckets is 2 MB. A hash match is confirmed against the slot's full id,
 *   which sits next to the expiry the cache reads on a hit anyway. For ids below 2^32 the hash is a
 *   bijection, so that check never fails and a lookup reads at most one slot.
 * - id and expiry share one 16-byte entry per slot; sizes, needed only on admission and removal, are apart.
 * - linear probing with Fibonacci hashing and backward-shift deletion: a cache deletes as often as it
 *   inserts (one eviction per miss once full), and tombstones would pile up until every miss scanned
 *   long runs of them. The stored hash gives each entry's home during the shift without touching slots.
 *
 * When the caller knows every id is below a limit (ids numbered densely, as segment × rendition within
 * an event), the table can skip hashing and index ids directly: an Int32Array of `idLimit` slots, one
 * read per lookup and no probing or shifting, for 4 bytes per possible id. On the cache benchmark it
 * served 1.5–2× the requests per second of the hash table; the hash table is the default because it
 * needs no bound.
 */
import { growFloat64, growInt32 } from './_internals/grow.ts';

/** "No slot": returned by {@link ObjectTable.lookup} on a miss, and the null link of policy lists. */
export const NONE = -1;

/** A free slot's id; object ids are non-negative, so it never clashes. */
const FREE = -1;

/** Smallest table: keeps the hash shift below 32 (`x >>> 32` would be `x >>> 0`). */
const MIN_BUCKETS = 16;

/** 2^32, to take the high half of an id above 32 bits. */
const TWO_32 = 4294967296;

/** 32-bit hash of an id: multiplication by an odd constant, a bijection on the low 32 bits. */
function hash32(id: number): number {
  let x = id >>> 0;
  // Above 2^32, fold the high bits in so ids differing only there do not share a probe chain.
  if (id >= TWO_32) x ^= Math.imul((id / TWO_32) | 0, 0x85ebca6b);
  return Math.imul(x, 0x9e3779b1);
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

  /** Per slot, `[2s]` the id (FREE while the slot is free) and `[2s + 1]` the expiry. */
  private meta: Float64Array;
  private sizes: Float64Array;
  /** Freed slots, reused before fresh ones so the arrays stay dense. */
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
    this.direct = idLimit > 0 ? new Int32Array(idLimit).fill(NONE) : null;
    this.slots = slots;
    this.meta = new Float64Array(2 * slots);
    for (let s = 0; s < slots; s++) this.meta[2 * s] = FREE;
    this.sizes = new Float64Array(slots);
    this.free = new Int32Array(slots);
    // Load factor at most ½ keeps linear-probe runs short (about 1.5 probes per hit on average).
    // With a direct index the buckets stay empty, at their smallest.
    const n = this.direct ? MIN_BUCKETS : Math.max(MIN_BUCKETS, 2 ** Math.ceil(Math.log2(2 * slots)));
    this.buckets = new Int32Array(2 * n).fill(NONE);
    this.mask = n - 1;
    this.shift = 32 - Math.log2(n);
  }

  /** True when every slot is taken: grow before the next {@link add}. */
  get full(): boolean {
    return this.count === this.slots;
  }

  /** Id of the object in a live slot. */
  idOf(slot: number): number {
    return this.meta[2 * slot]!;
  }

  /** Expiry (first stale µs) of the object in a live slot. */
  expiryOf(slot: number): number {
    return this.meta[2 * slot + 1]!;
  }

  /** Size of the object in a live slot. */
  sizeOf(slot: number): number {
    return this.sizes[slot]!;
  }

  /** Whether `id` can be stored: a non-negative safe integer, below `idLimit` when there is one. */
  accepts(id: number): boolean {
    return Number.isSafeInteger(id) && id >= 0 && (this.direct === null || id < this.direct.length);
  }

  /** The slot holding `id`, or {@link NONE}. Expired objects are still found: expiry is the cache's business. */
  lookup(id: number): number {
    const direct = this.direct;
    if (direct !== null) {
      // Out of range or fractional ids read undefined: never stored, so absent.
      const s = direct[id];
      return s === undefined ? NONE : s;
    }
    const buckets = this.buckets;
    const mask = this.mask;
    const h = hash32(id);
    let b = h >>> this.shift;
    for (;;) {
      const s = buckets[2 * b + 1]!;
      if (s === NONE) return NONE;
      if (buckets[2 * b] === h && this.meta[2 * s] === id) return s;
      b = (b + 1) & mask;
    }
  }

  /**
   * Stores an object that is not present and whose id the table {@link accepts}, in a free slot (the
   * table must not be {@link full}); returns the slot.
   */
  add(id: number, size: number, expiry: number): number {
    const slot = this.freeTop > 0 ? this.free[--this.freeTop]! : this.highWater++;
    this.meta[2 * slot] = id;
    this.meta[2 * slot + 1] = expiry;
    this.sizes[slot] = size;
    this.count++;
    this.bytes += size;
    if (this.direct !== null) this.direct[id] = slot;
    else this.place(hash32(id), slot);
    return slot;
  }

  /** Deletes the object in a live `slot` and frees the slot. */
  release(slot: number): void {
    if (this.direct !== null) this.direct[this.meta[2 * slot]!] = NONE;
    else this.unhash(slot);
    this.meta[2 * slot] = FREE;
    this.count--;
    this.bytes -= this.sizes[slot]!;
    this.free[this.freeTop++] = slot;
  }

  /** Removes a live slot's bucket from the hash table. */
  private unhash(slot: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    const shift = this.shift;
    let hole = hash32(this.meta[2 * slot]!) >>> shift;
    while (buckets[2 * hole + 1] !== slot) hole = (hole + 1) & mask;
    // Backward shift: walk the run after the hole and pull back every entry whose probe path
    // (home .. its bucket) passes through the hole, so lookups never stop early at it.
    let b = hole;
    for (;;) {
      b = (b + 1) & mask;
      const s = buckets[2 * b + 1]!;
      if (s === NONE) break;
      const h = buckets[2 * b]!;
      if (((b - (h >>> shift)) & mask) >= ((b - hole) & mask)) {
        buckets[2 * hole] = h;
        buckets[2 * hole + 1] = s;
        hole = b;
      }
    }
    buckets[2 * hole + 1] = NONE;
  }

  /** Doubles the slots (and the buckets), keeping every object in its slot; returns the new slot count. */
  grow(): number {
    const slots = this.slots * 2;
    if (slots > 2 ** 29) throw new Error('ObjectTable: more than 2^29 objects');
    this.meta = growFloat64(this.meta, 2 * slots);
    for (let s = this.slots; s < slots; s++) this.meta[2 * s] = FREE;
    this.sizes = growFloat64(this.sizes, slots);
    this.free = growInt32(this.free, slots);
    this.slots = slots;
    if (this.direct !== null) return slots;
    this.buckets = new Int32Array(2 * this.buckets.length).fill(NONE);
    this.mask = 2 * this.mask + 1;
    this.shift--;
    for (let s = 0; s < this.highWater; s++) {
      const id = this.meta[2 * s]!;
      if (id !== FREE) this.place(hash32(id), s);
    }
    return slots;
  }

  /** True when `slot` holds an object. */
  isLive(slot: number): boolean {
    return Number.isInteger(slot) && slot >= 0 && slot < this.highWater && this.meta[2 * slot] !== FREE;
  }

  /** Live slots in slot order (allocates; for checks and snapshots, not the hot path). */
  liveSlots(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.highWater; s++) if (this.meta[2 * s] !== FREE) out.push(s);
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
    let count = 0;
    let bytes = 0;
    for (let s = 0; s < this.highWater; s++) {
      const id = this.meta[2 * s]!;
      if (id === FREE) continue;
      if (!(id >= 0)) fail(`slot ${s} has id ${id}`);
      if (!(this.sizes[s]! >= 0)) fail(`slot ${s} has size ${this.sizes[s]}`);
      if (this.lookup(id) !== s) fail(`id ${id} in slot ${s} is found at slot ${this.lookup(id)}`);
      count++;
      bytes += this.sizes[s]!;
    }
    for (let s = this.highWater; s < this.slots; s++) if (this.meta[2 * s] !== FREE) fail(`unused slot ${s} has an id`);
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
      if (s === NONE) continue;
      occupied++;
      const h = this.buckets[2 * b]!;
      if (!this.isLive(s) || hash32(this.meta[2 * s]!) !== h) fail(`bucket ${b} holds hash ${h} -> slot ${s}`);
      for (let p = h >>> this.shift; p !== b; p = (p + 1) & this.mask) {
        if (this.buckets[2 * p + 1] === NONE) fail(`bucket ${b} is cut off from its home by an empty bucket ${p}`);
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
      if (s === NONE) continue;
      indexed++;
      if (!this.isLive(s) || this.meta[2 * s] !== id) fail(`direct index maps id ${id} to slot ${s}`);
    }
    if (indexed !== count) fail(`${indexed} ids indexed for ${count} objects`);
  }

  /** Puts (hash, slot) in the first empty bucket from the hash's home. */
  private place(h: number, slot: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    let b = h >>> this.shift;
    while (buckets[2 * b + 1] !== NONE) b = (b + 1) & mask;
    buckets[2 * b] = h;
    buckets[2 * b + 1] = slot;
  }
}
