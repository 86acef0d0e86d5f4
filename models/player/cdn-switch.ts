/**
 * When a player gives up on its CDN site: after `errorsToSwitch` consecutive failed fetches, or
 * `slowToSwitch` consecutive slow ones. Counting runs rather than rates lets a player ride out one bad
 * fetch yet leave a sick server within a few segments. A failure breaks a run of slow fetches and any
 * success breaks a run of failures; a fetch both fast and successful clears both. Which site comes
 * next is the wiring's choice (steering); after a switch both counts start again from zero.
 */
import type { PlaybackParams } from './playback.ts';

/** The counts after a fetch, and whether to switch now. Reused across calls. */
export class CdnSwitch {
  /** Consecutive failed fetches on the current site. */
  errors = 0;
  /** Consecutive slow fetches on the current site. */
  slow = 0;
  /** Move to another site for the next request. */
  switchSite = false;
}

/**
 * @param errors consecutive failures before this fetch @param slow consecutive slow fetches before it
 * @param ok whether this fetch succeeded @param wasSlow whether it succeeded slowly (see `FetchOutcome.slow`)
 */
export function afterFetchResult(
  errors: number, slow: number, ok: boolean, wasSlow: boolean,
  p: Pick<PlaybackParams, 'errorsToSwitch' | 'slowToSwitch'>, out: CdnSwitch,
): CdnSwitch {
  const e = ok ? 0 : errors + 1;
  const s = ok && wasSlow ? slow + 1 : 0;
  const go = e >= p.errorsToSwitch || s >= p.slowToSwitch;
  out.errors = go ? 0 : e;
  out.slow = go ? 0 : s;
  out.switchSite = go;
  return out;
}
