/**
 * Delivery by cohorts: viewers alike in site, edge, throughput class, rendition, request phase and
 * playback state (segment, buffer, lag, stall, error and slow runs) are one cohort with a count, and
 * make one weighted request per segment. The kernel sees one tick per phase slot (D / phases), however
 * large the audience; each tick serves, site by site, the cohorts whose request falls in that slot
 * (a ring of slot lists, sorted by site when due, so a tick touches only what is due).
 *
 * The approximations, which the agreement test with viewer mode measures:
 * - request times are rounded up to the slot grid (viewer mode: exact), so viewers who would have
 *   asked apart ask together and decide alike; on saturated edges that overstates rebuffering, the
 *   more the fewer the phases (agreement fixture, seeds 7-12: 0.80% per viewer, 0.87% with 20 phases,
 *   0.92% with 4, 1.30% with 2). Rounding at random to either grid point instead (mean delay 0) did
 *   not help and sent early requests into 404s (origin requests +65%);
 * - buffer, lag, stall and error run are rounded to `stateQuantum`, so cohorts that went through the
 *   same conditions merge (they do when they reach the same state in the same bucket);
 * - who leaves is drawn, not known: departures (known per viewer when playback starts) are tallied per
 *   home region and slot; at each tick that slot's departures are owed by the home, and each cohort of
 *   the home served afterwards gives up Binomial(count, owed / population) viewers. It is drawn as a
 *   Bernoulli process over the home's viewers in serving order (geometric gaps between departures,
 *   redrawn whenever the share moves), so a tick costs a draw per departure, not a binomial set-up per
 *   cohort (6% of a full-scale run). Over one segment
 *   every cohort is served once, so a departure takes effect within about D, as in viewer mode, where a
 *   viewer leaves at its first request after its departure time.
 *
 * Splits: an answer in parts (an overloaded edge serves some now, queues some, refuses the rest) splits
 * the cohort by those counts; a switching part is spread over a few sites (sequential binomials);
 * an interrupted part hands that many viewers of its home back to the surge. To name them the mode
 * keeps two small per-viewer fields (home, departure slot): it picks random viewers of the home still
 * watching and interrupts those, and cancels their tallied departures.
 */
import type { Clock, Rng } from '../../../models/ports.ts';
import { INTERRUPTED } from '../../../models/player/buffer.ts';
import type { PlaybackListener, SurgeSim } from '../surge/surge.ts';
import { binomial } from '../../dist/index.ts';
import type { DeliveryConfig } from './config.ts';
import type { DeliveryTally } from './metrics.ts';
import { PlayerState, PlayerStep, StepResult } from './step.ts';
import { PlayerRecords } from './player-records.ts';
import type { DeliveryWorld } from './world.ts';
import type { DeliveryRngs } from './viewer-mode.ts';

/** Slot buckets per site ring: 64 s at the default 500 ms slot, beyond any cycle a player survives. */
const RING = 128;
const NONE = -1;
/** Most sites a switching part is spread over. */
const SWITCH_SPREAD = 4;

export class CohortMode implements PlaybackListener {
  // Cohort records (one per cohort, grown by doubling; free list through `link`).
  private readonly p = new PlayerRecords(0);
  private free = NONE;
  private high = 0;

  /**
   * Per ring slot (`slot % RING`), the cohorts due then as (site, cohort) pairs in enqueue order. A
   * tick sorts its slot's pairs by site (counting sort, stable), so the cohorts are read from a plain
   * array: per-site linked lists made every step a dependent cache miss (10% of a full-scale run).
   */
  private readonly dueList: Int32Array[] = [];
  private readonly dueLen = new Int32Array(RING);
  private readonly siteEnd: Int32Array;
  private sorted = new Int32Array(1024);
  /** The last slot ticked (requests are due from the next one). */
  private current = -1;
  private readonly slots: number;
  private readonly homes: number;
  /** Departures tallied per (home, slot); index `slots` collects those after the run. */
  private readonly due: Float64Array;
  private readonly owed: Float64Array;
  /** Per home: the departure share the gap was drawn for, and viewers to pass over before the next departure. */
  private readonly leaveShare: Float64Array;
  private readonly leaveGap: Float64Array;
  private readonly rngLeave: Rng;
  private readonly pop: Float64Array;
  // Per viewer: home and departure slot + 1 (0: not in delivery).
  private readonly vHome: Uint8Array;
  private readonly vDepart: Uint32Array;

