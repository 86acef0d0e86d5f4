import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStreams } from '../../sim/rng.ts';
import type { Rng } from '../../models/ports.ts';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.next());

test('the same seed and name reproduce the same 1,000 draws', () => {
  const first = draws(createStreams(42).stream('edge/eu-1/jitter'), 1000);
  assert.equal(draws(createStreams(42).stream('edge/eu-1/jitter'), 1000), first);
});

test('first draws are pinned for seed 42 (a change here changes every run)', () => {
  assert.equal(draws(createStreams(42).stream('a'), 5), [
    0.006912120169577096, 0.800833741141617, 0.9701791298020377, 0.6999229105270149, 0.9994822671646598,
  ]);
});

test('a numeric seed and its decimal string are the same seed', () => {
  assert.equal(draws(createStreams(7).stream('x'), 20), draws(createStreams('7').stream('x'), 20));
});

test('different names give different draws', () => {
  const streams = createStreams(42);
  const a = draws(streams.stream('edge/eu-1/jitter'), 100);
  const b = draws(streams.stream('edge/eu-2/jitter'), 100);
  assert.ok(a.every((x, i) => x !== b[i]));
});

test('names differing only above the low byte of a code unit differ (the key is escaped to ASCII)', () => {
  // U+00E9 and U+01E9 share their low 8 bits, which is all that ARC4's key schedule keeps.
  const streams = createStreams(1);
  assert.not.equal(draws(streams.stream('\u00e9'), 10), draws(streams.stream('\u01e9'), 10));
});

test('different seeds give different draws', () => {
  const a = draws(createStreams(42).stream('a'), 100);
  const b = draws(createStreams(43).stream('a'), 100);
  assert.ok(a.every((x, i) => x !== b[i]));
});

test('the seed and the name do not run together ("1", "2/x") vs ("1/2", "x")', () => {
  assert.not.equal(draws(createStreams('1').stream('2/x'), 10), draws(createStreams('1/2').stream('x'), 10));
});

test('a stream does not depend on which other streams exist or were drawn from first', () => {
  const alone = draws(createStreams(42).stream('viewers/joins'), 1000);
  const busy = createStreams(42);
  const other = busy.stream('cdn/a/latency');
  draws(other, 5000);
  const joins = busy.stream('viewers/joins');
  const interleaved: number[] = [];
  for (let i = 0; i < 1000; i++) {
    interleaved.push(joins.next());
    busy.stream(`extra/${i % 7}`).next();
    other.next();
  }
  assert.equal(interleaved, alone);
});

test('the same name returns the same Rng object, so a sequence is never replayed', () => {
  const streams = createStreams(42);
  const a = streams.stream('a');
  assert.is(streams.stream('a'), a);
  const first = a.next();
  assert.is.not(streams.stream('a').next(), first);
});

test('draws lie in [0, 1) and carry more than 32 bits', () => {
  const rng = createStreams('range').stream('u');
  let min = 1;
  let max = 0;
  let finerThan32 = 0;
  for (let i = 0; i < 100_000; i++) {
    const x = rng.next();
    if (x < min) min = x;
    if (x > max) max = x;
    if (!Number.isInteger(x * 2 ** 32)) finerThan32++;
  }
  assert.ok(min >= 0 && max < 1, `range [${min}, ${max}]`);
  assert.ok(min < 1e-4 && max > 1 - 1e-4, `range [${min}, ${max}] should nearly fill [0, 1)`);
  assert.ok(finerThan32 > 99_000, `${finerThan32} of 100000 draws finer than 2^-32`);
});

test('streams of neighbouring names are uncorrelated', () => {
  const streams = createStreams(42);
  const n = 100_000;
  const a = draws(streams.stream('edge/eu-1/jitter'), n);
  const b = draws(streams.stream('edge/eu-2/jitter'), n);
  let sab = 0;
  for (let i = 0; i < n; i++) sab += (a[i] - 0.5) * (b[i] - 0.5);
  // Correlation of independent uniforms has standard error 1/sqrt(n).
  const corr = sab / n / (1 / 12);
  assert.ok(Math.abs(corr) < 5 / Math.sqrt(n), `correlation ${corr}`);
});

test('rejects a non-finite seed and an empty name', () => {
  assert.throws(() => createStreams(NaN), /seed must be a finite number or a string/);
  assert.throws(() => createStreams(1).stream(''), /name must be a non-empty string/);
});

test.run();
