/** Axis and readout formats. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fmtCell, fmtClock, fmtDuration, fmtNumber, fmtValue, timeTicks } from '../../../viz/page/format.ts';

test('numbers: SI from 1000 up, never milli', () => {
  assert.is(fmtNumber(65_000_000), '65M');
  assert.is(fmtNumber(1250), '1.25k');
  assert.is(fmtNumber(12.5), '12.5');
  assert.is(fmtNumber(0.5), '0.5');
  assert.is(fmtNumber(0.0031), '0.0031');
  assert.is(fmtNumber(0), '0');
  assert.is(fmtNumber(NaN), '–');
  assert.is(fmtValue(0.975, 'ratio'), '97.5%');
  assert.is(fmtCell(1234567), '1,234,567');
  assert.is(fmtCell(0.95741), '0.9574');
  assert.is(fmtCell(null), '–');
});

test('time: clock readings, durations, round ticks', () => {
  assert.is(fmtClock(3905, false), '1:05:05');
  assert.is(fmtClock(305, false), '5:05');
  assert.is(fmtClock(305, true), '0:05:05');
  assert.is(fmtClock(1.5, false), '0:01.5');
  assert.is(fmtDuration(7200), '2h 0m');
  assert.is(fmtDuration(120), '2m 0s');
  assert.equal(timeTicks(0, 7200, 10), [0, 900, 1800, 2700, 3600, 4500, 5400, 6300, 7200]);
  assert.equal(timeTicks(95, 130, 4), [100, 110, 120, 130]);
});

test.run();
