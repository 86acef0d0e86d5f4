/** Samplers for the scenario's distribution specs, in integer-friendly microseconds. */
import type { Rng } from '../../models/ports.ts';
import type { DurationDist } from '../../scenarios/schema/common.ts';
import { exponential, lognormalFromMeanCv, uniform } from '../dist/index.ts';

export function durationSampler(spec: DurationDist, rng: Rng): () => number {
  switch (spec.dist) {
    case 'constant':
      return () => spec.value;
    case 'exponential':
      return exponential(rng, spec.mean);
    case 'uniform':
      return uniform(rng, spec.min, spec.max);
    case 'lognormal':
      return lognormalFromMeanCv(rng, spec.mean, spec.cv);
  }
}

/** The mean of a duration distribution (for analytic checks and sizing). */
export function durationMean(spec: DurationDist): number {
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'exponential':
    case 'lognormal':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
  }
}
