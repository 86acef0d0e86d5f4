/** The bare LRU is the yardstick `bench cache` divides by, so it must be an exact LRU: it hits when the oracle does. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { bareLruRun } from '../../../sim/bench/bare-lru.ts';
import { ReferenceCache } from '../../models/edge/cache/_reference.ts';

/** Hits of the plain-array oracle LRU on `trace`, unit sizes, nothing expiring. */
function oracleHits(trace: Int32Array, capacity: number): number {
  const ref = new ReferenceCache('lru', capacity);
  for (let i = 0; i < trace.length; i++) ref.get(trace[i]!, 1, Infinity, i);
  return ref.hits;
}

test('hits exactly as often as the oracle LRU on random traces, capacity 1 up to past the catalogue', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 15 }), fc.array(fc.nat(), { maxLength: 300 }), (objects, capacity, raw) => {
      const trace = Int32Array.from(raw, (x) => 1 + (x % objects));
      assert.is(bareLruRun(trace, objects, capacity).hits, oracleHits(trace, capacity));
    }),
    { numRuns: 500 },
  );
});

test('a cache the size of the catalogue misses each object once', () => {
  const trace = Int32Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7) % 50));
  assert.is(bareLruRun(trace, 50, 50).hits, 1000 - 50);
  // One slot short of the cyclic working set: LRU's worst case, every request misses.
  const cycle = Int32Array.from({ length: 1000 }, (_, i) => 1 + (i % 50));
  assert.is(bareLruRun(cycle, 50, 49).hits, 0);
});

test.run();
