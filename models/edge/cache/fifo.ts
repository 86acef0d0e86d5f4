/**
 * First in, first out: objects leave in the order they arrived, whatever their hits. Cheapest of all
 * (a hit touches nothing), and the classic example of Belady's anomaly: more capacity can mean more
 * misses.
 */
import type { CachePolicyFactory } from './policy.ts';
import { ListPolicy } from './_internals/list-policy.ts';

class Fifo extends ListPolicy {
  hit(_slot: number): void {}
}

/** Creates a FIFO policy over `table`. */
export const fifo: CachePolicyFactory = (table) => new Fifo(table, 'fifo');
