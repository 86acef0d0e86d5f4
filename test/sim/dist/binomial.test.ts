import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createStreams } from '../../../sim/rng.ts';
import { binomial } from '../../../sim/dist/binomial.ts';
import { logFactorial } from '../../../sim/dist/_internals/log-factorial.ts';
import { assertMoments, assertPmf, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/binomial');
const pmf = (n: number, p: number) => (k: number) => {
  const logChoose = logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
};

test('first draws are pinned, by inversion and by BTRS, and by symmetry for p > ½', () => {
  const draw = binomial(createStreams('pin').stream('binomial'));
  assert.equal(Array.from({ length: 8 }, () => draw(20, 0.3)), [7, 6, 6, 4, 7, 3, 7, 5]);
  assert.equal(Array.from({ length: 5 }, () => draw(5e6, 0.01)), [49916, 50016, 50149, 49989, 50059]);
  assert.equal(Array.from({ length: 5 }, () => draw(5e6, 0.5)), [
    2500096, 2501087, 2500768, 2498882, 2499492,
  ]);
  assert.equal(Array.from({ length: 5 }, () => draw(1000, 0.99)), [992, 995, 988, 992, 993]);
});

test('n = 20, p = 0.3: empirical pmf matches the exact pmf', () => {
  const draw = binomial(streams.stream('small'));
  const n = 200_000;
  const counts = new Float64Array(21);
  for (let i = 0; i < n; i++) counts[draw(20, 0.3)]++;
  const exact = pmf(20, 0.3);
  let maxDiff = 0;
  for (let k = 0; k <= 20; k++) maxDiff = Math.max(maxDiff, Math.abs(counts[k] / n - exact(k)));
  // The largest pmf term is 0.19, so each frequency has standard error at most sqrt(0.19·0.81/n).
  assert.ok(maxDiff <= 5 * Math.sqrt((0.19 * 0.81) / n), `max |empirical − exact| = ${maxDiff}`);
  assertPmf(() => draw(20, 0.3), 200_000, exact, 0, 20, 'binomial(20, 0.3)');
});

// Around the switch from inversion to BTRS at n·p = 10, and just above it.
for (const [n, p] of [[33, 0.3], [40, 0.25], [41, 0.25], [100, 0.3], [300, 0.1], [1000, 0.98]] as const) {
  const mean = +(n * Math.min(p, 1 - p)).toFixed(2);
  test(`n = ${n}, p = ${p} (n·min(p, 1−p) = ${mean}): pmf matches (chi-square)`, () => {
    const draw = binomial(streams.stream(`switch/${n}/${p}`));
    assertPmf(() => draw(n, p), 200_000, pmf(n, p), 0, n, `binomial(${n}, ${p})`);
  });
}

for (const [n, p] of [[5e6, 0.01], [5e6, 0.5], [5e6, 0.97], [1e9, 0.3], [1e9, 2e-9]] as const) {
  test(`n = ${n}, p = ${p}: mean n·p and variance n·p·(1 − p)`, () => {
    const draw = binomial(streams.stream(`moments/${n}/${p}`));
    assertMoments(() => draw(n, p), 200_000, n * p, n * p * (1 - p), `binomial(${n}, ${p})`);
  });
}

test('a changing (n, p) is honoured on every draw (the per-parameter cache is keyed correctly)', () => {
  const draw = binomial(streams.stream('alternating'));
  const reps = 50_000;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < reps; i++) {
    a += draw(1e6, 0.2);
    b += draw(1e6, 0.7);
    c += draw(50, 0.2);
  }
  const near = (sum: number, n: number, p: number) =>
    Math.abs(sum / reps - n * p) <= 5 * Math.sqrt((n * p * (1 - p)) / reps);
  assert.ok(near(a, 1e6, 0.2), `mean at (1e6, 0.2): ${a / reps}`);
  assert.ok(near(b, 1e6, 0.7), `mean at (1e6, 0.7): ${b / reps}`);
  assert.ok(near(c, 50, 0.2), `mean at (50, 0.2): ${c / reps}`);
});

test('edges: n = 0, p = 0 and p = 1 are exact', () => {
  const draw = binomial(streams.stream('edges'));
  assert.is(draw(0, 0.5), 0);
  assert.is(draw(1e9, 0), 0);
  assert.is(draw(1e9, 1), 1e9);
  assert.is(draw(7, 1), 7);
});

test('property: an integer in [0, n] for any n in [0, 1e9] and p in [0, 1]', () => {
  const draw = binomial(streams.stream('property'));
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e9 }),
      fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 1e-12, 1 - 1e-12)),
      (n, p) => {
        const k = draw(n, p);
        return Number.isInteger(k) && k >= 0 && k <= n;
      },
    ),
    { seed: 1, numRuns: 3000 },
  );
});

test('rejects a negative, fractional or unsafe n and p outside [0, 1]', () => {
  const draw = binomial(streams.stream('errors'));
  assertThrowsWith(() => draw(-1, 0.5), 'binomial: n must be a non-negative safe integer, got -1');
  assertThrowsWith(() => draw(2.5, 0.5), 'got 2.5');
  assertThrowsWith(() => draw(2 ** 53, 0.5), 'n must be a non-negative safe integer');
  assertThrowsWith(() => draw(10, 1.5), 'binomial: p must be in [0, 1], got 1.5');
  assertThrowsWith(() => draw(10, NaN), 'got NaN');
});

test.run();
