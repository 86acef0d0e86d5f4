import type { Rng } from '../../models/ports.ts';
import { checkFinite, checkNonNegative, checkPositive } from './_internals/check.ts';
import { normal } from './normal.ts';

/**
 * Log-normal: `exp(N(mu, sigma²))`, where `mu` and `sigma` are the mean and standard deviation of the
 * logarithm. Its own mean is exp(mu + sigma²/2). With `sigma = 0` every draw is exp(mu) and the
 * source is not consumed.
 * @throws Error when `mu` is not finite or `sigma` is negative or not finite.
 */
export function lognormal(rng: Rng, mu: number, sigma: number): () => number {
  checkFinite('lognormal', 'mu', mu);
  checkNonNegative('lognormal', 'sigma', sigma);
  if (sigma === 0) {
    const m = Math.exp(mu);
    return () => m;
  }
  const z = normal(rng, mu, sigma);
  return () => Math.exp(z());
}

/**
 * Log-normal with the given mean and coefficient of variation (sd / mean) of the variable itself,
 * the way scenarios state durations and sizes ("watch time mean 40 min, cv 1.2"). Solves
 * sigma² = log(1 + cv²) and mu = log(mean) − sigma²/2. With `cv = 0` every draw is exactly `mean` and
 * the source is not consumed.
 * @throws Error when `mean` is not positive and finite, or `cv` is negative or not finite.
 */
export function lognormalFromMeanCv(rng: Rng, mean: number, cv: number): () => number {
  checkPositive('lognormalFromMeanCv', 'mean', mean);
  checkNonNegative('lognormalFromMeanCv', 'cv', cv);
  if (cv === 0) return () => mean;
  // log1p keeps sigma accurate for the small cv of near-deterministic quantities.
  const sigma2 = Math.log1p(cv * cv);
  return lognormal(rng, Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2));
}
