import type { Rng } from '../../models/ports.ts';
import { HALF_LOG_2PI, stirlingTail } from './_internals/log-factorial.ts';

/** Below this mean, inversion (expected mean + 1 steps, one uniform); from here on, PTRS. */
const PTRS_MIN_MEAN = 10;

/**
 * A Poisson sampler over `rng`; the mean is given per draw because arrival counts follow a curve
 * (`arrivals(rate * dt)` each tick). Constants for the last mean are kept, so repeated means cost no
 * set-up. O(1) expected time per draw for every mean.
 *
 * Small means use inversion by sequential search. Means of 10 and above use PTRS, Hörmann's
 * transformed rejection with squeeze ("The transformed rejection method for generating Poisson random
 * variables", Insurance: Mathematics and Economics 12, 1993), as in NumPy: 1.12–1.33 pairs of uniforms
 * per draw (measured) at any mean, and most draws accepted by the squeeze with no logarithm. NumPy's
 * acceptance test −mean + k·log(mean) − log(k!) cancels terms of size mean·log(mean), losing 4e-6 to
 * rounding at a mean of 1e9 and 0.5 at 1e14; here it is regrouped so nothing large cancels (below).
 *
 * @throws Error (per draw) when the mean is negative or not finite. A mean of 0 gives 0.
 */
export function poisson(rng: Rng): (mean: number) => number {
  // Per-mean constants, recomputed only when the mean changes.
  let lastMean = NaN;
  let expNeg = 0; // inversion: e^-mean, the probability of 0
  let bound = 0; // inversion: restart beyond this (see below)
  let b = 0; // PTRS constants, named as in Hörmann's paper
  let a = 0;
  let vr = 0;
  let logInvAlpha = 0;

  function setUp(mean: number): void {
    lastMean = mean;
    if (mean < PTRS_MIN_MEAN) {
      expNeg = Math.exp(-mean);
      bound = Math.ceil(mean + 10 * Math.sqrt(mean) + 10);
      return;
    }
    const sqrtMean = Math.sqrt(mean);
    b = 0.931 + 2.53 * sqrtMean;
    a = -0.059 + 0.02483 * b;
    vr = 0.9277 - 3.6224 / (b - 2);
    logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  }

  function inversion(): number {
    // The cumulative sum of pmf terms reaches 1 only to within rounding, so a u within ~1e-15 of 1
    // could run past every term; past a bound that the true distribution exceeds with probability
    // < 1e-20 the search restarts with a fresh u.
    for (;;) {
      let u = rng.next();
      let k = 0;
      let p = expNeg;
      while (u > p) {
        u -= p;
        k++;
        if (k > bound) break;
        p = (p * lastMean) / k;
      }
      if (k <= bound) return k;
    }
  }

  function ptrs(): number {
    for (;;) {
      const u = rng.next() - 0.5;
      const v = rng.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lastMean + 0.43);
      // Squeeze: inside this box the hat lies under the density, so accept without the log test.
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      // log P(k) = −mean + k·log(mean) − log(k!). With Stirling's form of log(k!) and d = mean − (k + 1)
      // this is −d + k·log1p(d/(k + 1)) − ½·log(k + 1) − ½·log(2π) − tail(k): d is exact (Sterbenz)
      // and of order sqrt(mean), so the first two terms cancel from ~sqrt(mean), not mean·log(mean).
      const d = lastMean - (k + 1);
      const logPk = -d + k * Math.log1p(d / (k + 1)) - 0.5 * Math.log(k + 1) - HALF_LOG_2PI - stirlingTail(k);
      if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= logPk) return k;
    }
  }

  return (mean: number): number => {
    if (mean !== lastMean) {
      if (!(mean >= 0 && mean < Infinity)) {
        throw new Error(`poisson: mean must be a non-negative finite number, got ${mean}`);
      }
      if (mean === 0) return 0;
      setUp(mean);
    }
    return mean < PTRS_MIN_MEAN ? inversion() : ptrs();
  };
}
