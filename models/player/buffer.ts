/**
 * The playback buffer over one segment fetch, as a pure function of plain numbers, filled into a reused
 * object so the simulation can call it for millions of viewers without allocating.
 *
 * The model, per call (one fetch, from the instant it is requested):
 * - The player fetches one segment at a time, the next one after those it has, which adds D of media
 *   when it arrives `fetchTime` after the request. Playback drains the buffer in real time; while it is
 *   empty the picture is frozen (rebuffering) until the segment arrives.
 * - At the live edge the next segment is published D after this one, so the next request waits for it:
 *   the cycle lasts max(fetchTime, D - lag). `lag` is how far the live edge is past the end of the
 *   segment being requested; a fetch slower than D leaves the player behind, and then the next segment
 *   is already there, so it fetches back to back (shorter cycles) until it is back at the edge, which
 *   refills the buffer after a stall. Players do not skip media to catch up, so a stall adds to latency.
 * - A failed fetch (404, 503, timeout) adds nothing; the player tries the same segment again a segment
 *   duration after the request, or when the failure is known if that is later: the cycle lasts
 *   max(fetchTime, D), and the live edge moves on by that much.
 * - Interruption: when the picture has been frozen continuously for `stallGiveUp` before the segment
 *   arrives, the viewer stops at that instant; when fetches have failed for `stallGiveUp` (from the first
 *   failed request to the end of the latest failed cycle) the viewer stops instead of trying again. A
 *   segment arriving exactly as the stall reaches `stallGiveUp` is in time.
 * - Joining: a player starts `targetBuffer` behind live with that much media buffered (see
 *   {@link joinLive}); start-up stands for the time to fetch it.
 *
 * All times are integer µs; every result is a sum or difference of the inputs, so results are exact.
 */
import type { PlaybackParams } from './playback.ts';

export const PLAYING = 0;
export const INTERRUPTED = 1;
export type PlaybackNext = typeof PLAYING | typeof INTERRUPTED;

/**
 * The state after a fetch cycle, and what happened during it. Reused across calls. After INTERRUPTED
 * the state fields describe the instant the viewer stopped (buffer left, how long frozen), for metrics.
 */
export class FetchOutcome {
  /** PLAYING: request the next segment `after` µs after this request; INTERRUPTED: stopped `after` µs in. */
  next: PlaybackNext = PLAYING;
  after = 0;
  /** State at the next request: media buffered, µs. */
  buffer = 0;
  /** State at the next request: how far the live edge is past the end of the segment requested next, µs. */
  lag = 0;
  /** State at the next request: how long the picture has been frozen continuously, µs (0: playing). */
  stall = 0;
  /** State at the next request: how long fetches have been failing, from the first failed request, µs. */
  errorRun = 0;
  /** Rebuffering during this cycle, µs. */
  rebuffer = 0;
  /** Media played during this cycle, µs (rebuffer + played = after). */
  played = 0;
  /** Whether this fetch succeeded but took longer than `slowFactor` segment durations. */
  slow = false;
}

/**
 * One fetch cycle.
 * @param bufferUs media buffered at the request, µs
 * @param lagUs how far the live edge is past the end of the requested segment, µs (>= 0)
 * @param stallUs how long the picture has been frozen at the request, µs (only read when the buffer is empty)
 * @param errorUs how long fetches have been failing at the request, µs (0 after a success)
 * @param fetchTime µs from the request to the segment's arrival, or to the failure being known
 * @param ok whether the segment arrived
 */
export function afterFetch(
  bufferUs: number, lagUs: number, stallUs: number, errorUs: number, fetchTime: number, ok: boolean,
  p: PlaybackParams, out: FetchOutcome,
): FetchOutcome {
  const d = p.segment;
  const cycle = ok ? Math.max(fetchTime, d - lagUs) : Math.max(fetchTime, d);
  // Until the segment arrives (or, failing, until the cycle ends) the buffer drains and then freezes.
  const waited = ok ? fetchTime : cycle;
  const carried = bufferUs > 0 ? 0 : stallUs;
  out.slow = ok && fetchTime > p.slowFactor * d;
  if (waited > bufferUs && carried + (waited - bufferUs) > p.stallGiveUp) {
    const at = Math.max(0, bufferUs + p.stallGiveUp - carried);
    return stop(out, at, bufferUs, lagUs, stallUs, errorUs, ok);
  }
  if (!ok && errorUs + cycle >= p.stallGiveUp) return stop(out, cycle, bufferUs, lagUs, stallUs, errorUs, ok);
  const frozen = Math.max(0, waited - bufferUs);
  out.next = PLAYING;
  out.after = cycle;
  out.rebuffer = frozen;
  out.played = cycle - frozen;
  if (ok) {
    // The arrival ends any stall; D of media minus what plays until the next request (< D) is left.
    out.buffer = Math.max(0, bufferUs - fetchTime) + d - (cycle - fetchTime);
    out.lag = lagUs + cycle - d;
    out.stall = 0;
    out.errorRun = 0;
  } else {
    out.buffer = Math.max(0, bufferUs - cycle);
    out.lag = lagUs + cycle;
    out.stall = frozen > 0 ? carried + frozen : 0;
    out.errorRun = errorUs + cycle;
  }
  return out;
}

function stop(
  out: FetchOutcome, at: number, bufferUs: number, lagUs: number, stallUs: number, errorUs: number, ok: boolean,
): FetchOutcome {
  const frozen = Math.max(0, at - bufferUs);
  out.next = INTERRUPTED;
  out.after = at;
  out.rebuffer = frozen;
  out.played = at - frozen;
  out.buffer = Math.max(0, bufferUs - at);
  out.lag = lagUs + at;
  out.stall = frozen > 0 ? (bufferUs > 0 ? 0 : stallUs) + frozen : 0;
  out.errorRun = ok ? errorUs : errorUs + at;
  return out;
}

/** The state of a viewer whose playback has just started: `targetBuffer` of media, at the live edge. */
export function joinLive(p: PlaybackParams, out: FetchOutcome): FetchOutcome {
  out.next = PLAYING;
  out.after = 0;
  out.buffer = p.targetBuffer;
  out.lag = 0;
  out.stall = 0;
  out.errorRun = 0;
  out.rebuffer = 0;
  out.played = 0;
  out.slow = false;
  return out;
}

/** Rebuffer time over watch time (play + rebuffer); 0 before anything was watched. */
export const rebufferRatio = (playedUs: number, rebufferUs: number): number =>
  playedUs + rebufferUs > 0 ? rebufferUs / (playedUs + rebufferUs) : 0;
