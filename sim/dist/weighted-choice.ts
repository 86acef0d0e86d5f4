import type { Rng } from '../../models/ports.ts';

/**
 * An index in [0, weights.length) with probability weights[i] / Σ weights, in O(1) per draw by Vose's
 * alias method (Vose, "A linear algorithm for generating random numbers with a given distribution",
 * IEEE TSE 17, 1991): O(n) set-up builds, for each column i, a threshold and an alias, and a draw picks
 * a column and either keeps it or takes its alias. The weights are copied into the tables, so
 * changing the array afterwards does not change the sampler. An index of weight 0 is never drawn.
 *
 * @throws Error when the weights are empty, any is negative or not finite, none is positive, or their
 * sum overflows.
 */
export function weightedChoice(rng: Rng, weights: ArrayLike<number>): () => number {
  const n = weights.length;
  if (n === 0) throw new Error('weightedChoice: weights must not be empty');
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0 && w < Infinity)) {
      throw new Error(`weightedChoice: weights must be non-negative finite numbers, got ${w} at index ${i}`);
    }
    total += w;
  }
  if (total === 0) throw new Error('weightedChoice: at least one weight must be positive');
  if (total === Infinity) throw new Error('weightedChoice: the weights sum to more than the largest double');

  // Column i keeps i with probability keep[i] and otherwise yields alias[i]. Scaled weights average 1;
  // columns under 1 ("small") are topped up from columns over 1 ("large").
  const keep = new Float64Array(n);
  const alias = new Uint32Array(n);
  const small = new Uint32Array(n);
  const large = new Uint32Array(n);
  let nSmall = 0;
  let nLarge = 0;
  for (let i = 0; i < n; i++) {
    keep[i] = (weights[i] / total) * n; // divide first: weights[i] * n may overflow
    if (keep[i] < 1) small[nSmall++] = i;
    else large[nLarge++] = i;
  }
  while (nSmall > 0 && nLarge > 0) {
    const l = small[--nSmall];
    const g = large[nLarge - 1];
    alias[l] = g;
    // Vose's order of operations, (g + l) − 1 rather than g − (1 − l), loses less to rounding.
    keep[g] = keep[g] + keep[l] - 1;
    if (keep[g] < 1) {
      nLarge--;
      small[nSmall++] = g;
    }
  }
  // Whatever is left is 1 up to rounding. (A weight-0 column can't be left over: the columns that
  // remain carry a total mass equal to their count, to within n·ε, and each is at most 1.)
  while (nLarge > 0) keep[large[--nLarge]] = 1;
  while (nSmall > 0) keep[small[--nSmall]] = 1;

  return () => {
    // One uniform serves twice: its integer part picks the column, its fraction the coin. With 53-bit
    // uniforms the fraction keeps 53 − log2(n) bits, plenty for any table that fits in memory.
    const x = rng.next() * n;
    const i = Math.floor(x);
    return x - i < keep[i] ? i : alias[i];
  };
}
