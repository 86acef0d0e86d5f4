import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextDown } from '../../../../sim/dist/_internals/next-down.ts';

test('the largest double below x', () => {
  assert.is(nextDown(1), 1 - 2 ** -53);
  assert.is(nextDown(2), 2 - 2 ** -52);
  assert.is(nextDown(-1), -1 - 2 ** -52);
  assert.is(nextDown(Number.MIN_VALUE), 0);
  assert.is(nextDown(0), -Number.MIN_VALUE);
  assert.is(nextDown(-0), -Number.MIN_VALUE);
  assert.is(nextDown(Infinity), Number.MAX_VALUE);
  assert.is(nextDown(-Number.MAX_VALUE), -Infinity);
});

test('NaN and −Infinity map to themselves', () => {
  assert.ok(Number.isNaN(nextDown(NaN)));
  assert.is(nextDown(-Infinity), -Infinity);
});

test.run();
