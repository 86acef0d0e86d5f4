import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Cache } from '../../../../models/edge/cache/cache.ts';
import { cachePolicies, cachePolicyNames } from '../../../../models/edge/cache/registry.ts';
import { SEC } from '../../../../models/time.ts';

const lru = cachePolicies.lru;

test('TTL: a hit before expiry, a miss from the expiry instant on (for every policy)', () => {
  for (const name of cachePolicyNames) {
    const cache = new Cache(cachePolicies[name], { capacity: 10 });
    assert.is(cache.get(7, 1, 2 * SEC, 0), false, name);
    assert.is(cache.get(7, 1, 2 * SEC, 2 * SEC - 1), true, `${name}: 1 µs before expiry`);
    assert.is(cache.get(7, 1, 2 * SEC, 2 * SEC), false, `${name}: at expiry`);
    assert.is(cache.expired, 1, name);
    assert.is(cache.misses, 2, name);
    // The miss fetched it again: fresh for another 2 s.
    assert.is(cache.get(7, 1, 2 * SEC, 4 * SEC - 1), true, name);
    cache.checkInvariants();
  }
});

test('TTL: a hit does not extend freshness (it runs from the fetch, like max-age)', () => {
  const cache = new Cache(lru, { capacity: 10 });
  cache.get(1, 1, 100, 0);
  for (let t = 10; t < 100; t += 10) assert.ok(cache.get(1, 1, 100, t));
  assert.is(cache.get(1, 1, 100, 100), false);
});

test('TTL: short-lived 404s and live-edge objects expire while long-lived segments stay', () => {
  const cache = new Cache(lru, { capacity: 100 });
  cache.get(1, 1, 500_000, 0); // a 404 cached for 0.5 s
  cache.get(2, 1, 2 * SEC, 0); // the live edge, one segment
  cache.get(3, 1, Infinity, 0); // a past segment, kept for catch-up
  const at = 3 * SEC;
  assert.equal([1, 2, 3].map((id) => cache.contains(id, at)), [false, false, true]);
  assert.ok(cache.get(3, 1, Infinity, at));
  assert.is(cache.get(1, 1, 500_000, at), false);
  assert.is(cache.expired, 1);
});

test('an expired object is removed when asked for, even when it cannot be admitted again', () => {
  const cache = new Cache(lru, { capacity: 10 });
  cache.get(1, 4, 10, 0);
  assert.is(cache.objects, 1);
  assert.is(cache.get(1, 11, 10, 10), false); // the new copy is larger than the cache
  assert.is(cache.objects, 0);
  assert.is(cache.bytes, 0);
  assert.is(cache.expired, 1);
  cache.checkInvariants();
});

test('expiry is lazy: an expired object nobody asks for keeps its bytes until evicted', () => {
  const cache = new Cache(lru, { capacity: 2 });
  cache.get(1, 1, 5, 0);
  cache.get(2, 1, Infinity, 1);
  assert.is(cache.contains(1, 100), false);
  assert.is(cache.objects, 2);
  cache.get(3, 1, Infinity, 100); // evicts 1, the LRU object, counted as an eviction
  assert.is(cache.evictions, 1);
  assert.is(cache.expired, 0);
});

test('ttl <= 0 and objects larger than the cache are not admitted, and evict nothing', () => {
  const cache = new Cache(lru, { capacity: 10 });
  cache.get(1, 5, Infinity, 0);
  assert.is(cache.get(2, 1, 0, 1), false);
  assert.is(cache.get(2, 1, 0, 1), false);
  assert.is(cache.get(3, 11, Infinity, 1), false);
  assert.is(cache.insert(4, 1, -1, 1), false);
  assert.equal(cache.entries(), [{ id: 1, size: 5, expiry: Infinity }]);
  assert.is(cache.evictions, 0);
  assert.is(cache.misses, 4);
});

test('byte capacity: a large object evicts as many as it needs, oldest first', () => {
  const cache = new Cache(lru, { capacity: 10 });
  for (const id of [1, 2, 3, 4, 5]) cache.get(id, 2, Infinity, id);
  assert.is(cache.bytes, 10);
  cache.get(6, 5, Infinity, 6);
  assert.equal(cache.entries().map((e) => e.id), [4, 5, 6]);
  assert.is(cache.evictions, 3);
  assert.is(cache.bytes, 9);
  assert.is(cache.get(7, 10, Infinity, 7), false);
  assert.equal(cache.entries().map((e) => e.id), [7]);
  cache.checkInvariants();
});

test('counters: hits, misses, bytes hit and missed, objects and bytes held', () => {
  const cache = new Cache(lru, { capacity: 100 });
  cache.get(1, 30, Infinity, 0);
  cache.get(2, 20, Infinity, 0);
  cache.get(1, 30, Infinity, 1);
  cache.get(1, 30, Infinity, 2);
  assert.equal(
    { hits: cache.hits, misses: cache.misses, hitBytes: cache.hitBytes, missBytes: cache.missBytes },
    { hits: 2, misses: 2, hitBytes: 60, missBytes: 50 },
  );
  assert.is(cache.objects, 2);
  assert.is(cache.bytes, 50);
});

