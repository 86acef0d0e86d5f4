/**
 * Graceful degradation as a ladder with hysteresis: one step up per control tick while the load signal
 * is above `enterAt`, one step down while it is below `exitAt`. Stepping one rung at a time keeps a brief
 * spike from switching features off all at once, and the gap between the thresholds stops flapping.
 */

/** The rungs, in the order they are taken. */
export const DEGRADATION_STEPS = ['shed-prefetch', 'drop-personalization', 'cap-bitrate'] as const;
export type DegradationStep = (typeof DEGRADATION_STEPS)[number];

export interface DegradationPolicy {
  enabled: boolean;
  enterAt: number;
  exitAt: number;
}

/** The next level (0 = normal .. DEGRADATION_STEPS.length) for a load signal in [0, 1+]. */
export function nextLevel(p: DegradationPolicy, level: number, signal: number): number {
  if (!p.enabled) return 0;
  if (signal > p.enterAt && level < DEGRADATION_STEPS.length) return level + 1;
  if (signal < p.exitAt && level > 0) return level - 1;
  return level;
}

/** The level at which each step comes into force (the last rung below it), looked up per request. */
const STEP_RUNG: Record<DegradationStep, number> = { 'shed-prefetch': 0, 'drop-personalization': 1, 'cap-bitrate': 2 };

/** Whether `step` is in force at `level`. */
export const stepActive = (level: number, step: DegradationStep): boolean => level > STEP_RUNG[step];
