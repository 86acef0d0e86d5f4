/**
 * The playing part of the player: its parameters and their defaults. The scenario's
 * `player.playback` section maps onto {@link PlaybackOptions}; {@link playbackParams} fills the rest.
 *
 * The pieces that use them are pure functions over plain numbers (the simulation keeps each viewer's
 * in typed arrays): `buffer.ts` (one segment fetch: buffer, rebuffering, interruption), `cdn-switch.ts`
 * (when to change CDN site) and `abr/` (which rendition to fetch next).
 */
import { SEC } from '../time.ts';
import type { AbrParams } from './abr/rule.ts';
import type { AbrRuleName } from './abr/registry.ts';

export interface PlaybackParams {
  /**
   * Segment duration D, µs. A property of the stream rather than the player: the wiring fills it from
   * the encoder's segment length.
   */
  segment: number;
  /**
   * Media a player has buffered when playback starts, µs: it joins this far behind the live edge and
   * start-up (the play request) stands for the time it took to fetch it. In steady playback the buffer
   * holds at this level, so it is also the player's latency budget beyond the segment in flight.
   */
  targetBuffer: number;
  /** A successful fetch is slow when it took longer than `slowFactor` segment durations. */
  slowFactor: number;
  /** Consecutive failed fetches after which the player moves to another CDN site. */
  errorsToSwitch: number;
  /** Consecutive slow fetches after which the player moves to another CDN site. */
  slowToSwitch: number;
  /**
   * A viewer whose picture has been frozen continuously this long (µs), or whose fetches have been
   * failing this long, stops playback and goes back to Play (the start-up model's restart path).
   */
  stallGiveUp: number;
  abr: { rule: AbrRuleName } & AbrParams;
}

/** The parameters as the scenario gives them: any field may be left out. */
export type PlaybackOptions = Partial<Omit<PlaybackParams, 'abr'>> & { abr?: Partial<PlaybackParams['abr']> };

/**
 * Defaults: 2-second segments and a 3-segment (6 s) start-up buffer, as in DOMAIN.md; a fetch slower
 * than the media it brings is slow (it cannot keep up); switch CDN after 2 errors or 3 slow fetches;
 * give up after 10 s frozen. ABR: hybrid with 80% of throughput usable, the BBA reservoir one segment
 * and the cushion two, and "low buffer" two segments, below the 6 s target so a steady player rides out
 * a single slow fetch.
 */
export const DEFAULT_PLAYBACK: Readonly<PlaybackParams> = Object.freeze({
  segment: 2 * SEC,
  targetBuffer: 6 * SEC,
  slowFactor: 1,
  errorsToSwitch: 2,
  slowToSwitch: 3,
  stallGiveUp: 10 * SEC,
  abr: Object.freeze({ rule: 'hybrid' as AbrRuleName, safety: 0.8, reservoir: 2 * SEC, cushion: 4 * SEC, lowBuffer: 4 * SEC }),
});

/** The full parameters: `options` over {@link DEFAULT_PLAYBACK}. */
export function playbackParams(options: PlaybackOptions = {}): PlaybackParams {
  return { ...DEFAULT_PLAYBACK, ...options, abr: { ...DEFAULT_PLAYBACK.abr, ...options.abr } };
}