test('insert replaces a held copy as a new arrival and counts no request; remove purges', () => {
  const cache = new Cache(cachePolicies.fifo, { capacity: 3 });
  cache.get(1, 1, 10, 0);
  cache.get(2, 1, 10, 0);
  assert.ok(cache.insert(1, 2, 50, 5)); // 1 is now the newest, size 2, fresh until 55
  assert.equal(cache.entries(), [
    { id: 1, size: 2, expiry: 55 },
    { id: 2, size: 1, expiry: 10 },
  ]);
  assert.is(cache.hits + cache.misses, 2);
  cache.get(3, 1, 10, 6); // full: evicts 2, the oldest arrival, not 1
  assert.equal(cache.entries().map((e) => e.id), [1, 3]);
  assert.is(cache.remove(1), true);
  assert.is(cache.remove(1), false);
  assert.is(cache.evictions, 1, 'purges are not evictions');
  cache.checkInvariants();
});

test('contains touches neither counters nor recency', () => {
  const cache = new Cache(lru, { capacity: 2 });
  cache.get(1, 1, Infinity, 0);
  cache.get(2, 1, Infinity, 1);
  assert.ok(cache.contains(1, 2));
  cache.get(3, 1, Infinity, 3); // 1 is still the least recently used
  assert.equal(cache.entries().map((e) => e.id), [2, 3]);
  assert.is(cache.hits, 0);
});

test('ids up to 2^53 − 1, including two whose 32-bit hashes are equal', () => {
  const ids = [0, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 0x85ebca6b, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER];
  const cache = new Cache(lru, { capacity: ids.length, initialObjects: 1 });
  for (const id of ids) assert.is(cache.get(id, 1, Infinity, 0), false, String(id));
  for (const id of ids) assert.is(cache.get(id, 1, Infinity, 1), true, String(id));
  assert.ok(cache.remove(2 ** 32));
  assert.ok(cache.contains(0x85ebca6b, 2));
  cache.checkInvariants();
});

test('a direct id index behaves as the hash table does, and rejects ids at or above its limit', () => {
  const hashed = new Cache(lru, { capacity: 50 });
  const direct = new Cache(lru, { capacity: 50, idLimit: 200, initialObjects: 1 });
  for (let t = 0; t < 2000; t++) {
    const id = (t * 37) % 199;
    assert.is(direct.get(id, 1 + (t % 3), 100 + (t % 50), t), hashed.get(id, 1 + (t % 3), 100 + (t % 50), t));
  }
  direct.checkInvariants();
  assert.equal(direct.entries(), hashed.entries());
  assert.equal([direct.hits, direct.evictions, direct.expired], [hashed.hits, hashed.evictions, hashed.expired]);
  assert.throws(() => direct.get(200, 1, 10, 0), /id.*got 200/);
  assert.throws(() => direct.insert(2 ** 40, 1, 10, 0), /id/);
  assert.is(direct.contains(200, 0), false);
  assert.is(direct.remove(5000), false);
  assert.is(direct.misses, hashed.misses, 'rejected requests are not counted');
});

test('fractional ids are rejected, hashed or direct', () => {
  for (const idLimit of [undefined, 10]) {
    const cache = new Cache(lru, { capacity: 10, ...(idLimit ? { idLimit } : {}) });
    assert.throws(() => cache.get(1.5, 1, 10, 0), /id.*1\.5/);
    assert.is(cache.misses, 0);
  }
});

test('slots grow from one to thousands with every object kept', () => {
  const cache = new Cache(lru, { capacity: 5000, initialObjects: 1 });
  for (let id = 0; id < 5000; id++) cache.get(id * 7919, 1, Infinity, id);
  cache.checkInvariants();
  assert.is(cache.objects, 5000);
  for (let id = 0; id < 5000; id++) assert.ok(cache.contains(id * 7919, 0));
  cache.get(1, 1, Infinity, 5000);
  assert.is(cache.evictions, 1);
  assert.is(cache.contains(0, 0), false);
});

test('bad capacity, ids, sizes and ttls are rejected with the value in the message', () => {
  assert.throws(() => new Cache(lru, { capacity: 0 }), /capacity.*got 0/);
  assert.throws(() => new Cache(lru, { capacity: Infinity }), /capacity/);
  assert.throws(() => new Cache(lru, { capacity: 10, initialObjects: 0.5 }), /initialObjects.*0\.5/);
  const cache = new Cache(lru, { capacity: 10 });
  assert.throws(() => cache.get(-1, 1, 1, 0), /id.*-1/);
  assert.throws(() => cache.get(NaN, 1, 1, 0), /id.*NaN/);
  assert.throws(() => cache.get(1, NaN, 1, 0), /size.*NaN/);
  assert.throws(() => cache.get(1, 1, NaN, 0), /ttl.*NaN/);
  assert.throws(() => cache.insert(-3, 1, 1, 0), /id.*-3/);
  assert.throws(() => cache.insert(3, -1, 1, 0), /size.*-1/);
  cache.checkInvariants();
  assert.equal([cache.objects, cache.hits, cache.misses, cache.missBytes], [0, 0, 0, 0]);
  // An expired copy is left alone by a bad request, not half-removed.
  cache.get(5, 1, 10, 0);
  assert.throws(() => cache.get(5, NaN, 10, 20), /size/);
  assert.equal([cache.objects, cache.expired, cache.misses], [1, 0, 1]);
  cache.checkInvariants();
});

test('checkInvariants reports a corrupted structure', () => {
  const cache = new Cache(lru, { capacity: 10 });
  cache.get(1, 1, Infinity, 0);
  cache.get(2, 1, Infinity, 0);
  // Reach in as a bug would: the table's byte total drifts from its objects.
  (cache as unknown as { table: { bytes: number } }).table.bytes = 7;
  assert.throws(() => cache.checkInvariants(), /bytes 7/);
});

test.run();
