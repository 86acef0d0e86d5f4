/**
 * Delivery viewer by viewer: each playing viewer has its own fetch loop, one kernel event per segment
 * request at its exact time; the answer (computed synchronously by the site, or later when the origin
 * held the fetch) schedules the next request. State lives in typed arrays indexed by the surge's viewer
 * index. The reference the cohort mode is checked against; affordable up to a few hundred thousand.
 *
 * A departure is noticed at the viewer's first request at or after its departure time (it simply
 * does not ask again), which is also how cohort mode applies departures: within one segment.
 */
import type { Clock } from '../../../models/ports.ts';
import { INTERRUPTED } from '../../../models/player/buffer.ts';
import type { PlaybackListener, SurgeSim } from '../surge/surge.ts';
import type { Rng } from '../../../models/ports.ts';
import type { DeliveryConfig } from './config.ts';
import type { DeliveryTally } from './metrics.ts';
import { PlayerState, PlayerStep, StepResult } from './step.ts';
import { PlayerRecords } from './player-records.ts';
import type { DeliveryWorld } from './world.ts';

const IDLE = 0;
/** Waiting to send its next request. */
const READY = 1;
/** Request sent, answer not yet in. */
const AWAIT = 2;
/** Will stop at its scheduled event (frozen or failing too long). */
const STOPPING = 3;

export interface DeliveryRngs {
  edge: Rng;
  cls: Rng;
  clock: Rng;
}

export class ViewerMode implements PlaybackListener {
  private readonly state: Uint8Array;
  private readonly seq: Uint8Array;
  private readonly home: Uint8Array;
  private readonly p: PlayerRecords;
  private readonly departAt: Float64Array;
  private readonly kRequest: number;
  private readonly st = new PlayerState();
  private readonly res = new StepResult();
  private readonly R: number;

  constructor(
    private readonly c: DeliveryConfig,
    private readonly world: DeliveryWorld,
    private readonly surge: SurgeSim,
    private readonly step: PlayerStep,
    private readonly tally: DeliveryTally,
    private readonly clock: Clock,
    private readonly rng: DeliveryRngs,
    /** Rung cap per home, kept current by the builder. */
    private readonly capRung: Uint8Array,
    viewers: number,
  ) {
    this.R = c.ladder.length;
    this.state = new Uint8Array(viewers);
    this.seq = new Uint8Array(viewers);
    this.home = new Uint8Array(viewers);
    this.p = new PlayerRecords(viewers);
    this.departAt = new Float64Array(viewers);
    this.kRequest = clock.register((arg) => this.request(arg));
    world.sink = this;
  }

  started(v: number, at: number, home: number, departAt: number): void {
    const c = this.c;
    const t = this.tally;
    if (this.state[v] !== IDLE) this.leave(v); // cannot happen with the surge's hook; kept for safety
    t.started++;
    t.playing++;
    const seq = (this.seq[v] + 1) & 255;
    this.seq[v] = seq;
    this.p.setSite(v, this.world.siteFor(home));
    const edge = Math.floor(this.rng.edge.next() * c.cdn.edgesPerSite);
    const cls = Math.floor(this.rng.cls.next() * c.lastMile.classes);
    this.home[v] = home;
    const ahead = this.rng.clock.next() < c.clockSkew.share ? c.clockSkew.ahead : 0;
    const seg = Math.max(0, Math.floor((at + ahead - c.publishLatency) / c.segment) - 1);
    this.p.start(v, edge, cls, this.step.startRung(cls, this.capRung[home]), seg, c.playback.targetBuffer);
    this.departAt[v] = departAt;
    this.state[v] = READY;
    this.clock.schedule(Math.max(0, at - this.clock.now()), this.kRequest, v * 256 + seq);
  }

  stopped(v: number): void {
    if (this.state[v] === IDLE) return;
    this.tally.stopped++;
    this.leave(v);
  }

  private leave(v: number): void {
    this.state[v] = IDLE;
    this.tally.playing--;
  }

  /** The viewer's next event: a request, a departure noticed, or a stop. */
  private request(arg: number): void {
    const seq = arg % 256;
    const v = (arg - seq) / 256;
    if (this.seq[v] !== seq) return;
    const s = this.state[v];
    if (s !== READY && s !== STOPPING) return;
    const now = this.clock.now();
    if (now >= this.departAt[v]) {
      this.tally.departed++;
      this.leave(v);
      return;
    }
    if (s === STOPPING) {
      this.tally.interrupted++;
      this.leave(v);
      this.surge.interrupt(v, now);
      return;
    }
    this.state[v] = AWAIT;
    const p = this.p;
    p.setSentAt(v, now);
    this.tally.requests++;
    const r = p.rend(v);
    const id = p.seg(v) * this.R + r;
    this.world.sites[p.site(v)].request(p.edge(v), id, r, this.c.bytes[r], 1, arg, now);
  }

  /** An answer from the site (tag = viewer · 256 + seq). */
  deliver(tag: number, count: number, status: number, readyAt: number): void {
    const seq = tag % 256;
    const v = (tag - seq) / 256;
    if (this.seq[v] !== seq || this.state[v] !== AWAIT) return;
    const st = this.st;
    this.p.load(v, st);
    const site = this.p.site(v);
    const now = this.clock.now();
    const share = this.world.sites[site].egressShare(this.p.edge(v), now);
    const res = this.step.answer(st, status, readyAt, share, this.capRung[this.home[v]], this.res);
    const t = this.tally;
    t.rebufferUs += res.rebuffer * count;
    t.playedUs += res.played * count;
    if (res.rebuffer > 0) t.rebuffering += count;
    if (res.ok) t.served[res.served] += count;
    if (res.next === INTERRUPTED) {
      this.state[v] = STOPPING;
    } else {
      this.state[v] = READY;
      this.p.store(v, st);
      if (res.switchSite) {
        t.switches += count;
        this.p.setSite(v, this.world.switchFrom(site));
        this.p.setEdge(v, Math.floor(this.rng.edge.next() * this.c.cdn.edgesPerSite));
      }
    }
    this.clock.schedule(Math.max(0, res.at - now), this.kRequest, tag);
  }

  /** Viewers by state, for the conservation check. */
  playingNow(): number {
    let n = 0;
    for (let v = 0; v < this.state.length; v++) if (this.state[v] !== IDLE) n++;
    return n;
  }
}
