import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { arrivalCurves } from '../../../models/audience/curves/registry.ts';
import { calibrateSession, concurrencyOf, joinsPerBin, maxPeak } from '../../../models/audience/forecast.ts';
import { MIN, SEC } from '../../../models/time.ts';

const p = { start: 30 * MIN, length: 120 * MIN, spread: 10 * MIN, preShow: 30 * MIN, lateJoiners: 0.15 };
const bins = 150 * 60;

for (const name of Object.keys(arrivalCurves) as Array<keyof typeof arrivalCurves>) {
  test(`${name}: joins sum to the unique viewers`, () => {
    const joins = joinsPerBin(arrivalCurves[name](p), bins, SEC, 108e6);
    assert.ok(Math.abs(joins.reduce((a, b) => a + b, 0) - 108e6) < 1);
    assert.ok(joins.every((j) => j >= 0));
  });
}

test('calibration hits the peak; the peak rises with the mean session; maxPeak bounds it', () => {
  const joins = joinsPerBin(arrivalCurves['live-event'](p), bins, SEC, 108e6);
  const end = p.start + p.length;
  const m = calibrateSession(joins, SEC, end, 10 * MIN, 65e6);
  const c = concurrencyOf(joins, SEC, m, end, 10 * MIN);
  const peak = Math.max(...c);
  assert.ok(Math.abs(peak - 65e6) < 65e6 * 1e-6, String(peak));
  assert.ok(Math.max(...concurrencyOf(joins, SEC, m * 1.1, end, 10 * MIN)) > peak);
  assert.ok(maxPeak(joins, SEC, end, 10 * MIN) > 65e6);
  // With no early leavers the peak is every viewer (up to the rounding of a 9,000-term sum).
  assert.ok(maxPeak(joins, SEC, end, 10 * MIN) <= 108e6 * (1 + 1e-12));
});

test('the live-event rush peaks just after the start', () => {
  const joins = joinsPerBin(arrivalCurves['live-event'](p), bins, SEC, 1e6);
  const at = joins.indexOf(Math.max(...joins)) * SEC;
  assert.ok(at >= p.start && at <= p.start + p.spread, String(at / MIN));
});

test.run();
