/**
 * An edge cache: the request path shared by every policy (libCacheSim's `cache_get_base`), written once.
 *
 * `get` looks the object up; a fresh object is a hit and the policy records the access. An expired one
 * is removed and counts as a miss (and as `expired`): expiry is lazy, as in libCacheSim, so an expired
 * object nobody asks for again keeps its space until the policy evicts it. On a miss the object is
 * admitted: the policy evicts until it fits, then tracks it.
 *
 * Capacity is in bytes; give every object size 1 and it is a count of objects. Ids are non-negative
 * integers (the caller encodes segment × rendition); up to 2^53 they are exact. Time is the caller's
 * `now` in integer µs, so the cache runs the same under the kernel's clock and a wall clock.
 *
 * What a `get` costs is memory, not arithmetic (a few cache lines per request):
 * the layout that keeps it to few cache lines is in `object-table.ts`. Here the hit path checks no
 * argument (a lookup of anything the table would refuse simply finds nothing) and the miss path is a
 * separate method, so the common case compiles to little more than the table's probe.
 */
import type { Micros } from '../../ports.ts';
import { NONE as TABLE_NONE, ObjectTable } from './object-table.ts';
import type { CachePolicy, CachePolicyFactory } from './policy.ts';

// An imported binding is read through a cell, with a hole check, at every use; a module constant is
// compiled in. NONE is compared on every request, so it is copied here.
const NONE = TABLE_NONE;

/** Options for {@link Cache}. */
export interface CacheOptions {
  /** Capacity in bytes (in objects when every size is 1). Positive. */
  capacity: number;
  /**
   * Slots allocated up front (default: the capacity, at most 65,536). Slots double when full, so this
   * only saves early regrowth; with unit sizes, passing the capacity means they never grow.
   */
  initialObjects?: number;
  /**
   * When every id is an integer below this (ids numbered densely, e.g. segment × renditions +
   * rendition within an event), ids are indexed directly, 4 bytes per possible id, instead of hashed:
   * one read per lookup, no probing. An id at or above it is an error.
   * Default: hashed, any id up to 2^53.
   */
  idLimit?: number;
}

/** One cached object, as {@link Cache.entries} reports it. */
export interface CacheEntry {
  id: number;
  size: number;
  /** First µs at which it is stale. */
  expiry: Micros;
}

/** An edge cache with one eviction policy, per-object TTLs and hit/miss counters. */
export class Cache {
  /** Capacity in bytes (objects, with unit sizes). */
  readonly capacity: number;
  /** Requests served from the cache. Counters are for reading; only the cache writes them. */
  hits = 0;
  /** Requests not served from the cache, including those that found an expired copy. */
  misses = 0;
  /** Misses that found an expired copy (and removed it). */
  expired = 0;
  /** Objects evicted to make room (not counting expired, replaced or purged ones). */
  evictions = 0;
  /** Bytes requested on hits (the request's size: what was served). */
  hitBytes = 0;
  /** Bytes requested on misses (fetched from upstream). */
  missBytes = 0;

  private readonly table: ObjectTable;
  private readonly policy: CachePolicy;
  /** Last id asked for and when, so checkInvariants can verify it is not left stale. */
  private lastId = -1;
  private lastNow = 0;

  /** @param policy a factory from the registry, e.g. `cachePolicies.lru`. */
  constructor(policy: CachePolicyFactory, options: CacheOptions) {
    const { capacity } = options;
    if (!(capacity > 0 && capacity < Infinity)) {
      throw new Error(`Cache: capacity must be a positive finite number, got ${capacity}`);
    }
    const initial = options.initialObjects ?? Math.max(1, Math.min(Math.ceil(capacity), 65_536));
    if (!(Number.isSafeInteger(initial) && initial >= 1)) {
      throw new Error(`Cache: initialObjects must be a positive integer, got ${initial}`);
    }
    this.capacity = capacity;
    this.table = new ObjectTable(initial, options.idLimit ?? 0);
    this.policy = policy(this.table);
  }

  /** Objects held (fresh or expired-but-not-yet-asked-for). */
  get objects(): number {
    return this.table.count;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.table.bytes;
  }

  /**
   * A request for `id` at `now`: true on a hit. On a miss the object is fetched and admitted with
   * `size` bytes, fresh until `now + ttl` (short for 404s and the live edge, Infinity for never), unless
   * it is larger than the whole cache or `ttl <= 0` (nothing fresh to keep). A hit does not refresh the
   * TTL: freshness runs from when the object was fetched, as with HTTP max-age.
   */
  get(id: number, size: number, ttl: Micros, now: Micros): boolean {
    const table = this.table;
    // Any number can be looked up (an id the table would not accept is simply absent), so the
    // argument checks wait for the miss path and a hit costs none.
    const slot = table.lookup(id);
    this.lastId = id;
    this.lastNow = now;
    if (slot !== NONE && table.expiryOf(slot) > now) {
      this.hits++;
      this.hitBytes += size;
      this.policy.hit(slot);
      return true;
    }
    this.miss(id, size, ttl, now, slot);
    return false;
  }