  private readonly kTick: number;
  private readonly st = new PlayerState();
  private readonly res = new StepResult();
  private readonly draw: (n: number, p: number) => number;
  private readonly rngPick: Rng;
  private readonly R: number;
  private readonly q: number;
  // Merge scratch: open addressing over cohort ids, cleared by stamp.
  private mergeIds = new Int32Array(256);
  private mergeStamp = new Int32Array(256);
  private stamp = 0;
  private order = new Int32Array(256);

  constructor(
    private readonly c: DeliveryConfig,
    private readonly world: DeliveryWorld,
    private readonly surge: SurgeSim,
    private readonly step: PlayerStep,
    private readonly tally: DeliveryTally,
    private readonly clock: Clock,
    private readonly rng: DeliveryRngs,
    private readonly capRung: Uint8Array,
    viewers: number,
    homes: number,
    duration: number,
    cohortRng: Rng,
    pickRng: Rng,
  ) {
    if (!Number.isInteger(c.slot) || c.slot <= 0) throw new Error(`delivery: segment / phases must be a whole number of µs, got ${c.slot}`);
    this.R = c.ladder.length;
    this.q = c.stateQuantum;
    for (let b = 0; b < RING; b++) this.dueList.push(new Int32Array(64));
    this.siteEnd = new Int32Array(c.cdn.sites);
    this.slots = Math.ceil(duration / c.slot) + 1;
    this.homes = homes;
    this.due = new Float64Array(homes * (this.slots + 1));
    this.owed = new Float64Array(homes);
    this.leaveShare = new Float64Array(homes);
    this.leaveGap = new Float64Array(homes);
    this.rngLeave = cohortRng;
    this.pop = new Float64Array(homes);
    this.vHome = new Uint8Array(viewers);
    this.vDepart = new Uint32Array(viewers);
    this.draw = binomial(cohortRng);
    this.rngPick = pickRng;
    this.p.grow(1024);
    this.kTick = clock.register((slot) => this.tick(slot));
    clock.schedule(0, this.kTick, 0);
    world.sink = this;
  }

  // ---- the surge's hook ------------------------------------------------------------------------------

  started(v: number, at: number, home: number, departAt: number): void {
    const c = this.c;
    const t = this.tally;
    t.started++;
    t.playing++;
    this.pop[home]++;
    const ds = Math.min(this.slots, Math.ceil(departAt / c.slot));
    this.vHome[v] = home;
    this.vDepart[v] = ds + 1;
    this.due[home * (this.slots + 1) + ds]++;
    // The same draws, in the same order, as viewer mode.
    const site = this.world.siteFor(home);
    const edge = Math.floor(this.rng.edge.next() * c.cdn.edgesPerSite);
    const cls = Math.floor(this.rng.cls.next() * c.lastMile.classes);
    const ahead = this.rng.clock.next() < c.clockSkew.share ? c.clockSkew.ahead : 0;
    const k = this.alloc();
    const p = this.p;
    p.setCount(k, 1);
    p.setSite(k, site);
    const seg = Math.max(0, Math.floor((at + ahead - c.publishLatency) / c.segment) - 1);
    const buffer = this.q > 0 ? Math.round(c.playback.targetBuffer / this.q) * this.q : c.playback.targetBuffer;
    p.start(k, edge, cls, this.step.startRung(cls, this.capRung[home]), seg, buffer);
    this.enqueue(k, at);
  }

  stopped(v: number): void {
    const d = this.vDepart[v];
    if (d === 0) return;
    this.vDepart[v] = 0;
    const ds = d - 1;
    if (ds <= this.current) return; // already owed as a departure
    const h = this.vHome[v];
    this.due[h * (this.slots + 1) + ds]--;
    this.owed[h]++;
    this.tally.stopped++;
    this.tally.playing--;
  }

  // ---- ticks -----------------------------------------------------------------------------------------

