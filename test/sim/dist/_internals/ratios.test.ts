import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expm1OverX, log1pOverX } from '../../../../sim/dist/_internals/ratios.ts';

const close = (a: number, b: number, tol: number, label: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.abs(b), `${label}: ${a} vs ${b}`);

test('limits at 0 and plain values away from it', () => {
  assert.is(log1pOverX(0), 1);
  assert.is(expm1OverX(0), 1);
  close(log1pOverX(1), Math.LN2, 1e-15, 'log1p(1)/1');
  close(expm1OverX(1), Math.E - 1, 1e-15, 'expm1(1)/1');
  close(log1pOverX(-0.5), -Math.log(0.5) / 0.5, 1e-15, 'log1p(-0.5)/-0.5');
});

test('continuous across the switch to the series at |x| = 1e-8', () => {
  for (const x of [1e-8, -1e-8, 3e-9, -3e-9, 1e-12]) {
    for (const y of [x * (1 - 1e-6), x * (1 + 1e-6)]) {
      // Exact to second order: log1p(y)/y = 1 − y/2 + y²/3, expm1(y)/y = 1 + y/2 + y²/6.
      close(log1pOverX(y), 1 - y / 2 + (y * y) / 3, 1e-15, `log1pOverX(${y})`);
      close(expm1OverX(y), 1 + y / 2 + (y * y) / 6, 1e-15, `expm1OverX(${y})`);
    }
  }
});

test.run();
