/** Shared scratch for reinterpreting a double's bits; single-threaded, so one is enough. */
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The largest double strictly below `x` (Java's Math.nextDown); NaN and −Infinity map to themselves. */
export function nextDown(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return x;
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  // IEEE 754 doubles are sign-magnitude: one step down is one less in the magnitude bits when x > 0,
  // one more when x < 0.
  i64[0] += x > 0 ? -1n : 1n;
  return f64[0];
}
