/**
 * The ABR family's one interface. A rule picks the rendition (rung) of the next segment from what the
 * player knows: the rung it is on, its throughput estimate and its buffer, under the control plane's
 * bitrate cap. Rules are pure and allocate nothing, so sim and real mode share them.
 *
 * Every rule is monotone in throughput (more throughput never picks a lower rung, other inputs fixed),
 * which is what lets the cohort simulation split a group of alike viewers by throughput without a draw
 * per viewer: `thresholds` gives, per rung, the least throughput at which the rule picks it, and the
 * share of a cohort on each rung follows from the throughput distribution at those points.
 */

export interface AbrParams {
  /** Fraction of the measured throughput a rule lets a rendition use, in (0, 1]: headroom for variance. */
  safety: number;
  /** `buffer` rule: at or below this buffer (µs) pick the lowest rung. */
  reservoir: number;
  /** `buffer` rule: over this much buffer (µs) above the reservoir the target rate rises to the cap's. */
  cushion: number;
  /** `hybrid` rule: below this buffer (µs) the rule steps down to what throughput sustains. */
  lowBuffer: number;
}

export interface AbrRule {
  /**
   * The rung for the next segment, always in [0, min(capRung, ladder.length - 1)].
   * @param current the rung the player is on (a rung above the cap is forced down to it)
   * @param throughputKbps the player's throughput estimate, >= 0
   * @param bufferUs media buffered, µs
   * @param capRung the highest rung allowed (the control plane's degradation may lower it)
   * @param ladderKbps the bitrates, lowest first
   */
  choose(current: number, throughputKbps: number, bufferUs: number, capRung: number, ladderKbps: Float64Array): number;
  /**
   * Fills `out[k]` (k < ladder.length) with the least throughput at which rung k is chosen, Infinity
   * when it never is, so that `choose(...)` is the highest k with `out[k] <= throughputKbps` for every
   * throughput >= 0. Returns `out`.
   */
  thresholds(current: number, bufferUs: number, capRung: number, ladderKbps: Float64Array, out: Float64Array): Float64Array;
}

/** Builds a rule from its parameters; the registry maps names to these. */
export type AbrRuleFactory = (p: AbrParams) => AbrRule;

/** The effective cap: the caller's cap clamped into the ladder (a negative cap still allows rung 0). */
export const clampCap = (capRung: number, ladderKbps: Float64Array): number =>
  Math.max(0, Math.min(capRung, ladderKbps.length - 1));

/** The rung the player is on, clamped to [0, cap]: a lowered cap moves the player down at once. */
export const clampCurrent = (current: number, cap: number): number => Math.max(0, Math.min(current, cap));

/**
 * The least throughput at which rung k fits within `safety` of it. Rung 0 always fits (a player plays
 * something rather than nothing). Both the throughput rule and its thresholds compare against this
 * one expression, so they agree to the last bit.
 */
export const fitThroughput = (k: number, ladderKbps: Float64Array, safety: number): number =>
  k === 0 ? 0 : ladderKbps[k] / safety;

/** The highest rung <= cap whose {@link fitThroughput} is at most `throughputKbps` (0 when none is). */
export function highestFit(throughputKbps: number, cap: number, ladderKbps: Float64Array, safety: number): number {
  for (let k = cap; k > 0; k--) if (fitThroughput(k, ladderKbps, safety) <= throughputKbps) return k;
  return 0;
}
