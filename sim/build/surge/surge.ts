/**
 * The play-start surge, wired for simulation at full scale: the audience model's joins, the player's
 * start-up decisions and the control-plane regions, over per-viewer typed columns.
 *
 * Where events are saved (a 108-million-viewer run is a few hundred million events):
 * - a request is one event at its arrival in the region (the send is folded into it: the region is
 *   chosen when the player decides to send), plus the region's completion event when it is served;
 * - a response is handled when the region answers, at the time the player will receive it
 *   (answer + one-way latency); nothing happens to a waiting player in between;
 * - client timeouts are one sweep timer per region over a ring of the requests it queued (deadlines
 *   are in arrival order, since timeout and latency are fixed per region), not a timer per request;
 * - departures and abandonments are tallied per interval when they are decided, not scheduled.
 */
import type { Rng } from '../../../models/ports.ts';
import { MS, SEC } from '../../../models/time.ts';
import type { FaultEffect } from '../../../models/faults.ts';
import { ControlRegion, OK, QUEUED, STARTED } from '../../../models/control-plane/region.ts';
import { stepActive } from '../../../models/control-plane/degradation.ts';
import { Steering } from '../../../models/control-plane/steering.ts';
import { afterFailure, ABANDON, RESTART as NEXT_RESTART, StartupDecision, type StartupPolicy } from '../../../models/player/startup.ts';
import { arrivalCurves } from '../../../models/audience/curves/registry.ts';
import { calibrateSession, concurrencyOf, joinsPerBin } from '../../../models/audience/forecast.ts';
import { binomial, exponential, weightedChoice } from '../../dist/index.ts';
import { durationSampler } from '../samplers.ts';
import { regionOptions, startupPolicy } from './options.ts';
import type { BuildContext } from '../types.ts';
import { declareSurgeMetrics, type SurgeMetrics } from './metrics.ts';
import {
  ABANDONED, CAUSES, FIRST, LEFT, PLAYING, REQUESTING, RESTART, RETRY, SWEPT,
  ViewerTable, requestId, seqOf, viewerOf,
} from './viewers.ts';

/**
 * Who hears about viewers starting and stopping playback: segment delivery, which takes over once a
 * play request succeeds. Departures are known when playback starts (`departAt`), so they are passed
 * then rather than announced.
 */
export interface PlaybackListener {
  /** Viewer v started playing at `at` (µs) in control-plane region `home`; it leaves at `departAt` unless stopped earlier. */
  started(v: number, at: number, home: number, departAt: number): void;
  /** Viewer v stopped playing at `at` for a reason outside delivery (a dip, a playback fault). */
  stopped(v: number, at: number): void;
}

/** A growable FIFO of (request id, deadline) per region, for the timeout sweep. */
class SweepRing {
  ids = new Float64Array(1024);
  deadlines = new Float64Array(1024);
  head = 0;
  size = 0;
  push(id: number, deadline: number): void {
    if (this.size === this.ids.length) this.grow();
    const at = (this.head + this.size) % this.ids.length;
    this.ids[at] = id;
    this.deadlines[at] = deadline;
    this.size++;
  }
  shift(): void {
    this.head = (this.head + 1) % this.ids.length;
    this.size--;
  }
  private grow(): void {
    const n = this.ids.length * 2;
    const ids = new Float64Array(n);
    const dl = new Float64Array(n);
    for (let i = 0; i < this.size; i++) {
      ids[i] = this.ids[(this.head + i) % this.ids.length];
      dl[i] = this.deadlines[(this.head + i) % this.ids.length];
    }
    this.ids = ids;
    this.deadlines = dl;
    this.head = 0;
  }
}

export class SurgeSim {
  readonly regionNames: string[];
  readonly regions: ControlRegion[];
  private readonly steering: Steering;
  private readonly v: ViewerTable;
  private readonly oneWay: number[];
  private readonly timeout: number;
  private readonly policy: StartupPolicy;
  private readonly decision = new StartupDecision();
  private readonly binUs: number;
  private readonly bins: number;
  private readonly expectedJoins: Float64Array;
  private readonly forecastConcurrency: Float64Array;
  readonly meanSession: number;
  private readonly endUs: number;
  private readonly departuresByBin: Float64Array;
  private readonly abandonsByBin: Float64Array;
  private readonly watchingByRegion: Float64Array;
  private readonly rings: SweepRing[];
  private readonly sweepArmed: Uint8Array;
  /** Playback-fault state per region (+1; slot 0 is the all-regions target). */
  private readonly playbackDown: Uint8Array;
  private joinsLeft: number;
  private joinWeightLeft: number;
  private listener: PlaybackListener | null = null;
  /** The bitrate cap (kbps) degradation's last step imposes. */
  private readonly capKbps: number;

