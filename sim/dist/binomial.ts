import type { Rng } from '../../models/ports.ts';
import { stirlingTail } from './_internals/log-factorial.ts';

/** Below this n·min(p, 1 − p), inversion (expected n·p + 1 steps, one uniform); from here on, BTRS. */
const BTRS_MIN_MEAN = 10;

/**
 * A binomial sampler over `rng`: the number of successes in `n` trials of probability `p`, with n and
 * p given per draw because cohorts are split with a different (n, p) each time ("how many of these
 * 2,417,305 viewers stall this segment?"). O(1) expected time per draw for every n and p; constants for
 * the last (n, p) are kept, so repeated parameters cost no set-up.
 *
 * p > ½ is drawn as n − Binomial(n, 1 − p), so both methods below only see p ≤ ½. When
 * n·p < 10 the draw is exact inversion by sequential search from 0. Otherwise it is BTRS, Hörmann's
 * transformed rejection with squeeze ("The generation of binomial random variates", Journal of
 * Statistical Computation and Simulation 46, 1993), written as in TensorFlow and JAX: 1.13–1.35 pairs
 * of uniforms per draw (measured), no set-up table, and an acceptance test that combines its large
 * terms as logs of ratios (plus Stirling's tail) so that it stays accurate for n up to 1e9 and beyond.
 *
 * @throws Error (per draw) when n is not a non-negative safe integer or p is outside [0, 1].
 */
export function binomial(rng: Rng): (n: number, p: number) => number {
  // Constants for the last (n, p), with q = min(p, 1 − p); names follow Hörmann's paper.
  let lastN = NaN;
  let lastP = NaN;
  let q = 0;
  let flip = false;
  let useBtrs = false;
  let q0 = 0; // inversion: (1 − q)^n, the probability of 0
  let odds = 0; // q / (1 − q), the ratio of successive pmf terms before the (n − k)/(k + 1) factor
  let bound = 0; // inversion: restart beyond this (see inversion())
  let a = 0;
  let b = 0;
  let c = 0;
  let vr = 0;
  let alpha = 0;
  let m = 0; // the mode, floor((n + 1)·q)
  let modeTerms = 0; // the parts of the acceptance bound that depend only on the mode

  function setUp(n: number, p: number): void {
    lastN = n;
    lastP = p;
    flip = p > 0.5;
    q = flip ? 1 - p : p; // exact for p in [½, 1] (Sterbenz)
    const mean = n * q;
    odds = q / (1 - q);
    useBtrs = mean >= BTRS_MIN_MEAN;
    if (!useBtrs) {
      // exp(n·log1p(−q)) rather than (1 − q)^n: 1 − q loses the low digits of a tiny q.
      q0 = Math.exp(n * Math.log1p(-q));
      bound = Math.min(n, Math.ceil(mean + 10 * Math.sqrt(mean) + 10));
      return;
    }
    const spq = Math.sqrt(mean * (1 - q));
    b = 1.15 + 2.53 * spq;
    a = -0.0873 + 0.0248 * b + 0.01 * q;
    c = mean + 0.5;
    vr = 0.92 - 4.2 / b;
    alpha = (2.83 + 5.1 / b) * spq;
    m = Math.floor((n + 1) * q);
    modeTerms = (m + 0.5) * Math.log((m + 1) / (odds * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
  }

  function inversion(n: number): number {
    // As in NumPy's binomial inversion: the running subtraction reaches the last pmf terms only to
    // within rounding, so a u within ~1e-15 of 1 could run past every term. Past a bound that the
    // distribution exceeds with probability < 1e-20 (the Poisson tail of the same mean, which bounds
    // the binomial's) the search restarts with a fresh u.
    for (;;) {
      let u = rng.next();
      let k = 0;
      let f = q0;
      while (u > f) {
        u -= f;
        k++;
        if (k > bound) break;
        f *= ((n - k + 1) / k) * odds;
      }
      if (k <= bound) return k;
    }
  }

  function btrs(n: number): number {
    for (;;) {
      const u = rng.next() - 0.5;
      const v = rng.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      // Squeeze: inside this box the hat lies under the pmf, so ~80% of draws need no logarithm.
      if (us >= 0.07 && v <= vr) return k;
      // log(f(k) / f(m)) via Stirling, as logs of ratios. (n − m + 1)/(n − k + 1) is within a few
      // standard deviations of 1 and multiplied by n + 1, so it goes through log1p of the exact
      // integer difference rather than log of a rounded quotient.
      const logRatio =
        modeTerms +
        (n + 1) * Math.log1p((k - m) / (n - k + 1)) +
        (k + 0.5) * Math.log((odds * (n - k + 1)) / (k + 1)) -
        stirlingTail(k) -
        stirlingTail(n - k);
      if (Math.log((v * alpha) / (a / (us * us) + b)) <= logRatio) return k;
    }
  }

  return (n: number, p: number): number => {
    if (n !== lastN || p !== lastP) {
      if (!(Number.isSafeInteger(n) && n >= 0)) {
        throw new Error(`binomial: n must be a non-negative safe integer, got ${n}`);
      }
      if (!(p >= 0 && p <= 1)) throw new Error(`binomial: p must be in [0, 1], got ${p}`);
      if (n === 0 || p === 0) return 0;
      if (p === 1) return n;
      setUp(n, p);
    }
    const k = useBtrs ? btrs(n) : inversion(n);
    return flip ? n - k : k;
  };
}
