/**
 * Distributions as factories over a source (d3-random style): the randomness is passed in, a factory
 * checks its parameters and precomputes once, and the returned closure draws with no allocation.
 *
 * ```ts
 * const jitter = normal(rngs.stream('edge/eu-1/jitter'), 0, 2);
 * const split = binomial(rngs.stream('cohort/eu-1/stall'));
 * const stalled = split(viewers, pStall);
 * ```
 */
export { binomial } from './binomial.ts';
export { exponential } from './exponential.ts';
export { lognormal, lognormalFromMeanCv } from './lognormal.ts';
export { normal } from './normal.ts';
export { poisson } from './poisson.ts';
export { uniform } from './uniform.ts';
export { weightedChoice } from './weighted-choice.ts';
export { zipf } from './zipf.ts';
