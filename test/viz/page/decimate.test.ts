/** Thinning long series for drawing: exact paths on small inputs, bounded paths on long ones. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extentOf, linePath, lowerBound, thin, visibleRange } from '../../../viz/page/decimate.ts';

const id = (x: number) => x;

test('lowerBound and visibleRange include one point beyond each edge', () => {
  const t = [1, 2, 3, 4, 5];
  assert.is(lowerBound(t, 0), 0);
  assert.is(lowerBound(t, 3), 2);
  assert.is(lowerBound(t, 3.5), 3);
  assert.is(lowerBound(t, 9), 5);
  assert.equal(visibleRange(t, 2.5, 3.5), [1, 4]);
  assert.equal(visibleRange(t, 0, 9), [0, 5]);
  assert.equal(visibleRange([], 0, 9), [0, 0]);
});

test('few points: every point, NaN breaks the line', () => {
  const t = [1, 2, 3, 4];
  const v = [0, 10, NaN, 5];
  assert.is(linePath(t, v, 0, 4, (x) => x * 10, (y) => 100 - y, 100), 'M10,100L20,90M40,95');
  assert.equal(extentOf(v, 0, 4), [0, 10]);
  assert.equal(extentOf([NaN], 0, 1), [NaN, NaN]);
});

test('envelope: at most two points per pixel column, extremes kept', () => {
  const n = 7200;
  const t = Float64Array.from({ length: n }, (_, i) => i + 1);
  const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50) * 100 + (i === 4321 ? 1000 : 0) - (i === 17 ? 1000 : 0));
  const columns = 100;
  const sx = (x: number) => (x / n) * columns;
  const p = thin(t, v, 0, n, sx, columns, 'envelope');
  assert.ok(p.n <= 2 * (columns + 1), `${p.n} points`);
  const ys = Array.from(p.ys.subarray(0, p.n));
  assert.ok(ys.includes(v[4321]) && ys.includes(v[17]), 'spikes survive thinning');
  assert.equal(extentOf(p.ys, 0, p.n), extentOf(v, 0, n));
  const xs = Array.from(p.xs.subarray(0, p.n));
  assert.ok(xs.every((x, i) => i === 0 || x > xs[i - 1]), 'points in time order');
  assert.is(linePath(t, v, 0, n, sx, id, columns).split(/[ML]/).length - 1, p.n);
});

test('mean: a counter read as a rate averages per column', () => {
  const t = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  const v = Float64Array.from({ length: 100 }, (_, i) => i % 2);
  const p = thin(t, v, 0, 100, (x) => (x - 1) / 20, 5, 'mean');
  assert.is(p.n, 5);
  assert.equal(Array.from(p.ys.subarray(0, 5)), [0.5, 0.5, 0.5, 0.5, 0.5]);
  assert.equal(Array.from(p.xs.subarray(0, 5)), [10.5, 30.5, 50.5, 70.5, 90.5]);
});

test.run();
