import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FastUniform } from '../../../../sim/build/push/fast-uniform.ts';
import { createStreams } from '../../../../sim/rng.ts';

test('seeded from a named stream: same seed and name, same draws; others differ', () => {
  const draw = (seed: number, name: string) => {
    const u = new FastUniform(createStreams(seed).stream(name));
    return Array.from({ length: 5 }, () => u.next());
  };
  assert.equal(draw(1, 'a'), draw(1, 'a'));
  assert.not.equal(draw(1, 'a'), draw(1, 'b'));
  assert.not.equal(draw(1, 'a'), draw(2, 'a'));
});

test('uniform on [0, 1): range, mean, and an even spread over 100 cells', () => {
  const u = new FastUniform(createStreams(7).stream('test/uniform'));
  const n = 1_000_000;
  const cells = new Float64Array(100);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = u.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
    cells[Math.floor(x * 100)]!++;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.002);
  // Chi-square with 99 degrees of freedom: the 0.1% critical value is 148.2.
  const chi = cells.reduce((a, c) => a + (c - n / 100) ** 2 / (n / 100), 0);
  assert.ok(chi < 148.2, String(chi));
});

test.run();
