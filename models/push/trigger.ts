/**
 * A broadcast trigger: low-cardinality by design. It names the event's new state and when the producer
 * sent it; it carries no per-device content (devices switch to what they prefetched, or fetch it).
 */
import type { Micros } from '../ports.ts';

export interface Trigger {
  /** 0, 1, 2, ... in the order the producer sent them; a device remembers which it has processed. */
  seq: number;
  /** The event state the trigger announces: "kickoff", "half-time", "final". */
  key: string;
  /** When the producer sent it (µs since the start of the run). */
  at: Micros;
}

/**
 * Devices and the router keep per-trigger flags as bits of one byte, so a run broadcasts at most this
 * many triggers (an event has a handful of key moments, not hundreds).
 */
export const MAX_TRIGGERS = 8;

/** The bit of trigger `seq` in a device's or the router's mask. */
export const bitOf = (seq: number): number => 1 << seq;
