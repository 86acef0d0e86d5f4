import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { durationQuantile, normalQuantile, quantileSampler } from '../../../../sim/build/push/quantile-sampler.ts';
import { FastUniform } from '../../../../sim/build/push/fast-uniform.ts';
import { durationSampler } from '../../../../sim/build/samplers.ts';
import { createStreams } from '../../../../sim/rng.ts';
import type { DurationDist } from '../../../../scenarios/schema/common.ts';

test('normal quantile: known values', () => {
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-9);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306) < 1e-8);
  assert.ok(Math.abs(normalQuantile(1e-9) + 5.997807015) < 1e-7);
});

/** Two-sample Kolmogorov–Smirnov statistic. */
function ks(a: Float64Array, b: Float64Array): number {
  a.sort();
  b.sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! <= b[j]!) i++;
    else j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

for (const spec of [
  { dist: 'lognormal', mean: 80_000, cv: 1 },
  { dist: 'exponential', mean: 50_000 },
  { dist: 'uniform', min: 10_000, max: 30_000 },
] as DurationDist[]) {
  test(`table inversion draws the same ${spec.dist} as the direct sampler`, () => {
    const rngs = createStreams(3);
    const n = 200_000;
    const table = quantileSampler(spec, new FastUniform(rngs.stream('a')));
    const direct = durationSampler(spec, rngs.stream('b'));
    const x = new Float64Array(n).map(() => table());
    const y = new Float64Array(n).map(() => direct());
    // Critical value at alpha = 0.001 for two samples of 200k: 1.95 * sqrt(2 / n) = 0.0062.
    const d = ks(x, y);
    assert.ok(d < 0.0062, `KS ${d}`);
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const want = spec.dist === 'uniform' ? 20_000 : spec.dist === 'constant' ? spec.value : spec.mean;
    assert.ok(Math.abs(mean / want - 1) < 0.02, `mean ${mean}`);
  });
}

test('quantile functions', () => {
  assert.is(durationQuantile({ dist: 'constant', value: 7 })(0.3), 7);
  assert.ok(Math.abs(durationQuantile({ dist: 'exponential', mean: 10 })(1 - Math.exp(-1)) - 10) < 1e-9);
  const median = durationQuantile({ dist: 'lognormal', mean: 80, cv: 1 })(0.5);
  assert.ok(Math.abs(median - 80 / Math.sqrt(2)) < 1e-6, String(median));
});

test.run();