  private readonly rng: { join: Rng; route: Rng; player: Rng; session: Rng; dips: Rng; interrupt: Rng };
  private readonly pickHome: () => number;
  private readonly drawBinomial: (n: number, p: number) => number;
  private readonly sessionLength: () => number;
  private readonly exodusDelay: () => number;
  private readonly resumeDelay: () => number;

  /** Arrival handlers, one per (cause, region): `kArrive[cause × regions + region]`. */
  private readonly kArrive: number[];
  private readonly kSweep: number;
  private readonly kBin: number;

  // Tallies for the summary.
  playAttempts = 0;
  playStarts = 0;
  private readonly m: SurgeMetrics;

  constructor(private readonly ctx: BuildContext) {
    const s = ctx.scenario;
    const aud = s.audience!;
    const cp = s.topology.controlPlane!;
    const pl = s.player!;
    const pol = s.policies;
    const { clock, rngs, recorder } = ctx;

    this.rng = {
      join: rngs.stream('surge/joins'),
      route: rngs.stream('surge/routing'),
      player: rngs.stream('surge/player'),
      session: rngs.stream('surge/sessions'),
      dips: rngs.stream('surge/dips'),
      interrupt: rngs.stream('surge/interrupts'),
    };

    // The forecast: joins per interval and the mean session that makes the peak come out right.
    this.binUs = s.interval;
    this.bins = Math.ceil(s.duration / this.binUs);
    this.endUs = aud.start + aud.length;
    const density = arrivalCurves[aud.curve]({ start: aud.start, length: aud.length, spread: aud.spread, preShow: aud.preShow, lateJoiners: aud.lateJoiners });
    this.expectedJoins = joinsPerBin(density, this.bins, this.binUs, aud.uniqueViewers);
    this.meanSession = calibrateSession(this.expectedJoins, this.binUs, this.endUs, aud.exodus, aud.peakConcurrent);
    this.forecastConcurrency = concurrencyOf(this.expectedJoins, this.binUs, this.meanSession, this.endUs, aud.exodus);
    this.joinsLeft = Math.round(aud.uniqueViewers);
    this.joinWeightLeft = this.expectedJoins.reduce((a, b) => a + b, 0);

    this.regionNames = Object.keys(cp.regions);
    const homeWeights = this.regionNames.map((r) => aud.regions[r] ?? 0);
    this.pickHome = weightedChoice(this.rng.join, homeWeights);
    this.drawBinomial = binomial(this.rng.join);
    this.sessionLength = exponential(this.rng.session, this.meanSession);
    this.exodusDelay = exponential(this.rng.session, aud.exodus);
    this.resumeDelay = durationSampler(pl.resume, this.rng.player);

    this.v = new ViewerTable(Math.round(aud.uniqueViewers));
    this.departuresByBin = new Float64Array(this.bins + 1);
    this.abandonsByBin = new Float64Array(this.bins + 1);
    this.watchingByRegion = new Float64Array(this.regionNames.length);
    this.timeout = pl.timeout;
    this.policy = startupPolicy(s, this.rng.player);

    this.m = declareSurgeMetrics(recorder, this.regionNames);
    this.capKbps = pol.degradation.bitrateCap / 1000;

    this.oneWay = this.regionNames.map((r) => Math.round(cp.regions[r].rtt / 2));
    this.regions = this.regionNames.map((name, r) => {
      const spec = cp.regions[name];
      const o = regionOptions(s, name, rngs);
      const region = new ControlRegion(clock, recorder, o, {
        respond: (id, status, ra, load) => this.respond(r, id, status, ra, load),
        audience: () => this.watchingByRegion[r],
      });
      ctx.faultTargets.set(`controlPlane/${name}`, region);
      ctx.faultTargets.set(`playback/${name}`, { setFaults: (active) => this.playbackFaults(r, active) });
      return region;
    });
    ctx.faultTargets.set('playback', { setFaults: (active) => this.playbackFaults(-1, active) });
    this.steering = new Steering(this.regionNames.length, pol.rebalancing);
    this.rings = this.regionNames.map(() => new SweepRing());
    this.playbackDown = new Uint8Array(this.regionNames.length + 1);
    this.sweepArmed = new Uint8Array(this.regionNames.length);

    this.kArrive = CAUSES.flatMap((_, cause) => this.regionNames.map((_, r) => clock.register((id) => this.arrive(id, r, cause))));
    this.kSweep = clock.register((r) => this.sweep(r));
    this.kBin = clock.register((bin) => this.binStart(bin));
    clock.schedule(0, this.kBin, 0);
    for (const d of aud.dips) {
      clock.after(d.at, () => this.dip(d.fraction, d.for));
    }
  }

