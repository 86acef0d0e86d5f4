import type { Rng } from '../../models/ports.ts';
import { checkPositive } from './_internals/check.ts';
import { expm1OverX, log1pOverX } from './_internals/ratios.ts';

/**
 * Zipf: an integer rank k in [1, n] with P(k) ∝ k^−s (content and channel popularity). O(1) expected
 * time per draw and no table, so n can be 1e9.
 *
 * Rejection-inversion (Hörmann & Derflinger, "Rejection-inversion to generate variates from monotone
 * discrete distributions", ACM TOMACS 6, 1996), following Apache Commons RNG's
 * RejectionInversionZipfSampler: invert the integral H of the continuous hat h(x) = x^−s, round to the
 * nearest rank, and accept unless the draw fell in the sliver where the hat exceeds the pmf. The hat
 * fits so closely that a draw takes at most ~1.02 uniforms on average (measured for n from 2 to 1e9,
 * s from 0.01 to 3). Tested for s in (0, 3]; any positive s is valid.
 *
 * @throws Error when n is not a positive safe integer or s is not a positive finite number.
 */
export function zipf(rng: Rng, n: number, s: number): () => number {
  if (!(Number.isSafeInteger(n) && n >= 1)) {
    throw new Error(`zipf: n must be a positive safe integer, got ${n}`);
  }
  checkPositive('zipf', 's', s);
  const oneMinusS = 1 - s;

  // H(x) = ∫₁ˣ t^−s dt = (x^(1−s) − 1)/(1 − s), written as expm1OverX((1−s)·log x)·log x so that it
  // stays accurate near s = 1 and tends to log x there with no special case.
  const bigH = (x: number): number => {
    const logX = Math.log(x);
    return expm1OverX(oneMinusS * logX) * logX;
  };
  const h = (x: number): number => Math.exp(-s * Math.log(x));
  // H⁻¹(y) = (1 + (1−s)·y)^(1/(1−s)) = exp(log1p(t)/t · y) with t = (1−s)·y.
  const bigHInverse = (y: number): number => {
    // Rounding can push t just below −1 for large s; H's range ends at −1, so clamp there.
    const t = Math.max(oneMinusS * y, -1);
    return Math.exp(log1pOverX(t) * y);
  };

  // Rank 1 gets the hat area H(1.5) − (H(1.5) − 1) = 1 = h(1), i.e. its exact probability mass, so
  // it is never rejected; ranks k >= 2 get [k − ½, k + ½].
  const hX1 = bigH(1.5) - 1;
  const hN = bigH(n + 0.5);
  // If k − x <= sq the draw lies where the hat is known to be under the pmf (the paper's s; renamed
  // to keep s for the exponent), so the exact test is skipped.
  const sq = 2 - bigHInverse(bigH(2.5) - h(2));

  return () => {
    for (;;) {
      // u uniform on (hX1, hN]: hN + v·(hX1 − hN) with v in [0, 1).
      const u = hN + rng.next() * (hX1 - hN);
      const x = bigHInverse(u);
      let k = Math.floor(x + 0.5);
      // x can stray just outside [½, n + ½] through rounding.
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= sq || u >= bigH(k + 0.5) - h(k)) return k;
    }
  };
}
