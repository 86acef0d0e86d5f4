/** A fixed pause of `base` between attempts, ignoring the server: simple, synchronised, and common. */
import type { BackoffParams, BackoffPolicy } from './policy.ts';

export const fixed = (p: BackoffParams): BackoffPolicy => ({
  delay: () => p.base,
  bounds: () => [p.base, p.base],
  mean: () => p.base,
});
