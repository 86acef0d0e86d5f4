/**
 * log1p(x)/x and expm1(x)/x, accurate also as x → 0 where the plain quotient is 0/0 or loses every
 * digit. The Zipf sampler needs them for exponents s near 1, where its integral
 * H(x) = (x^(1−s) − 1)/(1 − s) tends to log(x); written as expm1OverX((1 − s)·log x)·log x, it
 * needs no special case at s = 1. The same helpers as Apache Commons RNG's
 * RejectionInversionZipfSampler.
 */

/** log1p(x)/x, with the limit 1 at x = 0. */
export function log1pOverX(x: number): number {
  if (Math.abs(x) > 1e-8) return Math.log1p(x) / x;
  // Taylor series 1 − x/2 + x²/3 − x³/4; the first dropped term is below 1e-32.
  return 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x)/x, with the limit 1 at x = 0. */
export function expm1OverX(x: number): number {
  if (Math.abs(x) > 1e-8) return Math.expm1(x) / x;
  // Taylor series 1 + x/2 + x²/6 + x³/24.
  return 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