  private tick(slot: number): void {
    this.current = slot;
    const now = slot * this.c.slot;
    const t = this.tally;
    for (let h = 0; h < this.homes; h++) {
      const n = this.due[h * (this.slots + 1) + slot];
      if (n > 0) {
        this.owed[h] += n;
        t.departed += n;
        t.playing -= n;
      }
    }
    const b = slot & (RING - 1);
    const n = this.dueLen[b];
    if (n > 0) {
      this.dueLen[b] = 0;
      const due = this.dueList[b];
      const end = this.siteEnd;
      const S = end.length;
      end.fill(0);
      for (let i = 0; i < n; i++) end[due[2 * i]]++;
      for (let s = 0, at = 0; s < S; s++) {
        at += end[s];
        end[s] = at - end[s];
      }
      if (this.sorted.length < n) this.sorted = new Int32Array(2 * n);
      const sorted = this.sorted;
      // Afterwards end[s] is where site s's run ends (and s + 1's begins).
      for (let i = 0; i < n; i++) sorted[end[due[2 * i]]++] = due[2 * i + 1];
      for (let s = 0, lo = 0; s < S; s++) {
        const hi = end[s];
        if (hi > lo) this.serveBucket(s, lo, hi, now);
        lo = hi;
      }
    }
    if (slot + 1 < this.slots) this.clock.schedule(this.c.slot, this.kTick, slot + 1);
  }

