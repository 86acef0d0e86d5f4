import type { Rng } from '../../models/ports.ts';
import { checkFinite } from './_internals/check.ts';
import { nextDown } from './_internals/next-down.ts';

/**
 * Uniform on [min, max): `min + (max − min)·u`. With `min === max` every draw is `min` and the
 * source is not consumed.
 * @throws Error when a bound is not finite, `min > max`, or `max − min` overflows.
 */
export function uniform(rng: Rng, min: number, max: number): () => number {
  checkFinite('uniform', 'min', min);
  checkFinite('uniform', 'max', max);
  const span = max - min;
  if (!(span >= 0 && span < Infinity)) {
    throw new Error(`uniform: need min <= max with a finite difference, got min ${min}, max ${max}`);
  }
  if (span === 0) return () => min;
  // min + span·u can round up to max when u is within an ulp of 1 (min 1, max 2, u = 1 − 2^-53), so
  // such a draw is pulled back to the largest double below max to keep the interval half-open.
  const top = nextDown(max);
  return () => {
    const x = min + span * rng.next();
    return x < max ? x : top;
  };
}