  /**
   * The rest of {@link get} on a miss. Apart so that `get` itself stays small in bytecode: V8 inlines
   * by a bytecode budget, taking the most frequent calls first, and with the miss path in `get` it spent
   * that budget on admission and left the policy's `hit` a call.
   */
  private miss(id: number, size: number, ttl: Micros, now: Micros, slot: number): void {
    // Checked before anything changes, so a bad argument leaves the cache as it was.
    if (!(validObject(size, ttl) && this.table.accepts(id))) {
      this.lastId = -1;
      throw objectError('Cache.get', id, size, ttl);
    }
    if (slot !== NONE) {
      this.expired++;
      this.drop(slot);
    }
    this.misses++;
    this.missBytes += size;
    this.admit(id, size, ttl, now);
  }

  /**
   * Stores `id` without a request (a push from origin, a prefetch): no hit or miss is counted. A copy
   * already held is replaced, as a new arrival. Returns whether the object was admitted (see `get`).
   */
  insert(id: number, size: number, ttl: Micros, now: Micros): boolean {
    if (!validObject(size, ttl) || !this.table.accepts(id)) throw objectError('Cache.insert', id, size, ttl);
    this.lastId = id;
    this.lastNow = now;
    const slot = this.table.lookup(id);
    if (slot !== NONE) this.drop(slot);
    return this.admit(id, size, ttl, now);
  }

  /** Purges `id`; returns whether it was held. */
  remove(id: number): boolean {
    const slot = this.table.lookup(id);
    if (slot === NONE) return false;
    this.drop(slot);
    return true;
  }

  /** Whether a fresh copy of `id` is held at `now`; touches no counter and no policy state. */
  contains(id: number, now: Micros): boolean {
    const slot = this.table.lookup(id);
    return slot !== NONE && this.table.expiryOf(slot) > now;
  }

  /** Every object held, by id (allocates: for tests and diagnostics). */
  entries(): CacheEntry[] {
    const t = this.table;
    return t
      .liveSlots()
      .map((s) => ({ id: t.idOf(s), size: t.sizeOf(s), expiry: t.expiryOf(s) }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Throws unless the table is consistent, the policy tracks exactly its objects, the bytes held are
   * within capacity, and the object last asked for (by `get` or `insert`) is not held stale.
   */
  checkInvariants(): void {
    this.table.checkInvariants();
    this.policy.checkInvariants();
    if (this.table.bytes > this.capacity) {
      throw new Error(`Cache invariant: ${this.table.bytes} bytes held, capacity ${this.capacity}`);
    }
    if (this.hits + this.misses < this.expired) throw new Error('Cache invariant: more expired than requests');
    const slot = this.lastId >= 0 ? this.table.lookup(this.lastId) : NONE;
    if (slot !== NONE && !(this.table.expiryOf(slot) > this.lastNow)) {
      throw new Error(`Cache invariant: id ${this.lastId} held expired after access at ${this.lastNow}`);
    }
  }

  /** Admits a new object, evicting until it fits; false when it cannot be kept at all. */
  private admit(id: number, size: number, ttl: Micros, now: Micros): boolean {
    if (!(ttl > 0) || size > this.capacity) return false;
    const table = this.table;
    const policy = this.policy;
    if (table.bytes + size > this.capacity) {
      // The object takes the slot of the victim that makes room for it, where release and add would
      // have put it (freed slots are reused last first), in one table call instead of two: on the
      // common miss of a full cache, one eviction, that is one call fewer and no free-list round trip.
      for (;;) {
        const victim = policy.evict();
        this.evictions++;
        if (table.bytes - table.sizeOf(victim) + size <= this.capacity) {
          table.replace(victim, id, size);
          table.setExpiry(victim, now + ttl);
          policy.insert(victim);
          return true;
        }
        table.release(victim);
      }
    }
    if (table.full) policy.grow(table.grow());
    policy.insert(table.add(id, size, now + ttl));
    return true;
  }

  /** Removes the object in `slot` from policy and table. */
  private drop(slot: number): void {
    this.policy.remove(slot);
    this.table.release(slot);
  }
}

/** A size is a non-negative number; a ttl is any number (Infinity for never, <= 0 for "do not keep"). */
function validObject(size: number, ttl: Micros): boolean {
  return size >= 0 && typeof ttl === 'number' && !Number.isNaN(ttl);
}

function objectError(where: string, id: number, size: number, ttl: Micros): Error {
  if (!(size >= 0)) return new Error(`${where}: size must be a non-negative number, got ${size}`);
  if (!validObject(size, ttl)) return new Error(`${where}: ttl must be a number, got ${ttl}`);
  return new Error(`${where}: id must be a non-negative safe integer (below idLimit, if set), got ${id}`);
}