  /**
   * Merges alike cohorts of one site's bucket (`sorted[lo, hi)`, served last-enqueued first), applies
   * owed departures, and sends each one's request.
   */
  private serveBucket(site: number, lo: number, hi: number, now: number): void {
    const p = this.p;
    const bucket = this.sorted;
    const n = hi - lo;
    if (this.order.length < n) this.order = new Int32Array(2 * n);
    let size = this.mergeIds.length;
    if (size < 2 * n) {
      while (size < 2 * n) size *= 2;
      this.mergeIds = new Int32Array(size);
      this.mergeStamp = new Int32Array(size);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const mask = size - 1;
    let m = 0;
    for (let i = hi - 1; i >= lo; i--) {
      const k = bucket[i];
      let slot = p.stateHash(k) & mask;
      let merged = false;
      while (this.mergeStamp[slot] === stamp) {
        const o = this.mergeIds[slot];
        if (p.sameState(o, k)) {
          p.setCount(o, p.count(o) + p.count(k));
          this.release(k);
          merged = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (!merged) {
        this.mergeStamp[slot] = stamp;
        this.mergeIds[slot] = k;
        this.order[m++] = k;
      }
    }
    // Answers never serve another bucket, so `order` is not reused while this loop runs.
    const order = this.order;
    const h = this.world.siteHome[site];
    for (let i = 0; i < m; i++) {
      const k = order[i];
      if (this.owed[h] > 0) {
        const n = p.count(k);
        const share = Math.min(1, this.owed[h] / this.pop[h]);
        // The gap left over is still Geometric(share) if the share has not moved (memorylessness).
        if (share !== this.leaveShare[h]) {
          this.leaveShare[h] = share;
          this.leaveGap[h] = this.gap(share);
        }
        let gap = this.leaveGap[h];
        let rest = n;
        let x = 0;
        if (share >= 1) {
          x = n; // everyone owes: no gaps to draw
          rest = 0;
        }
        while (gap < rest) {
          x++;
          rest -= gap + 1;
          gap = this.gap(this.leaveShare[h]);
        }
        this.leaveGap[h] = gap - rest;
        if (x > 0) {
          p.setCount(k, n - x);
          this.owed[h] -= x;
          this.pop[h] -= x;
          if (n === x) {
            this.release(k);
            continue;
          }
        }
      }
      p.setSentAt(k, now);
      this.tally.requests++;
      const r = p.rend(k);
      this.world.sites[site].request(p.edge(k), p.seg(k) * this.R + r, r, this.c.bytes[r], p.count(k), k, now);
    }
  }

  // ---- answers ---------------------------------------------------------------------------------------

  /** A part of the answer to cohort `tag`'s request: the last part settles the cohort itself, others split off. */
  deliver(tag: number, part: number, status: number, readyAt: number): void {
    const p = this.p;
    let k = tag;
    if (part !== p.count(k)) {
      k = this.clone(tag);
      p.setCount(k, part);
      p.setCount(tag, p.count(tag) - part);
    }
    const st = this.st;
    p.load(k, st);
    const site = p.site(k);
    const h = this.world.siteHome[site];
    const now = this.clock.now();
    const share = this.world.sites[site].egressShare(p.edge(k), now);
    const res = this.step.answer(st, status, readyAt, share, this.capRung[h], this.res);
    const t = this.tally;
    t.rebufferUs += res.rebuffer * part;
    t.playedUs += res.played * part;
    if (res.rebuffer > 0) t.rebuffering += part;
    if (res.ok) t.served[res.served] += part;
    if (res.next === INTERRUPTED) {
      this.release(k);
      this.pop[h] -= part;
      this.interrupt(h, part, Math.max(now, res.at));
      return;
    }
    p.store(k, st, this.q);
    const at = Math.max(res.at, now + 1);
    if (!res.switchSite) {
      this.enqueue(k, at);
      return;
    }
    t.switches += part;
    // Spread over a few sites: a whole cohort moving to one site would be a lump no real audience makes.
    let rest = part;
    const spread = Math.min(part, SWITCH_SPREAD);
    for (let j = 0; j < spread && rest > 0; j++) {
      const take = j === spread - 1 ? rest : this.draw(rest, 1 / (spread - j));
      if (take === 0) continue;
      const target = take === rest ? k : this.clone(k);
      p.setCount(target, take);
      if (target !== k) p.setCount(k, p.count(k) - take);
      rest -= take;
      p.setSite(target, this.world.switchFrom(site));
      p.setEdge(target, Math.floor(this.rng.edge.next() * this.c.cdn.edgesPerSite));
      this.enqueue(target, at);
    }
  }

  /** Viewers passed over before the next departure, when each leaves with probability `share`: Geometric(share). */
  private gap(share: number): number {
    if (share >= 1) return 0;
    return Math.floor(Math.log1p(-this.rngLeave.next()) / Math.log1p(-share));
  }

  /** `n` viewers of home `h` stop at `at`: named by random probes of the viewers still watching. */
  private interrupt(h: number, n: number, at: number): void {
    const t = this.tally;
    const size = this.surge.uniqueViewers();
    const stride = this.slots + 1;
    let found = 0;
    for (let probes = 0; found < n && probes < 64 * n && size > 0; probes++) {
      const v = Math.floor(this.rngPick.next() * size);
      const d = this.vDepart[v];
      if (d === 0 || this.vHome[v] !== h || d - 1 <= this.current) continue;
      this.vDepart[v] = 0;
      this.due[h * stride + d - 1]--;
      this.surge.interrupt(v, at);
      found++;
    }
    t.interrupted += found;
    t.playing -= found;
    // None left to name: the rest were viewers already owed as departures; they leave as those.
    this.owed[h] = Math.max(0, this.owed[h] - (n - found));
  }

  // ---- cohort records --------------------------------------------------------------------------------

  /** Puts cohort k in its site's bucket for the first slot at or after `at` (and after the current one). */
  private enqueue(k: number, at: number): void {
    let slot = Math.ceil(at / this.c.slot);
    if (slot <= this.current) slot = this.current + 1;
    if (slot - this.current >= RING) slot = this.current + RING - 1;
    const b = slot & (RING - 1);
    const n = this.dueLen[b];
    let due = this.dueList[b];
    if (2 * n === due.length) {
      const grown = new Int32Array(2 * due.length);
      grown.set(due);
      this.dueList[b] = due = grown;
    }
    due[2 * n] = this.p.site(k);
    due[2 * n + 1] = k;
    this.dueLen[b] = n + 1;
  }

  private alloc(): number {
    const p = this.p;
    let k = this.free;
    if (k !== NONE) this.free = p.link(k);
    else {
      if (this.high === p.capacity) p.grow(Math.max(1024, p.capacity * 2));
      k = this.high++;
    }
    const t = this.tally;
    if (++t.cohorts > t.peakCohorts) t.peakCohorts = t.cohorts;
    return k;
  }

  private release(k: number): void {
    this.p.setCount(k, 0);
    this.p.setLink(k, this.free);
    this.free = k;
    this.tally.cohorts--;
  }

  private clone(k: number): number {
    const j = this.alloc();
    this.p.copy(k, j);
    return j;
  }

  /** Viewers in cohorts, and the owed departures not yet taken from them (for the conservation check). */
  census(): { inCohorts: number; owed: number } {
    let inCohorts = 0;
    for (let k = 0; k < this.high; k++) inCohorts += this.p.count(k);
    return { inCohorts, owed: this.owed.reduce((a, b) => a + b, 0) };
  }
}
