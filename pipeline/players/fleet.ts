/**
 * A fleet of players starting playback for real: the surge's player side (what SurgeSim does for each
 * viewer in sim/build/surge/surge.ts), with every decision taken by the shared models — `afterFailure`
 * (models/player/startup.ts) and the backoff registry — and every request sent through the Transport
 * port. On the wall clock with the HTTP transport these are real players; on the kernel with an
 * in-process transport they are checked against the simulation without a socket (test/pipeline).
 *
 * What differs from SurgeSim is only bookkeeping that sim needs for scale: here each viewer is an
 * object, a timeout is the transport's own timer, and departures and abandonments are timers at the
 * moment they happen instead of per-interval tallies.
 */
import type { Clock, Recorder, Rng, RngStreams, Transport, TransportResult } from '../../models/ports.ts';
import { MS } from '../../models/time.ts';
import { afterFailure, ABANDON, RESTART as NEXT_RESTART, StartupDecision, type StartupPolicy } from '../../models/player/startup.ts';
import { startupPolicy } from '../../sim/build/surge/options.ts';
import { exponential } from '../../sim/dist/index.ts';
import { durationSampler } from '../../sim/build/samplers.ts';
import { declareSurgeMetrics, type SurgeMetrics } from '../../sim/build/surge/metrics.ts';
import type { Scenario } from '../../scenarios/schema/scenario.ts';
import { TIMEOUT } from './link.ts';

/** A play request on its way to a region (the wire format is the transport's business). */
export interface PlayRequest {
  viewer: number;
  /** When the client stops waiting, µs on the run's clock. */
  deadline: number;
}

export type PlayResponse = { status: 200 } | { status: 503; retryAfter: number; load: number };


/** Why a request was sent (the timeline's requests by cause; same order as sim's CAUSES). */
const FIRST = 0;
const RETRY = 1;
const RESTART = 2;

/** Viewer states. */
const WAITING = 1;
const REQUESTING = 2;
const PLAYING = 3;
const LEFT = 4;
const ABANDONED = 5;

class Viewer {
  state = WAITING;
  /** Bumped at every send and at playback start: a timer or answer for an older one is ignored. */
  seq = 0;
  attempt = 0;
  restarts = 0;
  prevDelay = 0;
  cause = FIRST;
  region = 0;
  /** When this play attempt began (the press of Play), µs. */
  press = 0;
  constructor(readonly id: number, readonly home: number) {}
}

export interface FleetOptions {
  scenario: Scenario;
  /** The calibrated mean session, µs (the host computes it once from the forecast, as sim does). */
  meanSession: number;
  rngs: RngStreams;
  /** Appended to each random stream's name, so the threads of one run draw apart. */
  streamSuffix?: string;
}

export class PlayerFleet {
  readonly regionNames: string[];
  private readonly viewers: Viewer[] = [];
  private readonly policy: StartupPolicy;
  private readonly decision = new StartupDecision();
  private readonly timeout: number;
  private readonly endUs: number;
  private readonly m: SurgeMetrics;
  private readonly rng: { route: Rng; player: Rng; session: Rng; dips: Rng };
  private readonly sessionLength: () => number;
  private readonly exodusDelay: () => number;
  private readonly resumeDelay: () => number;
  private readonly kSend: number;
  private readonly kDepart: number;
  private readonly kAbandon: number;
  /** Steering as the host last published it: share of home h's requests sent to target[h]. */
  private share: Float64Array;
  private target: Int32Array;
  private readonly playbackDown: Uint8Array;
  private stopped = false;
  /** Viewers watching now, by home region (drives the regions' background load). */
  readonly watching: Float64Array;
  playAttempts = 0;
  playStarts = 0;
  private abandonsDue = 0;

  constructor(private readonly clock: Clock, recorder: Recorder, private readonly transport: Transport<PlayRequest, PlayResponse>, o: FleetOptions) {
    const s = o.scenario;
    const pl = s.player!;
    const aud = s.audience!;
    const sfx = o.streamSuffix ?? '';
    this.rng = {
      route: o.rngs.stream(`surge/routing${sfx}`),
      player: o.rngs.stream(`surge/player${sfx}`),
      session: o.rngs.stream(`surge/sessions${sfx}`),
      dips: o.rngs.stream(`surge/dips${sfx}`),
    };
    this.regionNames = Object.keys(s.topology.controlPlane!.regions);
    this.m = declareSurgeMetrics(recorder, this.regionNames);
    this.timeout = pl.timeout;
    this.endUs = aud.start + aud.length;
    this.sessionLength = exponential(this.rng.session, o.meanSession);
    this.exodusDelay = exponential(this.rng.session, aud.exodus);
    this.resumeDelay = durationSampler(pl.resume, this.rng.player);
    this.policy = startupPolicy(s, this.rng.player);
    const n = this.regionNames.length;
    this.watching = new Float64Array(n);
    this.share = new Float64Array(n);
    this.target = Int32Array.from({ length: n }, (_, i) => i);
    this.playbackDown = new Uint8Array(n + 1);
    this.kSend = clock.register((v) => this.dispatch(v));
    this.kDepart = clock.register((v) => this.depart(v));
    this.kAbandon = clock.register(() => {
      this.abandonsDue--;
      this.m.abandoned.add();
    });
  }

  /** A viewer joins: they press Play at `press` (µs; now if already past) in their home region. */
  join(id: number, home: number, press: number): void {
    const v = this.viewers.push(new Viewer(id, home)) - 1;
    const c = this.viewers[v];
    c.press = press;
    this.playAttempts++;
    this.send(v, FIRST, Math.max(0, press - this.clock.now()));
  }

  /** The host's steering decision (see models/control-plane/steering.ts). */
  setSteering(share: Float64Array, target: Int32Array): void {
    this.share = share;
    this.target = target;
  }

