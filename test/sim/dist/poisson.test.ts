import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createStreams } from '../../../sim/rng.ts';
import { poisson } from '../../../sim/dist/poisson.ts';
import { logFactorial } from '../../../sim/dist/_internals/log-factorial.ts';
import { assertMoments, assertPmf, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/poisson');
const pmf = (mean: number) => (k: number) => Math.exp(-mean + k * Math.log(mean) - logFactorial(k));

test('first draws are pinned, by inversion (mean 3) and by PTRS (mean 30, 1e5)', () => {
  const draw = poisson(createStreams('pin').stream('poisson'));
  assert.equal(Array.from({ length: 8 }, () => draw(3)), [6, 3, 2, 6, 4, 5, 4, 2]);
  assert.equal(Array.from({ length: 8 }, () => draw(30)), [33, 28, 34, 37, 31, 33, 40, 39]);
  assert.equal(Array.from({ length: 5 }, () => draw(1e5)), [100130, 99963, 99736, 100703, 99841]);
});

for (const mean of [3, 30, 1e5, 1e12]) {
  test(`mean ${mean}: mean and variance both equal the mean`, () => {
    const draw = poisson(streams.stream(`moments/${mean}`));
    assertMoments(() => draw(mean), 200_000, mean, mean, `poisson(${mean})`);
  });
}

for (const mean of [0.5, 3, 9.99, 10, 30]) {
  test(`mean ${mean}: empirical pmf matches the exact pmf (chi-square)`, () => {
    const draw = poisson(streams.stream(`pmf/${mean}`));
    const hi = Math.ceil(mean + 10 * Math.sqrt(mean) + 10);
    assertPmf(() => draw(mean), 200_000, pmf(mean), 0, hi, `poisson(${mean})`);
  });
}

test('a changing mean is honoured on every draw (the per-mean cache is keyed correctly)', () => {
  const draw = poisson(streams.stream('alternating'));
  const n = 100_000;
  let sumLow = 0;
  let sumHigh = 0;
  for (let i = 0; i < n; i++) {
    sumLow += draw(2);
    sumHigh += draw(200);
  }
  assert.ok(Math.abs(sumLow / n - 2) <= 5 * Math.sqrt(2 / n), `mean at 2: ${sumLow / n}`);
  assert.ok(Math.abs(sumHigh / n - 200) <= 5 * Math.sqrt(200 / n), `mean at 200: ${sumHigh / n}`);
});

test('mean 0 gives 0', () => {
  assert.is(poisson(streams.stream('zero'))(0), 0);
});

test('property: a non-negative integer for any mean in [0, 1e9]', () => {
  const draw = poisson(streams.stream('property'));
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (mean) => {
      const k = draw(mean);
      return Number.isInteger(k) && k >= 0 && Math.abs(k - mean) <= 10 * Math.sqrt(mean) + 20;
    }),
    { seed: 1, numRuns: 2000 },
  );
});

test('rejects a negative, NaN or infinite mean', () => {
  const draw = poisson(streams.stream('errors'));
  assertThrowsWith(() => draw(-1), 'poisson: mean must be a non-negative finite number, got -1');
  assertThrowsWith(() => draw(NaN), 'got NaN');
  assertThrowsWith(() => draw(Infinity), 'got Infinity');
});

test.run();
