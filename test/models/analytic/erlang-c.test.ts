import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { erlangC } from '../../../models/analytic/erlang-c.ts';

test('M/M/1 reduces to rho / (mu - lambda)', () => {
  const e = erlangC(0.5, 1, 1);
  assert.ok(Math.abs(e.waitProbability - 0.5) < 1e-12);
  assert.ok(Math.abs(e.meanWait - 1) < 1e-12);
});

test('a textbook M/M/c value: c=10, a=9 Erlangs', () => {
  // P(wait) for 10 agents at 9 Erlangs is 0.6687 (standard Erlang-C tables).
  const e = erlangC(900, 0.01, 10);
  assert.ok(Math.abs(e.waitProbability - 0.6687) < 5e-4, String(e.waitProbability));
  assert.ok(Math.abs(e.meanWait - 0.6687 / (1000 - 900)) < 1e-5);
});

test('large c does not overflow', () => {
  const e = erlangC(95_000, 0.01, 1000);
  assert.ok(e.waitProbability > 0 && e.waitProbability < 1);
});

test('overload is infinite wait', () => {
  assert.is(erlangC(2, 1, 1).meanWait, Infinity);
});

test.run();