  /** Stops acting: answers and timers that arrive afterwards change nothing. */
  stop(): void {
    this.stopped = true;
  }

  /** Viewers still trying to start playback (including abandonments not yet due). */
  stillTrying(): number {
    let n = this.abandonsDue;
    for (const c of this.viewers) if (c.state === WAITING || c.state === REQUESTING) n++;
    return n;
  }

  get size(): number {
    return this.viewers.length;
  }

  // ---- requests ----------------------------------------------------------------------------------

  /** The viewer sends a play request `delay` µs from now: route it now, as sim does. */
  private send(v: number, cause: number, delay: number): void {
    const c = this.viewers[v];
    const u = this.rng.route.next();
    c.region = u < this.share[c.home] ? this.target[c.home] : c.home;
    c.seq++;
    c.cause = cause;
    c.state = WAITING;
    this.clock.schedule(Math.round(delay), this.kSend, v * 256 + (c.seq & 255));
  }

  private dispatch(arg: number): void {
    const v = Math.floor(arg / 256);
    const c = this.viewers[v];
    if (this.stopped || c.state !== WAITING || (c.seq & 255) !== arg % 256) return;
    c.state = REQUESTING;
    c.attempt++;
    this.m.byCause[c.cause].add();
    const seq = c.seq;
    const deadline = this.clock.now() + this.timeout;
    this.transport.request(this.regionNames[c.region], { viewer: c.id, deadline }, (r) => this.answer(v, seq, r));
  }

  private answer(v: number, seq: number, r: TransportResult<PlayResponse>): void {
    const c = this.viewers[v];
    if (this.stopped || c.state !== REQUESTING || c.seq !== seq) return;
    const now = this.clock.now();
    if (r.ok) {
      if (r.res.status === 200) this.started(v, now);
      else this.fail(v, now, r.res.retryAfter, r.res.load);
    } else if (r.error === TIMEOUT) {
      this.m.timeouts.add();
      this.fail(v, now, 0, 0);
    } else {
      this.fail(v, now, 0, 1);
    }
  }

  private started(v: number, at: number): void {
    const c = this.viewers[v];
    c.state = PLAYING;
    c.seq++;
    this.playStarts++;
    this.m.playStart.record((at - c.press) / MS);
    this.m.concurrency.add(1);
    this.watching[c.home]++;
    const leave = Math.min(at + this.sessionLength(), Math.max(at, this.endUs) + this.exodusDelay());
    this.clock.schedule(Math.max(0, Math.round(leave) - this.clock.now()), this.kDepart, v * 256 + (c.seq & 255));
  }

  private depart(arg: number): void {
    const v = Math.floor(arg / 256);
    const c = this.viewers[v];
    if (this.stopped || c.state !== PLAYING || (c.seq & 255) !== arg % 256) return;
    this.stopWatching(v);
    this.m.departures.add();
  }

  /** A failed request: the player's decision, then its next request or the viewer leaving. */
  private fail(v: number, at: number, retryAfter: number, load: number): void {
    const c = this.viewers[v];
    const d = afterFailure(this.policy, c.attempt, c.restarts, at - c.press, c.prevDelay, retryAfter, load, this.rng.player, this.decision);
    if (d.next === ABANDON) {
      c.state = ABANDONED;
      if (d.delay > 0) {
        this.abandonsDue++;
        this.clock.schedule(Math.round(d.delay), this.kAbandon, v);
      } else {
        this.m.abandoned.add();
      }
      return;
    }
    c.prevDelay = d.delay;
    if (d.next === NEXT_RESTART) {
      c.restarts++;
      c.attempt = 0;
      c.prevDelay = 0;
      this.send(v, RESTART, d.delay);
    } else {
      this.send(v, RETRY, d.delay);
    }
  }

  // ---- interruptions and dips (as SurgeSim) ------------------------------------------------------

  /** A playback fault in `region` (-1: everywhere): watchers are interrupted and press Play again later. */
  playbackFault(region: number, down: boolean): void {
    const key = region + 1;
    const was = this.playbackDown[key];
    this.playbackDown[key] = down ? 1 : 0;
    if (!down || was || this.stopped) return;
    const now = this.clock.now();
    let n = 0;
    for (let v = 0; v < this.viewers.length; v++) {
      const c = this.viewers[v];
      if (c.state !== PLAYING || (region >= 0 && c.home !== region)) continue;
      this.stopWatching(v);
      n++;
      this.beginAttempt(v, now + Math.round(this.resumeDelay()), RESTART);
    }
    this.m.interrupted.add(n);
  }

  /** A dip: a share of watchers leave now and come back `away` later (spread over a minute). */
  dip(fraction: number, away: number): void {
    if (this.stopped) return;
    const now = this.clock.now();
    let n = 0;
    for (let v = 0; v < this.viewers.length; v++) {
      const c = this.viewers[v];
      if (c.state !== PLAYING || this.rng.dips.next() >= fraction) continue;
      this.stopWatching(v);
      n++;
      this.beginAttempt(v, now + away + Math.round((this.rng.dips.next() - 0.5) * 60e6), FIRST);
    }
    this.m.departures.add(n);
  }

  private stopWatching(v: number): void {
    const c = this.viewers[v];
    c.state = LEFT;
    c.seq++;
    this.m.concurrency.add(-1);
    this.watching[c.home]--;
  }

  private beginAttempt(v: number, at: number, cause: number): void {
    const c = this.viewers[v];
    c.attempt = 0;
    c.restarts = 0;
    c.prevDelay = 0;
    c.press = at;
    this.playAttempts++;
    this.send(v, cause, Math.max(0, at - this.clock.now()));
  }
}
