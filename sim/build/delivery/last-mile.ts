/**
 * Last-mile throughput classes: the lognormal over viewers (mean, cv) cut into Q equiprobable classes,
 * each represented by the quantile at its midpoint, (q + ½) / Q. A viewer draws its class uniformly
 * when playback starts. Discrete classes are what lets alike viewers share a cohort: within a class
 * every fetch of the same answer takes the same time, so the ABR rule picks the same rung for all.
 */

/** Bits per second of each class, lowest first. */
export function lastMileClasses(meanBps: number, cv: number, classes: number): Float64Array {
  const out = new Float64Array(classes);
  const sigma2 = Math.log1p(cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = Math.log(meanBps) - sigma2 / 2;
  for (let q = 0; q < classes; q++) out[q] = Math.exp(mu + sigma * normalQuantile((q + 0.5) / classes));
  return out;
}

/**
 * The standard normal quantile, by Acklam's rational approximation (relative error below 1.2e-9),
 * ample for picking class representatives.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
