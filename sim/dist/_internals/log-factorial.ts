/**
 * log(k!) and the tail of Stirling's series. The Poisson (PTRS) and binomial (BTRS) samplers compare a
 * log-pmf against a log-hat, so an error here is an error in the acceptance decision; they use
 * {@link stirlingTail} to write the log-pmf without cancelling large terms, and the tests use
 * {@link logFactorial} for exact reference pmfs.
 */

/** Below this, log(k!) comes from a table of exact sums; from here on, from Stirling's series. */
const TABLE_SIZE = 256;
/** ½·log(2π), the constant of Stirling's approximation. */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/*
 * log(k!) = sum of log(i) for i <= k, summed with Kahan compensation so the table is within an ulp or
 * two of the true value (a plain running sum drifts by up to ~1e-13 by k = 255).
 */
const TABLE = new Float64Array(TABLE_SIZE);
{
  let sum = 0;
  let carry = 0;
  for (let i = 2; i < TABLE_SIZE; i++) {
    const y = Math.log(i) - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
    TABLE[i] = sum;
  }
}

/**
 * The remainder of Stirling's series for log Γ(z) with z = k + 1 (z >= 11 here):
 * 1/(12z) - 1/(360z³) + 1/(1260z⁵) - 1/(1680z⁷). The next term, 1/(1188z⁹), is below 5e-13 at z = 11
 * and below 1e-24 at z = 256.
 */
function series(k: number): number {
  const z = k + 1;
  const z2 = z * z;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * z2)) / z2) / z2) / z;
}

/** log(k!) for a non-negative integer k (not checked: this sits on samplers' hot paths). */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return TABLE[k];
  return (k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_2PI + series(k);
}

/** stirlingTail for k < 10, where the series is too coarse; exact up to the table's rounding. */
const SMALL_TAILS = Float64Array.from(
  { length: 10 },
  (_, k) => TABLE[k] - ((k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_2PI),
);

/**
 * log(k!) minus its Stirling approximation (k + ½)·log(k + 1) − (k + 1) + ½·log(2π), for a
 * non-negative integer k. BTRS (Hörmann 1993) is written in terms of this small correction so that
 * the large terms can be combined as logs of ratios and never cancel; as in TensorFlow's
 * `stirling_approx_tail`, small k come from exact values and the rest from the series.
 */
export function stirlingTail(k: number): number {
  if (k < 10) return SMALL_TAILS[k];
  return series(k);
}
