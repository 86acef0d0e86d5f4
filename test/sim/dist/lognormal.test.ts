import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStreams } from '../../../sim/rng.ts';
import { lognormal, lognormalFromMeanCv } from '../../../sim/dist/lognormal.ts';
import { assertMoments, assertThrowsWith } from './_stats.ts';

const streams = createStreams('dist/lognormal');

test('first draws are pinned', () => {
  const pin = createStreams('pin');
  assert.equal(Array.from({ length: 5 }, lognormal(pin.stream('lognormal'), 0, 1)), [
    0.41324476955553124, 0.9607108831281803, 1.4971437451473475, 1.697235790490708, 0.7314070550220532,
  ]);
  assert.equal(Array.from({ length: 5 }, lognormalFromMeanCv(pin.stream('lognormalcv'), 40, 1.2)), [
    44.95192865785606, 114.39587966848912, 28.637922543411335, 39.021505757388425, 2.9000293115058837,
  ]);
});

test('lognormal(mu, sigma): mean e^(mu + σ²/2), variance (e^σ² − 1)·e^(2mu + σ²)', () => {
  const [mu, sigma] = [1, 0.4];
  const mean = Math.exp(mu + sigma ** 2 / 2);
  const variance = Math.expm1(sigma ** 2) * Math.exp(2 * mu + sigma ** 2);
  const draw = lognormal(streams.stream('moments'), mu, sigma);
  assertMoments(draw, 400_000, mean, variance, 'lognormal(1, 0.4)');
});

test('lognormalFromMeanCv has the requested mean and coefficient of variation', () => {
  assertMoments(lognormalFromMeanCv(streams.stream('mean-cv'), 40, 0.5), 400_000, 40, 400, 'mean 40, cv 0.5');
});

test('the median of lognormalFromMeanCv is mean / sqrt(1 + cv²)', () => {
  const draw = lognormalFromMeanCv(streams.stream('median'), 40, 1.2);
  const n = 200_000;
  const median = 40 / Math.sqrt(1 + 1.2 ** 2);
  let below = 0;
  for (let i = 0; i < n; i++) if (draw() < median) below++;
  assert.ok(Math.abs(below / n - 0.5) <= 5 * Math.sqrt(0.25 / n), `P(X < median) = ${below / n}`);
});

test('cv = 0 gives exactly the mean without consuming the source', () => {
  let calls = 0;
  const draw = lognormalFromMeanCv({ next: () => (calls++, 0.3) }, 0.1, 0);
  assert.is(draw(), 0.1);
  assert.is(calls, 0);
});

test('rejects bad parameters', () => {
  const rng = streams.stream('errors');
  assertThrowsWith(() => lognormal(rng, 0, -0.5), 'lognormal: sigma must be a non-negative finite number');
  assertThrowsWith(() => lognormalFromMeanCv(rng, 0, 1), 'lognormalFromMeanCv: mean must be a positive');
  assertThrowsWith(() => lognormalFromMeanCv(rng, 1, -1), 'cv must be a non-negative finite number');
});

test.run();
