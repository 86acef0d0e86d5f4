import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStreams } from '../../../sim/rng.ts';
import { exponential } from '../../../sim/dist/exponential.ts';
import { assertMoments, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/exponential');

test('first draws are pinned', () => {
  const draw = exponential(createStreams('pin').stream('exponential'), 2);
  assert.equal(Array.from({ length: 5 }, draw), [
    0.8835916349386206, 1.2857609925245956, 2.7692340731324983, 0.067835779156005, 1.1071905761577243,
  ]);
});

test('mean m and variance m²', () => {
  assertMoments(exponential(streams.stream('moments'), 3), 200_000, 3, 9, 'exponential(3)');
});

test('memoryless tail: P(X > 2m) = e^-2', () => {
  const draw = exponential(streams.stream('tail'), 5);
  const n = 200_000;
  let over = 0;
  for (let i = 0; i < n; i++) if (draw() > 10) over++;
  const p = Math.exp(-2);
  assert.ok(Math.abs(over / n - p) <= 5 * Math.sqrt((p * (1 - p)) / n), `P(X > 10) = ${over / n}`);
});

test('the extremes of the source give finite, non-negative draws (no log(0))', () => {
  assert.is(exponential({ next: () => 0 }, 2)(), 0);
  const top = exponential({ next: () => 1 - 2 ** -53 }, 2)();
  assert.ok(Number.isFinite(top) && top > 70 && top < 80, `${top}`);
});

test('rejects a non-positive or non-finite mean', () => {
  const rng = streams.stream('errors');
  assertThrowsWith(() => exponential(rng, 0), 'mean must be a positive finite number, got 0');
  assertThrowsWith(() => exponential(rng, -1), 'mean must be a positive finite number');
  assertThrowsWith(() => exponential(rng, Infinity), 'mean must be a positive finite number');
});

test.run();
