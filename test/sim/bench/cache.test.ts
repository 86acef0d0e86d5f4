/** The cache bench on a small trace: its figures hang together (rates are printed, never asserted). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchCache } from '../../../sim/bench/cache.ts';

const SMALL = { objects: 20_000, requests: 200_000, capacity: 2_000, runs: 3 };

test('the cache and the bare LRU run the same trace to the same hit ratio; ofBare is the ratio of their medians', () => {
  const r = benchCache(SMALL);
  assert.equal([r.name, r.index, r.requests, r.objects, r.capacity], ['cache', 'hash', 200_000, 20_000, 2_000]);
  assert.is(r.runsRequestsPerSec.length, 3);
  assert.is(r.runsBareRequestsPerSec.length, 3);
  assert.ok(r.requestsPerSec > 0 && r.bareRequestsPerSec > 0);
  assert.is(r.requestsPerSec, [...r.runsRequestsPerSec].sort((a, b) => a - b)[1]);
  assert.ok(Math.abs(r.ofBare - r.requestsPerSec / r.bareRequestsPerSec) < 1e-3, JSON.stringify(r));
  // Zipf(0.8) with a tenth of the catalogue cached: well inside (0, 1), and the same for either index.
  assert.ok(r.hitRatio > 0.2 && r.hitRatio < 0.8, String(r.hitRatio));
  assert.is(benchCache({ ...SMALL, runs: 1, index: 'direct' }).hitRatio, r.hitRatio);
});

test.run();
