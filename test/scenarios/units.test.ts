import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, parseBandwidth, parseCount, parseDuration, parseFraction, parseRate, parseSize } from '../../scenarios/units.ts';

const ok = (r: { ok: boolean; value?: number }) => (r.ok ? r.value : undefined);

test('durations are exact integer microseconds', () => {
  assert.is(ok(parseDuration('2h')), 7_200_000_000);
  assert.is(ok(parseDuration('90s')), 90_000_000);
  assert.is(ok(parseDuration('1h30m')), 5_400_000_000);
  assert.is(ok(parseDuration('2h 30m')), 9_000_000_000);
  assert.is(ok(parseDuration('250ms')), 250_000);
  assert.is(ok(parseDuration('1.5s')), 1_500_000);
  assert.is(ok(parseDuration('0s')), 0);
});

test('a duration without a unit is an error naming what is expected', () => {
  for (const bad of ['10', 10, '10 parsecs', '', 's', '1h30']) {
    const r = parseDuration(bad);
    assert.is(r.ok, false, String(bad));
    if (!r.ok) assert.match(r.expected, /"90s"/);
  }
});

test('rates, sizes, bandwidths, counts, fractions', () => {
  assert.is(ok(parseRate('900/s')), 900);
  assert.is(ok(parseRate('100k/s')), 100_000);
  assert.is(ok(parseRate('30/min')), 0.5);
  assert.is(ok(parseSize('500KB')), 500_000);
  assert.is(ok(parseSize('2MiB')), 2 * 1024 * 1024);
  assert.is(ok(parseBandwidth('10Gbps')), 1e10);
  assert.is(ok(parseBandwidth('800kbps')), 800_000);
  assert.is(parseBandwidth('10GB').ok, false);
  assert.is(ok(parseCount('65M')), 65_000_000);
  assert.is(ok(parseCount('2.5k')), 2500);
  assert.is(ok(parseCount(1200)), 1200);
  assert.is(ok(parseFraction('5%')), 0.05);
  assert.is(parseFraction(1.5).ok, false);
});

test('formatDuration reads back', () => {
  for (const s of ['2h', '1h30m', '90s', '250ms', '1.5s']) {
    const us = ok(parseDuration(s))!;
    assert.is(ok(parseDuration(formatDuration(us))), us, s);
  }
});

test.run();
