/**
 * The interface every eviction policy implements, after libCacheSim's `cache_t` hooks. The shared
 * request path (lookup, expiry, admission, evicting until the object fits) is written once, in
 * `cache.ts`; a policy only keeps the order it evicts in.
 *
 * Policies work on slots of the {@link ObjectTable}, never on ids, and keep their state in typed arrays
 * indexed by slot, so no call allocates. A list policy threads its list through the two link words each
 * slot record keeps for it (`SlotList`), so a hit finds the object and its links on one cache line.
 */
import type { ObjectTable } from './object-table.ts';

/** An eviction policy bound to one cache's {@link ObjectTable}. */
export interface CachePolicy {
  /**
   * A request found the fresh object in `slot`: update recency or frequency. libCacheSim's
   * `find(req, update_cache = true)` less the table lookup, which the cache does for every policy.
   */
  hit(slot: number): void;
  /** The cache has just stored a new object in `slot`: start tracking it. */
  insert(slot: number): void;
  /**
   * Choose a victim, stop tracking it and return its slot; the cache then frees it, or stores the new
   * object in that slot and calls {@link insert} with it. Only called when non-empty.
   */
  evict(): number;
  /** Stop tracking the object in `slot` (expired, replaced or purged); the cache then frees it. */
  remove(slot: number): void;
  /** The table now has `slots` slots: enlarge per-slot arrays, keeping every entry where it is. */
  grow(slots: number): void;
  /** Throws unless the policy's structures track exactly the table's live slots, consistently. */
  checkInvariants(): void;
}

/** Builds a policy over a table; the registry maps names to these. */
export type CachePolicyFactory = (table: ObjectTable) => CachePolicy;
