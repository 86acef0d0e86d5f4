/**
 * Candidate selection: of the copies of one segment that the pipelines published, which one the origin
 * serves. Never a defective copy while a good one exists; of the good ones, the active pipeline's, else
 * the first other good one by pipeline index (deterministic).
 *
 * When every published copy is defective the answer is {@link NO_CANDIDATE}, not the defective copy: a
 * mature origin would rather answer 404 or hold the request (a player skips or waits out one missing
 * segment) than serve a corrupt one that shows as artefacts or fails to decode. So a defective segment
 * is served by construction never, and `segmentsServedDefective` stays 0.
 */
import type { Micros } from '../ports.ts';

/** No servable candidate. */
export const NO_CANDIDATE = -1;

/**
 * The pipeline whose candidate to serve at `now`, or {@link NO_CANDIDATE}.
 * @param times readable-from time per candidate (NEVER / anything > now: not yet), `pipelines` of them from `base`
 * @param defects 1 for a defective candidate, same positions
 * @param active the active pipeline (any out-of-range value: no preference)
 */
export function selectCandidate(
  times: ArrayLike<number>, defects: ArrayLike<number>, base: number, pipelines: number, active: number, now: Micros,
): number {
  if (active >= 0 && active < pipelines && times[base + active] <= now && defects[base + active] === 0) return active;
  for (let p = 0; p < pipelines; p++) {
    if (p !== active && times[base + p] <= now && defects[base + p] === 0) return p;
  }
  return NO_CANDIDATE;
}