  // ---- joins -------------------------------------------------------------------------------------

  /** Start of an interval: draw its joins and schedule their first requests. */
  private binStart(bin: number): void {
    const { clock } = this.ctx;
    this.m.forecast.set(this.forecastConcurrency[bin]);
    // Multinomial by sequential binomials: exactly uniqueViewers joins over the run.
    const w = this.expectedJoins[bin];
    const n = this.joinWeightLeft > 0 ? this.drawBinomial(this.joinsLeft, Math.min(1, w / this.joinWeightLeft)) : 0;
    this.joinsLeft -= n;
    this.joinWeightLeft -= w;
    const c = this.v;
    const t0 = clock.now();
    const first = this.v.add(n);
    for (let v = first; v < first + n; v++) {
      const home = this.pickHome();
      c.setHome(v, home);
      c.setPress(v, t0 + Math.floor(this.rng.join.next() * this.binUs));
      this.playAttempts++;
      this.send(v, home, FIRST, c.press(v) - t0);
    }
    this.m.joins.add(n);
    if (bin + 1 < this.bins) clock.schedule(this.binUs, this.kBin, bin + 1);
  }

  /**
   * End of the interval ending at t (after all its events): take out the departures and abandonments
   * decided for it, and re-steer.
   */
  onInterval(t: number): void {
    const bin = this.binOf(t);
    const d = this.departuresByBin[bin];
    this.m.departures.add(d);
    this.m.concurrency.add(-d);
    this.m.abandoned.add(this.abandonsByBin[bin]);
    this.steering.update(this.regions.map((r) => r.load()));
    for (let r = 0; r < this.m.shares.length; r++) this.m.shares[r].set(this.steering.share[r]);
  }

  private binOf(t: number): number {
    return Math.min(this.bins, Math.max(0, Math.ceil(t / this.binUs) - 1));
  }

  // ---- requests ----------------------------------------------------------------------------------

  /**
   * The viewer sends a play request `delay` µs from now: route it and schedule its arrival.
   *
   * Everything the request changes in the viewer's record is written here, while the record is in
   * cache (the caller has just read it), and the arrival event carries the rest (cause and region in
   * its kind, the send time in its own time): at full scale a viewer's record is one random line among
   * gigabytes, and reading it again on arrival cost a cache miss for every request not shed at once
   * (boxing-2024 at 1/100 under cachegrind: last-level read misses -6.9%, instructions -3.6%).
   * Nothing happens to a viewer between sending and arrival (only playing viewers are interrupted or
   * dip, and a viewer sends again only once answered), so the arrival needs no check against it.
   */
  private send(v: number, home: number, cause: number, delay: number): void {
    const c = this.v;
    const r = this.steering.route(home, this.rng.route.next());
    const seq = (c.seq(v) + 1) & 255;
    c.setSeq(v, seq);
    c.setState(v, REQUESTING);
    c.setAttempt(v, c.attempt(v) + 1);
    const now = this.ctx.clock.now();
    c.setSentMs(v, Math.floor((now + delay) / MS));
    this.ctx.clock.schedule(delay + this.oneWay[r], this.kArrive[cause * this.regions.length + r], requestId(v, seq));
  }

  /** Request `id`, sent for `cause`, arrives now at region r. */
  private arrive(id: number, r: number, cause: number): void {
    this.m.byCause[cause].add();
    // It was sent one-way latency ago, so this is the client's deadline as `respond` reads it from
    // the record (sentMs × MS + timeout), to the µs.
    const deadline = Math.floor((this.ctx.clock.now() - this.oneWay[r]) / MS) * MS + this.timeout;
    const region = this.regions[r];
    const outcome = region.request(id, deadline);
    // Queued (or served slowly under a fault): the client may time out first, so watch its deadline.
    // A request served at once is answered well within it; the rare late one is handled in respond().
    if (outcome === QUEUED || (outcome === STARTED && region.slowedBy() > 0)) {
      this.v.setState(viewerOf(id), SWEPT);
      this.rings[r].push(id, deadline);
      if (!this.sweepArmed[r]) this.armSweep(r);
    }
  }

