/**
 * Device-side decisions, as small functions over plain numbers so the wiring can keep millions of
 * devices in typed columns and call these in its loops (and real mode can call them per socket).
 */

/** What a device does with a trigger that reaches it. */
export const DUPLICATE = 0;
/** Processed; everything it needs was prefetched. */
export const FROM_PREFETCH = 1;
/** Processed; it calls the API for what is missing. */
export const FETCH_MISSING = 2;

/**
 * A trigger arrives at a device that has processed the triggers in `seen` (a bit mask). Processing is
 * idempotent: a trigger already in `seen` is a duplicate and changes nothing. Otherwise the device
 * switches to the prefetched page if it has the trigger's content, or fetches what is missing.
 */
export function onTrigger(seen: number, bit: number, prefetched: boolean): number {
  if ((seen & bit) !== 0) return DUPLICATE;
  return prefetched ? FROM_PREFETCH : FETCH_MISSING;
}

/**
 * Whether a device's prefetch cache holds content published at `publishedAt`, at time `t`.
 *
 * The cache refreshes itself whenever its entry expires, so an awake device refreshes every `ttl` on a
 * lattice `(phase + m)·ttl` (phase in [0, 1), fixed at the last fill). The content is there when the
 * latest refresh at or before `t` came after it was published. Times in any one unit.
 */
export function hasPrefetched(phase: number, ttl: number, t: number, publishedAt: number): boolean {
  return lastRefresh(phase, ttl, t) >= publishedAt;
}

/** The latest point of the refresh lattice `(phase + m)·ttl` at or before `t`. */
export function lastRefresh(phase: number, ttl: number, t: number): number {
  return (phase + Math.floor(t / ttl - phase)) * ttl;
}

/** A duration with client-side jitter: `base·(1 + spread·(2u − 1))`, i.e. uniform within ±spread. */
export function jittered(base: number, spread: number, u: number): number {
  return base * (1 + spread * (2 * u - 1));
}

/** Churn at a device's session boundary (every ~30 minutes, staggered across devices). */
export const RECONNECT = 0;
export const FALL_ASLEEP = 1;
export const WAKE = 2;
export const STAY_ASLEEP = 3;

/**
 * At the end of a session an awake device reconnects (after a short gap) or, with `sleepChance`, goes
 * to sleep; an asleep device wakes at its next session boundary with `wakeChance`. `u` is uniform [0, 1).
 */
export function atSessionEnd(asleep: boolean, u: number, sleepChance: number, wakeChance: number): number {
  if (asleep) return u < wakeChance ? WAKE : STAY_ASLEEP;
  return u < sleepChance ? FALL_ASLEEP : RECONNECT;
}
