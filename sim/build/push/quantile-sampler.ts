/**
 * A duration distribution drawn by table inversion: one uniform, one lookup and a linear
 * interpolation per draw. The delivery loop draws a network latency for every device and trigger
 * (300 million draws at full size); a log-normal drawn the direct way (polar normal: two uniforms, a
 * log and a square root, rejection) costs several times more. The table holds the exact quantiles at
 * 4096 evenly spaced probabilities; the two end cells, where the density changes fastest (the
 * log-normal's right tail), are drawn exactly from the quantile function instead.
 */
import type { Rng } from '../../../models/ports.ts';
import type { DurationDist } from '../../../scenarios/schema/common.ts';

const CELLS = 4096;

/** The quantile function (inverse CDF) of a duration distribution, µs. */
export function durationQuantile(spec: DurationDist): (p: number) => number {
  switch (spec.dist) {
    case 'constant':
      return () => spec.value;
    case 'uniform':
      return (p) => spec.min + (spec.max - spec.min) * p;
    case 'exponential':
      return (p) => -spec.mean * Math.log1p(-p);
    case 'lognormal': {
      const s2 = Math.log1p(spec.cv * spec.cv);
      const mu = Math.log(spec.mean) - s2 / 2;
      const sigma = Math.sqrt(s2);
      return (p) => Math.exp(mu + sigma * normalQuantile(p));
    }
  }
}

/** Draws from `spec` (µs, real-valued) using uniforms from `rng`. */
export function quantileSampler(spec: DurationDist, rng: Rng): () => number {
  const q = durationQuantile(spec);
  if (spec.dist === 'constant') return () => spec.value;
  const table = new Float64Array(CELLS + 1);
  for (let i = 1; i < CELLS; i++) table[i] = q(i / CELLS);
  return () => {
    const x = rng.next() * CELLS;
    const i = x | 0;
    if (i === 0 || i >= CELLS - 1) return q(x / CELLS);
    return table[i]! + (x - i) * (table[i + 1]! - table[i]!);
  };
}

/**
 * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation (relative error below
 * 1.2e-9 over (0, 1)) — ample for a latency table.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const r = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const r = p - 0.5;
  const s = r * r;
  return ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) / (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
}
