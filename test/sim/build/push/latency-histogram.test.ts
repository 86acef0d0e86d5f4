import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LatencyHistogram } from '../../../../sim/build/push/latency-histogram.ts';

test('quantiles over millisecond bins, across histograms', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  for (let ms = 0; ms < 100; ms++) a.record(ms + 0.3);
  for (let ms = 100; ms < 200; ms++) b.record(ms + 0.7);
  assert.is(LatencyHistogram.quantile([a, b], 0.5), 99.5);
  assert.is(LatencyHistogram.quantile([a], 0.99), 98.5);
  assert.is(LatencyHistogram.quantile([a, b], 1), 199.5);
});

test('long latencies go to the overflow and still rank', () => {
  const h = new LatencyHistogram();
  for (let i = 0; i < 98; i++) h.record(10);
  h.record(500_000);
  h.record(600_000);
  assert.is(h.count, 100);
  assert.is(LatencyHistogram.quantile([h], 0.5), 10.5);
  const top = LatencyHistogram.quantile([h], 1);
  assert.ok(Math.abs(top / 600_000 - 1) < 0.01, String(top));
});

test('empty is NaN', () => {
  assert.ok(Number.isNaN(LatencyHistogram.quantile([new LatencyHistogram()], 0.5)));
});

test.run();
