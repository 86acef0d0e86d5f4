/**
 * Decorrelated jitter (same AWS article): delay = min(cap, U(base, 3 * prev)), prev starting at base.
 * Grows like exponential backoff but each client's sequence wanders on its own.
 */
import type { BackoffParams, BackoffPolicy } from './policy.ts';

function range(p: BackoffParams, prev: number): [number, number] {
  const hi = Math.max(p.base, 3 * Math.max(prev, p.base));
  return [p.base, hi];
}

export const decorrelatedJitter = (p: BackoffParams): BackoffPolicy => ({
  delay(_attempt, prev, _ra, _load, rng) {
    const [lo, hi] = range(p, prev);
    return Math.min(p.cap, Math.round(lo + rng.next() * (hi - lo)));
  },
  bounds(_attempt, prev) {
    const [lo, hi] = range(p, prev);
    return [Math.min(p.cap, lo), Math.min(p.cap, hi)];
  },
  mean(_attempt, prev) {
    // E[min(cap, U(lo, hi))], split where the cap cuts the uniform.
    const [lo, hi] = range(p, prev);
    const c = p.cap;
    if (c >= hi) return (lo + hi) / 2;
    if (c <= lo) return c;
    return ((c - lo) * ((lo + c) / 2) + (hi - c) * c) / (hi - lo);
  },
});
