import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_LADDER_KBPS, DEFAULT_SEGMENT_DURATION, ladder, measuredKbps, objectId, segmentBytes, segmentCount } from '../../../models/ingest/ladder.ts';
import { MIN, SEC } from '../../../models/time.ts';

test('the default ladder: six rungs SD to 4K, lowest first, 2-second segments', () => {
  assert.equal([...DEFAULT_LADDER_KBPS], [800, 1800, 3500, 6000, 10000, 16000]);
  assert.is(DEFAULT_SEGMENT_DURATION, 2 * SEC);
});

test('segment bytes = kbps·1000/8·D(s)', () => {
  assert.equal(DEFAULT_LADDER_KBPS.map((k) => segmentBytes(k)), [200_000, 450_000, 875_000, 1_500_000, 2_500_000, 4_000_000]);
  assert.is(segmentBytes(800, 4 * SEC), 400_000);
});

test('object ids are dense: n·R + r', () => {
  assert.is(objectId(0, 0, 6), 0);
  assert.is(objectId(0, 5, 6), 5);
  assert.is(objectId(1, 0, 6), 6);
  assert.is(objectId(89, 5, 6), 539);
});

test('segment count rounds a partial last segment up', () => {
  assert.is(segmentCount(3 * MIN), 90);
  assert.is(segmentCount(3 * MIN + 1), 91);
});

test('the ladder as the ABR rules read it, and measured throughput', () => {
  assert.equal([...ladder()], [800, 1800, 3500, 6000, 10000, 16000]);
  // A 2 s segment at 3500 kbps fetched in 1 s measured 7000 kbps.
  assert.equal(measuredKbps(3500, 2 * SEC, SEC), 7000);
  assert.equal(measuredKbps(3500, 2 * SEC, 0), Infinity);
});

test.run();
