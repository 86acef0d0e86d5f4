/**
 * Least recently used: a hit moves the object to the head of the list and the victim is the tail.
 * The baseline every edge cache is compared with, and the policy of the benchmark.
 */
import type { CachePolicyFactory } from './policy.ts';
import { ListPolicy } from './_internals/list-policy.ts';

class Lru extends ListPolicy {
  hit(slot: number): void {
    this.list.moveToHead(slot);
  }
}

/** Creates an LRU policy over `table`. */
export const lru: CachePolicyFactory = (table) => new Lru(table, 'lru');