  private armSweep(r: number): void {
    const ring = this.rings[r];
    if (ring.size === 0) {
      this.sweepArmed[r] = 0;
      return;
    }
    this.sweepArmed[r] = 1;
    const now = this.ctx.clock.now();
    this.ctx.clock.schedule(Math.max(0, ring.deadlines[ring.head] - now), this.kSweep, r);
  }

  /** Client timeouts due now in region r's ring. */
  private sweep(r: number): void {
    const ring = this.rings[r];
    const now = this.ctx.clock.now();
    const c = this.v;
    while (ring.size > 0 && ring.deadlines[ring.head] <= now) {
      const id = ring.ids[ring.head];
      ring.shift();
      const v = viewerOf(id);
      if (c.state(v) === SWEPT && c.seq(v) === seqOf(id)) {
        this.m.timeouts.add();
        this.fail(v, now, 0, 0);
      }
    }
    // Answered requests are skipped lazily: drop them from the head so the next timer is for a live one.
    while (ring.size > 0) {
      const v = viewerOf(ring.ids[ring.head]);
      if (c.state(v) === SWEPT && c.seq(v) === seqOf(ring.ids[ring.head])) break;
      ring.shift();
    }
    this.armSweep(r);
  }

  /** The region answers request `id` now; the player receives it one-way latency later. */
  private respond(r: number, id: number, status: number, retryAfter: number, load: number): void {
    const v = viewerOf(id);
    const c = this.v;
    const st = c.state(v);
    if ((st !== REQUESTING && st !== SWEPT) || c.seq(v) !== seqOf(id)) return; // the player moved on
    const receipt = this.ctx.clock.now() + this.oneWay[r];
    if (receipt > c.sentMs(v) * MS + this.timeout) {
      if (st === SWEPT) return; // the sweep times it out at the deadline
      // Answered at once but too late to be heard (a slow path): the client timed out at its deadline.
      this.m.timeouts.add();
      this.fail(v, Math.max(this.ctx.clock.now(), c.sentMs(v) * MS + this.timeout), 0, 0);
      return;
    }
    if (status === OK) this.started(v, receipt);
    else this.fail(v, receipt, retryAfter, load);
  }

  private started(v: number, at: number): void {
    const c = this.v;
    c.setState(v, PLAYING);
    this.playStarts++;
    this.m.playStart.record((at - c.press(v)) / MS);
    this.m.concurrency.add(1);
    this.watchingByRegion[c.home(v)]++;
    const leave = Math.min(at + this.sessionLength(), Math.max(at, this.endUs) + this.exodusDelay());
    c.setDepartSec(v, leave / SEC);
    this.departuresByBin[this.binOf(leave)]++;
    this.listener?.started(v, at, c.home(v), leave);
  }

  /** A failed request (answered at `at`): the player's decision, then its next request or the viewer leaving. */
  private fail(v: number, at: number, retryAfter: number, load: number): void {
    const c = this.v;
    const d = afterFailure(this.policy, c.attempt(v), c.restarts(v), at - c.press(v), c.prevDelayMs(v) * MS, retryAfter, load, this.rng.player, this.decision);
    const now = this.ctx.clock.now();
    if (d.next === ABANDON) {
      c.setState(v, ABANDONED);
      this.abandonsByBin[this.binOf(at + d.delay)]++;
      return;
    }
    c.setPrevDelayMs(v, d.delay / MS);
    if (d.next === NEXT_RESTART) {
      c.setRestarts(v, c.restarts(v) + 1);
      c.setAttempt(v, 0);
      c.setPrevDelayMs(v, 0);
      this.send(v, c.home(v), RESTART, at - now + d.delay);
    } else {
      this.send(v, c.home(v), RETRY, at - now + d.delay);
    }
  }

  // ---- interruptions and dips --------------------------------------------------------------------


