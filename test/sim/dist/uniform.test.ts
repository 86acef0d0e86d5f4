import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createStreams } from '../../../sim/rng.ts';
import { uniform } from '../../../sim/dist/uniform.ts';
import { assertMoments, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/uniform');

test('first draws are pinned', () => {
  const draw = uniform(createStreams('pin').stream('uniform'), 10, 20);
  assert.equal(Array.from({ length: 5 }, draw), [
    16.480932598424072, 19.925317410169452, 10.357088874071248, 14.689009894301538, 14.658052113694957,
  ]);
});

test('mean (a + b)/2 and variance (b − a)²/12', () => {
  assertMoments(uniform(streams.stream('moments'), -3, 5), 200_000, 1, 64 / 12, 'uniform(-3, 5)');
});

test('a draw that would round up to max is kept below it', () => {
  const draw = uniform({ next: () => 1 - 2 ** -53 }, 1, 2);
  assert.is(draw(), 2 - 2 ** -52);
});

test('min === max gives min without consuming the source', () => {
  let calls = 0;
  const draw = uniform({ next: () => (calls++, 0.5) }, 4, 4);
  assert.is(draw(), 4);
  assert.is(calls, 0);
});

test('property: draws lie in [min, max)', () => {
  const rng = streams.stream('property');
  fc.assert(
    fc.property(
      fc.double({ min: -1e300, max: 1e300, noNaN: true }),
      fc.double({ min: -1e300, max: 1e300, noNaN: true }),
      (x, y) => {
        fc.pre(x !== y);
        const [min, max] = x < y ? [x, y] : [y, x];
        const draw = uniform(rng, min, max);
        for (let i = 0; i < 20; i++) {
          const v = draw();
          if (!(v >= min && v < max)) return false;
        }
        return true;
      },
    ),
    { seed: 1, numRuns: 500 },
  );
});

test('rejects reversed, non-finite and overflowing bounds', () => {
  const rng = streams.stream('errors');
  assertThrowsWith(() => uniform(rng, 2, 1), 'need min <= max');
  assertThrowsWith(() => uniform(rng, 0, Infinity), 'max must be a finite number');
  assertThrowsWith(() => uniform(rng, NaN, 1), 'min must be a finite number');
  assertThrowsWith(() => uniform(rng, -1.5e308, 1.5e308), 'finite difference');
});

test.run();
