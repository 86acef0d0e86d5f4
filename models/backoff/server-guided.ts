/**
 * Server-guided backoff: the server knows its backlog, so its Retry-After is the floor. The client
 * waits Retry-After plus a jitter of up to `spread` of it, widened by the server's load hint
 * (spread * (1 + load)), so a herd told the same Retry-After does not return as one. Without a
 * Retry-After (a timeout, a refused connection) it falls back to exponential full jitter.
 */
import { exponentialCeiling, type BackoffParams, type BackoffPolicy } from './policy.ts';

export interface ServerGuidedParams extends BackoffParams {
  /** Jitter above Retry-After, as a fraction of it (0.5: wait between RA and 1.5 RA at zero load). */
  spread: number;
}

export const serverGuided = (p: ServerGuidedParams): BackoffPolicy => {
  const width = (ra: number, load: number) => ra * p.spread * (1 + Math.min(1, Math.max(0, load)));
  return {
    delay(attempt, _prev, ra, load, rng) {
      if (ra > 0) return ra + Math.round(rng.next() * width(ra, load));
      return Math.round(rng.next() * exponentialCeiling(p, attempt));
    },
    bounds(attempt, _prev, ra, load) {
      return ra > 0 ? [ra, ra + Math.ceil(width(ra, load))] : [0, exponentialCeiling(p, attempt)];
    },
    mean(attempt, _prev, ra, load) {
      return ra > 0 ? ra + width(ra, load) / 2 : exponentialCeiling(p, attempt) / 2;
    },
  };
};
