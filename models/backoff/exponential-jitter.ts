/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * delay ~ U(0, min(cap, base * 2^(attempt-1))). Full jitter de-synchronises a herd best per unit wait.
 */
import { exponentialCeiling, type BackoffParams, type BackoffPolicy } from './policy.ts';

export const exponentialJitter = (p: BackoffParams): BackoffPolicy => ({
  delay: (attempt, _prev, _ra, _load, rng) => Math.round(rng.next() * exponentialCeiling(p, attempt)),
  bounds: (attempt) => [0, exponentialCeiling(p, attempt)],
  mean: (attempt) => exponentialCeiling(p, attempt) / 2,
});
