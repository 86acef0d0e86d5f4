/**
 * The player's start-up decisions, as a pure function shared by sim and real mode: after a play request
 * fails, does the player retry (and when), does the viewer press Play again after the error screen
 * (a manual restart), or give up? The per-viewer state comes in as plain numbers and the decision goes
 * out in a reused object, so the simulation can call this for millions of viewers without allocating.
 */
import type { Rng } from '../ports.ts';
import type { BackoffPolicy } from '../backoff/policy.ts';

export interface StartupPolicy {
  /** Automatic attempts per press of Play (the first try plus retries). */
  maxAttempts: number;
  /** A viewer who has waited this long (µs) since pressing Play gives up. */
  giveUpAfter: number;
  backoff: BackoffPolicy;
  /** Whether the player passes the server's Retry-After and load hint to its policy. */
  honourServer: boolean;
  /** After the error screen, the chance the viewer presses Play again. */
  restartProbability: number;
  /** Manual restarts per attempt before the viewer gives up for good. */
  maxRestarts: number;
  /** Think time before a manual restart, µs. */
  restartDelay: () => number;
}

export const RETRY = 0;
export const RESTART = 1;
export const ABANDON = 2;
export type Next = typeof RETRY | typeof RESTART | typeof ABANDON;

/** The decision, filled in place: what next, and after how many µs. */
export class StartupDecision {
  next: Next = RETRY;
  delay = 0;
}

/**
 * @param attempt 1-based attempt within this press of Play that just failed
 * @param restarts manual restarts so far in this play attempt
 * @param waited µs since the viewer first pressed Play for this attempt
 * @param prevDelay the last backoff delay (decorrelated jitter grows from it)
 * @param retryAfter the server's Retry-After in µs (0: none), @param load its load hint
 */
export function afterFailure(
  p: StartupPolicy, attempt: number, restarts: number, waited: number, prevDelay: number,
  retryAfter: number, load: number, rng: Rng, out: StartupDecision,
): StartupDecision {
  const patience = p.giveUpAfter - waited;
  if (patience <= 0) return set(out, ABANDON, 0);
  if (attempt < p.maxAttempts) {
    const d = p.honourServer
      ? p.backoff.delay(attempt, prevDelay, retryAfter, load, rng)
      : p.backoff.delay(attempt, prevDelay, 0, 0, rng);
    // The viewer walks away at the end of their patience rather than wait for a retry past it.
    return d >= patience ? set(out, ABANDON, patience) : set(out, RETRY, d);
  }
  if (restarts < p.maxRestarts && rng.next() < p.restartProbability) {
    const d = Math.round(p.restartDelay());
    return d >= patience ? set(out, ABANDON, patience) : set(out, RESTART, d);
  }
  return set(out, ABANDON, 0);
}

function set(out: StartupDecision, next: Next, delay: number): StartupDecision {
  out.next = next;
  out.delay = delay;
  return out;
}
