import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { logFactorial, stirlingTail } from '../../../../sim/dist/_internals/log-factorial.ts';

/** log(k!) from the exact BigInt factorial: log of its leading 17 digits plus (digits)·log(10). */
function exactLogFactorial(k: number): number {
  let f = 1n;
  for (let i = 2n; i <= BigInt(k); i++) f *= i;
  const digits = f.toString();
  return Math.log(Number(`0.${digits.slice(0, 17)}`)) + digits.length * Math.LN10;
}

test('exact for small k', () => {
  assert.is(logFactorial(0), 0);
  assert.is(logFactorial(1), 0);
  assert.ok(Math.abs(logFactorial(2) - Math.LN2) < 1e-16);
  assert.ok(Math.abs(logFactorial(5) - Math.log(120)) < 1e-15);
});

test('matches the exact value to ~1e-15 relative from the table through the series', () => {
  for (const k of [3, 10, 20, 50, 100, 170, 254, 255, 256, 257, 300, 1000, 5000]) {
    const exact = exactLogFactorial(k);
    const rel = Math.abs(logFactorial(k) - exact) / exact;
    assert.ok(rel < 2e-15, `k = ${k}: ${logFactorial(k)} vs ${exact} (relative error ${rel})`);
  }
});

test('is smooth across the switch from table to series (k = 255 → 256)', () => {
  // log(256!) − log(255!) = log(256) exactly.
  assert.ok(Math.abs(logFactorial(256) - logFactorial(255) - Math.log(256)) < 1e-12);
});

test('stays accurate at k = 1e9 (the scale of the samplers that use it)', () => {
  // log(k!) − log((k−1)!) = log(k); the series must hold that to the rounding of values ~2e10.
  const k = 1e9;
  assert.ok(Math.abs(logFactorial(k) - logFactorial(k - 1) - Math.log(k)) < 1e-5);
});

test("stirlingTail matches TensorFlow's table for k < 10 and the series beyond", () => {
  const tensorflow = [
    0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
    0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287,
  ];
  for (let k = 0; k < 10; k++) assert.ok(Math.abs(stirlingTail(k) - tensorflow[k]) < 1e-14, `k = ${k}`);
  // Beyond, it is log(k!) minus Stirling's approximation: check against the exact table value.
  for (const k of [10, 11, 30, 100, 255]) {
    const approx = (k + 0.5) * Math.log(k + 1) - (k + 1) + 0.5 * Math.log(2 * Math.PI);
    assert.ok(Math.abs(stirlingTail(k) - (logFactorial(k) - approx)) < 1e-12, `k = ${k}`);
  }
});

test.run();
