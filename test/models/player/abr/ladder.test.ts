/** The ladder arithmetic shared by delivery models. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_LADDER_KBPS, ladder, measuredKbps, segmentBytes } from '../../../../models/player/abr/ladder.ts';
import { SEC } from '../../../../models/time.ts';

test('the default ladder, SD to 4K', () => {
  assert.equal([...ladder()], [800, 1800, 3500, 6000, 10000, 16000]);
  assert.equal(DEFAULT_LADDER_KBPS.length, 6);
});

test('segment bytes = kbps * 1000 / 8 * D', () => {
  assert.equal(segmentBytes(800, 2 * SEC), 200_000);
  assert.equal(segmentBytes(16000, 2 * SEC), 4_000_000);
});

test('measured throughput: a 2 s segment at 3500 kbps fetched in 1 s measured 7000 kbps', () => {
  assert.equal(measuredKbps(3500, 2 * SEC, SEC), 7000);
  assert.equal(measuredKbps(3500, 2 * SEC, 0), Infinity);
});

test.run();
