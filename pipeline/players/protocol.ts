/** Messages between the real-mode host and its player threads (structured clone; typed arrays copy). */
import type { Scenario } from '../../scenarios/schema/scenario.ts';
import type { MetricDelta, MetricNames } from '../record/delta-recorder.ts';
import type { Endpoint } from './http-transport.ts';

export interface ThreadInit {
  scenario: Scenario;
  meanSession: number;
  endpoints: Record<string, Endpoint>;
  thread: number;
  threads: number;
  speed: number;
}

export type ToPlayers =
  | { type: 'start'; epochNs: bigint }
  /** Viewers who join: global id, home region index, press time (µs on the run's clock). */
  | { type: 'joins'; ids: Float64Array; homes: Uint8Array; press: Float64Array }
  | { type: 'steering'; share: Float64Array; target: Int32Array }
  /** Report the interval `index` that just ended; `last`: stop first, then report (with the final tallies). */
  | { type: 'report'; index: number; last: boolean }
  | { type: 'dip'; fraction: number; away: number }
  | { type: 'playback'; region: number; down: boolean }
  /** Close connections and say `closed`; the host then ends the thread. */
  | { type: 'close' };

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Sampling period of the event-loop delay monitors, ms. */
export const LOOP_RESOLUTION_MS = 10;

/** How late the event loop ran, from a monitor: its samples include the sampling period, taken off here. */
export function loopDelay(h: { percentile(p: number): number; max: number }): LoopDelay {
  const ms = (ns: number) => +Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS).toFixed(3);
  return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

export interface ThreadFinal {
  playAttempts: number;
  playStarts: number;
  stillTrying: number;
  viewers: number;
  events: number;
  meanLatenessMs: number;
  maxLatenessMs: number;
  loop: LoopDelay;
  http: Record<string, number>;
}

export type FromPlayers =
  | { type: 'ready'; names: MetricNames }
  | { type: 'report'; index: number; delta: MetricDelta; watching: Float64Array; requests: number; final?: ThreadFinal }
  | { type: 'closed' };
