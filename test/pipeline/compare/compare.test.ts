/** The comparison itself: tolerances relative to the reference, points for the success rate, no silent passes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SURGE_TOLERANCES, compareMetrics } from '../../../pipeline/compare/compare.ts';

const BASE = { playRequests: 20_000, retryAmplification: 6.5, playStartSuccessRate: 0.6, playStartP50Ms: 4000, shedRequests: 18_000 };
const verdicts = (b: Record<string, unknown>, a: Record<string, unknown> = BASE) =>
  Object.fromEntries(compareMetrics(a, b).map((r) => [r.metric, r.pass]));

test('the issue\'s tolerances, in order', () => {
  assert.equal(SURGE_TOLERANCES.map((t) => [t.metric, t.kind, t.limit]), [
    ['playRequests', 'relative', 0.05], ['retryAmplification', 'relative', 0.05], ['playStartSuccessRate', 'absolute', 0.02],
    ['playStartP50Ms', 'relative', 0.25], ['shedRequests', 'relative', 0.1],
  ]);
});

test('just inside and just outside each tolerance, both ways', () => {
  const inside = { playRequests: 20_999, retryAmplification: 6.5 * 0.951, playStartSuccessRate: 0.581, playStartP50Ms: 3001, shedRequests: 19_799 };
  assert.equal(Object.values(verdicts(inside)), [true, true, true, true, true]);
  const outside = { playRequests: 21_001, retryAmplification: 6.5 * 0.949, playStartSuccessRate: 0.621, playStartP50Ms: 5001, shedRequests: 16_199 };
  assert.equal(Object.values(verdicts(outside)), [false, false, false, false, false]);
});

test('the difference and the relative difference are against the first run', () => {
  const [r] = compareMetrics(BASE, { ...BASE, playRequests: 21_000 });
  assert.is(r.diff, 1000);
  assert.is(r.relative, 0.05);
  assert.ok(r.pass);
});

test('missing or non-numeric metrics fail; a reference of 0 only matches 0', () => {
  const { shedRequests: _, ...noShed } = BASE;
  assert.is(verdicts(noShed).shedRequests, false);
  assert.is(verdicts({ ...BASE, playStartP50Ms: null }).playStartP50Ms, false);
  assert.is(verdicts({ ...BASE, shedRequests: 0 }, { ...BASE, shedRequests: 0 }).shedRequests, true);
  assert.is(verdicts({ ...BASE, shedRequests: 1 }, { ...BASE, shedRequests: 0 }).shedRequests, false);
});

test.run();
