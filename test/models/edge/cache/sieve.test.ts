import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Cache } from '../../../../models/edge/cache/cache.ts';
import { sieve } from '../../../../models/edge/cache/sieve.ts';
import { BELADY_TRACE, checkAgainstReference, missesOn } from './_model-check.ts';

test('matches the reference SIEVE on random commands (byte capacity)', () => {
  checkAgainstReference('sieve', { runs: 1000, unitSizes: false });
});

test('matches the reference SIEVE on random commands (object count capacity)', () => {
  checkAgainstReference('sieve', { runs: 1000, unitSizes: true });
});

test('matches the reference SIEVE on random commands (direct id index)', () => {
  checkAgainstReference('sieve', { runs: 1000, unitSizes: false, direct: true });
});

// By hand, room for 3 (head first, * = visited, ^ = hand): 1 2 3 miss; 4 evicts 1 -> 4 3 2^;
// 1 evicts 2 -> 1 4 3^; 2 evicts 3 -> 2 1 4^; 5 evicts 4 -> 5 2 1^; 1, 2 hit -> 5 2* 1*^;
// 3 clears 1 and 2, evicts 5, hand wraps -> 3 2 1; 4 evicts 1 -> 4 3 2^; 5 evicts 2. Misses: 10.
// Room for 4: 1-4 miss; 1, 2 hit; 5 clears 1 and 2, evicts 3 -> 5 4^ 2 1; 1, 2 hit; 3 evicts 4
// -> 3 5^ 2* 1*; 4 evicts 5 -> 4 3^ 2* 1*; 5 evicts 3. Misses: 8.
test('misses on 1,2,3,4,1,2,5,1,2,3,4,5: 10 with room for 3, 8 with room for 4', () => {
  assert.is(missesOn('sieve', 3, BELADY_TRACE), 10);
  assert.is(missesOn('sieve', 4, BELADY_TRACE), 8);
});

test('a visited object survives one sweep of the hand; an unvisited newcomer does not', () => {
  const cache = new Cache(sieve, { capacity: 3 });
  for (const id of [1, 2, 3]) cache.get(id, 1, Infinity, id);
  assert.ok(cache.get(1, 1, Infinity, 4)); // 1 (the tail) is visited
  cache.get(4, 1, Infinity, 5); // hand clears 1, evicts 2
  assert.equal(cache.entries().map((e) => e.id), [1, 3, 4]);
  cache.get(5, 1, Infinity, 6); // hand moved on from 2 to 3: evicts 3, not 1
  assert.equal(cache.entries().map((e) => e.id), [1, 4, 5]);
  cache.get(6, 1, Infinity, 7); // hand goes on towards the head, evicting 4; 1 waits at the tail
  assert.equal(cache.entries().map((e) => e.id), [1, 5, 6]);
});

test('an object that takes over a freed slot starts unvisited', () => {
  const cache = new Cache(sieve, { capacity: 2 });
  cache.get(1, 1, Infinity, 0);
  assert.ok(cache.get(1, 1, Infinity, 1)); // 1 is visited
  assert.ok(cache.remove(1)); // its slot is freed with the bit set
  cache.get(2, 1, Infinity, 2); // reuses the slot
  cache.get(3, 1, Infinity, 3);
  cache.get(4, 1, Infinity, 4); // 2 was never asked for again: it goes, not 3
  assert.equal(cache.entries().map((e) => e.id), [3, 4]);
});

test.run();
