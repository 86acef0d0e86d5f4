/**
 * The one step both modes share: a player (or a cohort of alike players) gets an answer to a segment
 * request, and its buffer, rendition, CDN choice and next request follow from the player models.
 *
 * fetch time = (readyAt − request) + edge→player latency + size / (last-mile rate × the edge's egress
 * share), then `afterFetch` (buffer, rebuffering, interruption), the ABR rule (under the control plane's
 * bitrate cap) and `afterFetchResult` (when to leave the site). Two choices the models leave to the wiring:
 * - a 404 means the segment is not out yet, so the player is at the live edge, not behind it: its lag
 *   goes to 0 (it asks again a segment later rather than fetching back to back into more 404s). 404 and
 *   410 are the stream's state, not the site's health, so only 503s count towards a CDN switch;
 * - a 410 (the segment will never exist: skipped by a stalled or failed-over pipeline) moves the player
 *   on to the next segment, with nothing added to its buffer.
 */
import { SEC } from '../../../models/time.ts';
import { GONE, NOT_FOUND, OK, UNAVAILABLE } from '../../../models/cdn/delivery.ts';
import { afterFetch, FetchOutcome, INTERRUPTED, PLAYING } from '../../../models/player/buffer.ts';
import { afterFetchResult, CdnSwitch } from '../../../models/player/cdn-switch.ts';
import { makeAbr } from '../../../models/player/abr/registry.ts';
import type { AbrRule } from '../../../models/player/abr/rule.ts';
import type { PlaybackParams } from '../../../models/player/playback.ts';
import type { DeliveryConfig } from './config.ts';
import { lastMileClasses } from './last-mile.ts';

/** A player's (or cohort's) playback state, loaded from the mode's arrays into one reused object. */
export class PlayerState {
  cls = 0;
  rendition = 0;
  seg = 0;
  buffer = 0;
  lag = 0;
  stall = 0;
  errorRun = 0;
  errors = 0;
  slow = 0;
  /** When the request being answered was sent, µs. */
  sentAt = 0;
}

/** What one answer led to. Reused. */
export class StepResult {
  next: typeof PLAYING | typeof INTERRUPTED = PLAYING;
  /** When the next request is due, or when the player stops (INTERRUPTED), µs. */
  at = 0;
  switchSite = false;
  ok = false;
  /** The rung served (when ok). */
  served = 0;
  rebuffer = 0;
  played = 0;
}

export class PlayerStep {
  readonly params: PlaybackParams;
  readonly classBps: Float64Array;
  readonly rule: AbrRule;
  private readonly ladder: Float64Array;
  private readonly bytes: Float64Array;
  private readonly edgeLatency: number;
  private readonly outcome = new FetchOutcome();
  private readonly sw = new CdnSwitch();

  constructor(c: DeliveryConfig) {
    this.params = c.playback;
    this.classBps = lastMileClasses(c.lastMile.meanBps, c.lastMile.cv, c.lastMile.classes);
    this.rule = makeAbr(c.playback.abr.rule, c.playback.abr);
    this.ladder = c.ladder;
    this.bytes = c.bytes;
    this.edgeLatency = c.cdn.edge.latency;
  }

  /** The rung a player starts on: the highest its class sustains within the ABR's safety, under the cap. */
  startRung(cls: number, capRung: number): number {
    const kbps = this.classBps[cls] / 1000;
    const safety = this.params.abr.safety;
    for (let k = Math.min(capRung, this.ladder.length - 1); k > 0; k--) if (this.ladder[k] / safety <= kbps) return k;
    return 0;
  }

  /** The highest rung at or under `kbps` (0 when none is): the cap as a rung. */
  capRung(kbps: number): number {
    for (let k = this.ladder.length - 1; k > 0; k--) if (this.ladder[k] <= kbps) return k;
    return 0;
  }

  /**
   * Applies one answer (`status`, first byte leaving the edge at `readyAt`, the edge's egress `share`)
   * to `st` in place, unless the player stops (then `st` is left as it was).
   */
  answer(st: PlayerState, status: number, readyAt: number, share: number, capRung: number, out: StepResult): StepResult {
    const ok = status === OK;
    const r = st.rendition;
    let fetch = readyAt - st.sentAt + this.edgeLatency;
    if (ok) fetch += Math.ceil((this.bytes[r] * 8 * SEC) / (this.classBps[st.cls] * share));
    const o = afterFetch(st.buffer, st.lag, st.stall, st.errorRun, fetch, ok, this.params, this.outcome);
    out.ok = ok;
    out.served = r;
    out.rebuffer = o.rebuffer;
    out.played = o.played;
    out.at = st.sentAt + o.after;
    out.switchSite = false;
    if (o.next === INTERRUPTED) {
      out.next = INTERRUPTED;
      return out;
    }
    out.next = PLAYING;
    st.buffer = o.buffer;
    st.lag = status === NOT_FOUND ? 0 : o.lag;
    st.stall = o.stall;
    st.errorRun = o.errorRun;
    if (ok || status === GONE) st.seg++;
    if (ok) {
      const measuredKbps = (this.ladder[r] * this.params.segment) / fetch;
      st.rendition = this.rule.choose(r, measuredKbps, st.buffer, capRung, this.ladder);
    } else if (r > capRung) {
      st.rendition = capRung;
    }
    const sw = afterFetchResult(st.errors, st.slow, status !== UNAVAILABLE, o.slow, this.params, this.sw);
    st.errors = sw.errors;
    st.slow = sw.slow;
    out.switchSite = sw.switchSite;
    return out;
  }
}