  /** A playback fault: every viewer watching in the region is interrupted and presses Play again later. */
  private playbackFaults(region: number, active: readonly FaultEffect[]): void {
    const key = region + 1;
    const down = active.some((f) => f.kind === 'down');
    const was = this.playbackDown[key];
    this.playbackDown[key] = down ? 1 : 0;
    if (!down || was) return;
    const c = this.v;
    const now = this.ctx.clock.now();
    const nowSec = now / SEC;
    let n = 0;
    for (let v = 0; v < this.v.size; v++) {
      if (c.state(v) !== PLAYING || (region >= 0 && c.home(v) !== region) || c.departSec(v) <= nowSec) continue;
      this.stopWatching(v);
      n++;
      this.beginAttempt(v, now + Math.round(this.resumeDelay()), RESTART);
    }
    this.m.interrupted.add(n);
  }

  /** A dip: a share of watchers leave now and come back `away` later. */
  private dip(fraction: number, away: number): void {
    const c = this.v;
    const now = this.ctx.clock.now();
    const nowSec = now / SEC;
    let n = 0;
    for (let v = 0; v < this.v.size; v++) {
      if (c.state(v) !== PLAYING || c.departSec(v) <= nowSec || this.rng.dips.next() >= fraction) continue;
      this.stopWatching(v);
      n++;
      // Returns are spread over a minute around the end of the break.
      this.beginAttempt(v, Math.max(now, now + away + Math.round((this.rng.dips.next() - 0.5) * 60 * SEC)), FIRST);
    }
    this.m.departures.add(n);
  }

  private stopWatching(v: number, notify = true): void {
    const c = this.v;
    this.departuresByBin[this.binOf(c.departSec(v) * SEC)]--;
    this.m.concurrency.add(-1);
    this.watchingByRegion[c.home(v)]--;
    c.setState(v, LEFT);
    if (notify) this.listener?.stopped(v, this.ctx.clock.now());
  }

  // ---- what segment delivery sees ----------------------------------------------------------------

  setPlaybackListener(l: PlaybackListener): void {
    this.listener = l;
  }

  /**
   * Delivery gave up on viewer v at `at` (a stall too long): it stops watching and presses Play
   * again after `player.resume`, a manual restart. No-op unless v is watching.
   */
  interrupt(v: number, at: number): void {
    const c = this.v;
    if (c.state(v) !== PLAYING || c.departSec(v) * SEC <= at) return;
    this.stopWatching(v, false);
    this.m.interrupted.add(1);
    this.beginAttempt(v, at + Math.round(this.resumeDelay()), RESTART);
  }

  /**
   * Interrupt `n` watchers of region `home`, chosen at random (for delivery by cohorts, which counts
   * viewers but does not name them); returns how many it found. Random probes of the viewer table,
   * at most 64 per viewer sought, so a region with few watchers left cannot stall the run.
   */
  interruptSome(home: number, n: number, at: number): number {
    const c = this.v;
    const size = this.v.size;
    let found = 0;
    for (let probes = 0; found < n && probes < 64 * n && size > 0; probes++) {
      const v = Math.floor(this.rng.interrupt.next() * size);
      if (c.state(v) !== PLAYING || c.home(v) !== home || c.departSec(v) * SEC <= at) continue;
      this.interrupt(v, at);
      found++;
    }
    return found;
  }

  /** The top bitrate (kbps) players homed in region `home` may pick now: capped by degradation's last step. */
  bitrateCap(home: number): number {
    return stepActive(this.regions[home].degradationLevel(), 'cap-bitrate') ? this.capKbps : Infinity;
  }

  /** A new play attempt: the viewer presses Play at `at`. */
  private beginAttempt(v: number, at: number, cause: number): void {
    const c = this.v;
    c.setAttempt(v, 0);
    c.setRestarts(v, 0);
    c.setPrevDelayMs(v, 0);
    c.setPress(v, at);
    this.playAttempts++;
    this.send(v, c.home(v), cause, Math.max(0, at - this.ctx.clock.now()));
  }

  // ---- summary -----------------------------------------------------------------------------------

  uniqueViewers(): number {
    return this.v.size;
  }

  /** Viewers still trying to start playback when the run ends (including abandonments due after it). */
  stillTrying(): number {
    let n = this.abandonsByBin[this.bins];
    for (let v = 0; v < this.v.size; v++) {
      const st = this.v.state(v);
      if (st === REQUESTING || st === SWEPT) n++;
    }
    return n;
  }
}
