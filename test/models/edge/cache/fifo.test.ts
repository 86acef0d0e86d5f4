import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Cache } from '../../../../models/edge/cache/cache.ts';
import { fifo } from '../../../../models/edge/cache/fifo.ts';
import { BELADY_TRACE, checkAgainstReference, missesOn } from './_model-check.ts';

test('matches the reference FIFO on random commands (byte capacity)', () => {
  checkAgainstReference('fifo', { runs: 1000, unitSizes: false });
});

test('matches the reference FIFO on random commands (object count capacity)', () => {
  checkAgainstReference('fifo', { runs: 1000, unitSizes: true });
});

test('matches the reference FIFO on random commands (direct id index)', () => {
  checkAgainstReference('fifo', { runs: 1000, unitSizes: false, direct: true });
});

test("Belady's anomaly on 1,2,3,4,1,2,5,1,2,3,4,5: 9 misses with room for 3, 10 with room for 4", () => {
  assert.is(missesOn('fifo', 3, BELADY_TRACE), 9);
  assert.is(missesOn('fifo', 4, BELADY_TRACE), 10);
});

test('a hit does not protect an object: the oldest arrival leaves first', () => {
  const cache = new Cache(fifo, { capacity: 2 });
  cache.get(1, 1, Infinity, 0);
  cache.get(2, 1, Infinity, 1);
  assert.ok(cache.get(1, 1, Infinity, 2));
  cache.get(3, 1, Infinity, 3); // evicts 1, the first in
  assert.equal(cache.entries().map((e) => e.id), [2, 3]);
});

test.run();
