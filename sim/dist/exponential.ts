import type { Rng } from '../../models/ports.ts';
import { checkPositive } from './_internals/check.ts';

/**
 * Exponential with the given mean (not rate), by inversion: `−mean·log(1 − u)`.
 * @throws Error when `mean` is not a positive finite number.
 */
export function exponential(rng: Rng, mean: number): () => number {
  checkPositive('exponential', 'mean', mean);
  // log1p(−u) rather than log(u): u lies in [0, 1), so 1 − u lies in (0, 1] and the log is never
  // log(0); log1p also keeps full precision for the small draws near u = 0.
  return () => -mean * Math.log1p(-rng.next());
}
