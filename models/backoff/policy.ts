/**
 * The backoff family's one interface. A policy answers: after attempt `attempt` failed, how long
 * before the next one? Policies are pure over their inputs and an Rng, so sim and real mode share
 * them and property tests can check them without a clock.
 */
import type { Rng } from '../ports.ts';

export interface BackoffParams {
  /** First delay / the unit of growth, µs. */
  base: number;
  /** Largest delay the client chooses on its own, µs (a server's Retry-After may exceed it). */
  cap: number;
}

/** What the server said with the failure (0 when it said nothing, e.g. a timeout). */
export interface ServerHint {
  /** Retry-After, µs. */
  retryAfter: number;
  /** Load hint in [0, 1]: how busy the server is (1 = saturated). */
  load: number;
}

export interface BackoffPolicy {
  /**
   * Delay in µs before the next attempt. `attempt` is the 1-based number of the attempt that just
   * failed; `prev` the previous delay (0 before the first retry).
   */
  delay(attempt: number, prev: number, retryAfter: number, load: number, rng: Rng): number;
  /** The range every `delay` lies in, for the same inputs. */
  bounds(attempt: number, prev: number, retryAfter: number, load: number): [min: number, max: number];
  /** The expected delay the policy's formula promises, for the same inputs. */
  mean(attempt: number, prev: number, retryAfter: number, load: number): number;
}

/** The exponential ceiling min(cap, base * 2^(attempt-1)), safe for large attempts. */
export function exponentialCeiling(p: BackoffParams, attempt: number): number {
  return attempt > 60 ? p.cap : Math.min(p.cap, p.base * 2 ** (attempt - 1));
}
