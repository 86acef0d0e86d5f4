import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createStreams } from '../../../sim/rng.ts';
import { weightedChoice } from '../../../sim/dist/weighted-choice.ts';
import { assertPmf, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/weighted-choice');

test('first draws are pinned', () => {
  const draw = weightedChoice(createStreams('pin').stream('weightedChoice'), [1, 0, 3, 6]);
  assert.equal(Array.from({ length: 12 }, draw), [2, 3, 2, 2, 2, 3, 2, 0, 3, 0, 3, 0]);
});

test('frequencies are proportional to the weights (chi-square)', () => {
  const weights = [5, 1, 0.5, 12, 3, 0.01, 7];
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = weightedChoice(streams.stream('frequencies'), weights);
  assertPmf(draw, 300_000, (k) => weights[k] / total, 0, weights.length - 1, 'weightedChoice');
});

test('many uneven weights (a Zipf-like table of 1,000) are reproduced', () => {
  const weights = Float64Array.from({ length: 1000 }, (_, i) => 1 / (i + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = weightedChoice(streams.stream('table'), weights);
  assertPmf(draw, 300_000, (k) => weights[k] / total, 0, 999, 'weightedChoice(1000)');
});

test('a weight of 0 is never drawn, and a single positive weight is always drawn', () => {
  const zeros = weightedChoice(streams.stream('zeros'), [0, 2, 0, 2, 0]);
  const only = weightedChoice(streams.stream('only'), [0, 0, 4, 0]);
  for (let i = 0; i < 10_000; i++) {
    const k = zeros();
    assert.ok(k === 1 || k === 3, `drew ${k}`);
    assert.is(only(), 2);
  }
});

test('changing the weights array after creation does not change the sampler', () => {
  const weights = [1, 1, 1];
  const a = weightedChoice(createStreams(3).stream('w'), weights);
  weights[0] = 100;
  const b = weightedChoice(createStreams(3).stream('w'), [1, 1, 1]);
  for (let i = 0; i < 100; i++) assert.is(a(), b());
});

test('property: an index in range with positive weight, for arbitrary weights', () => {
  const rng = streams.stream('property');
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true })), {
        minLength: 1,
        maxLength: 50,
      }),
      (weights) => {
        fc.pre(weights.some((w) => w > 0) && Number.isFinite(weights.reduce((a, b) => a + b, 0)));
        const draw = weightedChoice(rng, weights);
        for (let i = 0; i < 50; i++) {
          const k = draw();
          if (!(Number.isInteger(k) && k >= 0 && k < weights.length && weights[k] > 0)) return false;
        }
        return true;
      },
    ),
    { seed: 1, numRuns: 1000 },
  );
});

test('rejects empty, negative, non-finite and all-zero weights, and a sum that overflows', () => {
  const rng = streams.stream('errors');
  assertThrowsWith(() => weightedChoice(rng, []), 'weightedChoice: weights must not be empty');
  assertThrowsWith(() => weightedChoice(rng, [1, -2]), 'got -2 at index 1');
  assertThrowsWith(() => weightedChoice(rng, [1, NaN]), 'got NaN at index 1');
  assertThrowsWith(() => weightedChoice(rng, [Infinity]), 'got Infinity at index 0');
  assertThrowsWith(() => weightedChoice(rng, [0, 0]), 'at least one weight must be positive');
  assertThrowsWith(() => weightedChoice(rng, [1e308, 1e308]), 'sum to more than the largest double');
});

test.run();
