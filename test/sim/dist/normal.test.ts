import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStreams } from '../../../sim/rng.ts';
import { normal } from '../../../sim/dist/normal.ts';
import { assertMoments, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/normal');

test('first draws are pinned', () => {
  const draw = normal(createStreams('pin').stream('normal'), 0, 1);
  assert.equal(Array.from({ length: 5 }, draw), [
    -2.0552982078838986, -3.169085455218457, -1.057749261305843, 1.3172397425920859, -1.79934090357113,
  ]);
});

test('mean and variance', () => {
  assertMoments(normal(streams.stream('moments'), 10, 2), 200_000, 10, 4, 'normal(10, 2)');
});

test('68–95 rule: P(|Z| < 1) and P(|Z| < 2)', () => {
  const draw = normal(streams.stream('shape'), 0, 1);
  const n = 200_000;
  let in1 = 0;
  let in2 = 0;
  for (let i = 0; i < n; i++) {
    const z = Math.abs(draw());
    if (z < 1) in1++;
    if (z < 2) in2++;
  }
  for (const [count, p] of [[in1, 0.6826894921370859], [in2, 0.9544997361036416]]) {
    assert.ok(Math.abs(count / n - p) <= 5 * Math.sqrt((p * (1 - p)) / n), `${count / n} vs ${p}`);
  }
});

test('successive draws are uncorrelated (the spare is the pair\'s other coordinate, not a copy)', () => {
  const draw = normal(streams.stream('lag'), 0, 1);
  const n = 200_000;
  let prev = draw();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = draw();
    sum += prev * z;
    prev = z;
  }
  // Lag-1 correlation of independent standard normals has standard error 1/sqrt(n).
  assert.ok(Math.abs(sum / n) <= 5 / Math.sqrt(n), `lag-1 correlation ${sum / n}`);
});

test('the spare is part of the sequence: two samplers over equal sources agree', () => {
  const a = normal(createStreams(5).stream('s'), 0, 1);
  const b = normal(createStreams(5).stream('s'), 0, 1);
  for (let i = 0; i < 11; i++) assert.is(a(), b());
});

test('sd = 0 gives the mean without consuming the source', () => {
  let calls = 0;
  const draw = normal({ next: () => (calls++, 0.3) }, 7, 0);
  assert.is(draw(), 7);
  assert.is(calls, 0);
});

test('rejects a negative sd and a non-finite mean', () => {
  const rng = streams.stream('errors');
  assertThrowsWith(() => normal(rng, 0, -1), 'sd must be a non-negative finite number');
  assertThrowsWith(() => normal(rng, NaN, 1), 'mean must be a finite number');
});

test.run();
