import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createStreams } from '../../../sim/rng.ts';
import { zipf } from '../../../sim/dist/zipf.ts';
import { assertPmf, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/zipf');

/** H(n, s) = Σ k^-s for k ≤ n, summed exactly. */
function harmonic(n: number, s: number): number {
  let h = 0;
  for (let k = n; k >= 1; k--) h += k ** -s;
  return h;
}

/**
 * H(n, s) for huge n: the first 1,000 terms exactly, the rest by the midpoint rule
 * Σ_{k=a}^{n} k^-s ≈ ∫_{a−½}^{n+½} x^-s dx, whose error is below 1e-8 here.
 */
function harmonicApprox(n: number, s: number): number {
  const head = 1000;
  const [a, b] = [head + 0.5, n + 0.5];
  const tail = s === 1 ? Math.log(b / a) : (b ** (1 - s) - a ** (1 - s)) / (1 - s);
  return harmonic(head, s) + tail;
}

test('first draws are pinned', () => {
  const pin = createStreams('pin');
  assert.equal(Array.from({ length: 10 }, zipf(pin.stream('zipf'), 1000, 0.8)), [
    200, 11, 92, 71, 15, 5, 305, 441, 115, 1,
  ]);
  assert.equal(Array.from({ length: 8 }, zipf(pin.stream('zipf-1e9'), 1e9, 1)), [
    2048, 20243000, 4, 328, 12183748, 1, 403, 8677,
  ]);
});

test('n = 1000, s = 0.8: frequencies of ranks 1..10 match the exact normalised pmf', () => {
  const draw = zipf(streams.stream('ranks'), 1000, 0.8);
  const n = 400_000;
  const counts = new Float64Array(11);
  for (let i = 0; i < n; i++) {
    const k = draw();
    if (k <= 10) counts[k]++;
  }
  const h = harmonic(1000, 0.8);
  for (let k = 1; k <= 10; k++) {
    const p = k ** -0.8 / h;
    const se = Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(counts[k] / n - p) <= 5 * se, `rank ${k}: ${counts[k] / n} vs ${p}`);
  }
});

const shapes = [[5, 0.5], [1000, 1], [1000, 1 + 1e-9], [1000, 1 - 1e-7], [200, 2.5], [50, 3]] as const;
for (const [n, s] of shapes) {
  test(`n = ${n}, s = ${s}: the whole pmf matches (chi-square)`, () => {
    const h = harmonic(n, s);
    const draw = zipf(streams.stream(`pmf/${n}/${s}`), n, s);
    assertPmf(draw, 200_000, (k) => k ** -s / h, 1, n, `zipf(${n}, ${s})`);
  });
}

for (const s of [0.8, 1, 1.2]) {
  test(`n = 1e9, s = ${s}: ranks in range and P(rank 1) = 1/H(n, s)`, () => {
    const draw = zipf(streams.stream(`huge/${s}`), 1e9, s);
    const n = 200_000;
    let ones = 0;
    let beyondMillion = 0;
    for (let i = 0; i < n; i++) {
      const k = draw();
      assert.ok(Number.isInteger(k) && k >= 1 && k <= 1e9, `rank ${k}`);
      if (k === 1) ones++;
      if (k > 1e6) beyondMillion++;
    }
    const p1 = 1 / harmonicApprox(1e9, s);
    assert.ok(Math.abs(ones / n - p1) <= 5 * Math.sqrt((p1 * (1 - p1)) / n), `P(1) = ${ones / n} vs ${p1}`);
    // The tail beyond rank 1e6 is reached too: P(k > 1e6) = 1 − H(1e6)/H(1e9).
    const pTail = 1 - harmonicApprox(1e6, s) / harmonicApprox(1e9, s);
    const se = Math.sqrt((pTail * (1 - pTail)) / n);
    assert.ok(Math.abs(beyondMillion / n - pTail) <= 5 * se, `P(k > 1e6) = ${beyondMillion / n} vs ${pTail}`);
  });
}

test('n = 1 always gives 1', () => {
  const draw = zipf(streams.stream('one'), 1, 1.5);
  for (let i = 0; i < 100; i++) assert.is(draw(), 1);
});

test('property: an integer in [1, n] for any n in [1, 1e9] and s in (0, 3]', () => {
  const rng = streams.stream('property');
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1e9 }),
      fc.oneof(
        fc.double({ min: 0, max: 3, minExcluded: true, noNaN: true }),
        fc.constantFrom(1, 1 + 1e-12, 1 - 1e-12, 3),
      ),
      (n, s) => {
        const draw = zipf(rng, n, s);
        for (let i = 0; i < 20; i++) {
          const k = draw();
          if (!(Number.isInteger(k) && k >= 1 && k <= n)) return false;
        }
        return true;
      },
    ),
    { seed: 1, numRuns: 1000 },
  );
});

test('rejects a non-integer or non-positive n and a non-positive s', () => {
  const rng = streams.stream('errors');
  assertThrowsWith(() => zipf(rng, 0, 1), 'zipf: n must be a positive safe integer, got 0');
  assertThrowsWith(() => zipf(rng, 10.5, 1), 'got 10.5');
  assertThrowsWith(() => zipf(rng, 10, 0), 'zipf: s must be a positive finite number, got 0');
  assertThrowsWith(() => zipf(rng, 10, Infinity), 's must be a positive finite number');
});

test.run();
