/**
 * The delivery infrastructure as the simulation wires it: the encoding pipelines and their failover,
 * one live origin per origin region, and the CDN sites. Players (viewer or cohort mode) sit on top and
 * see only `request` and the answers handed to their sink.
 *
 * Mapping, fixed here so both modes and the reports agree:
 * - site i fills from origin region `i mod regions` (regions in the order the scenario lists them);
 * - each site serves one control-plane home region: sites are dealt to homes in rank order, each to
 *   the home furthest below its audience share, so every home gets big and small sites alike; a viewer
 *   picks a site of its own home by site weight (Zipf over rank, or uniform), and so does a player
 *   switching CDN;
 * - `ingestRegion/<n>` is pipelines of region n and origin region n (when there is one).
 *
 * Origin fetches are answered synchronously: the site's `fetch` asks the origin at once and replies with
 * the time the answer leaves the origin (the site adds the backbone). A request the origin holds for a
 * segment about to be published is asked again at `holdUntil` (a kernel event), and meanwhile the site's
 * collapser keeps everyone else asking for it waiting on that one fetch.
 */
import type { Clock, Micros, Rng, RngStreams } from '../../../models/ports.ts';
import type { Faultable, FaultEffect } from '../../../models/faults.ts';
import type { Scenario } from '../../../scenarios/schema/scenario.ts';
import { Pipeline, PublishResult, NEVER, addRegionLoss } from '../../../models/ingest/pipeline.ts';
import { Failover } from '../../../models/ingest/failover.ts';
import { AUTO, LiveOrigin, OriginResponse } from '../../../models/origin/live-origin.ts';
import { Site } from '../../../models/cdn/site.ts';
import { GONE, NOT_FOUND, OK, UNAVAILABLE, type DeliverySink, type OriginPort } from '../../../models/cdn/delivery.ts';
import { weightedChoice } from '../../dist/index.ts';
import type { DeliveryConfig } from './config.ts';

/** Where answers to players go (the mode). */
export type AnswerSink = DeliverySink;

export class DeliveryWorld implements DeliverySink, OriginPort {
  readonly pipelines: Pipeline[];
  readonly pipelineNames: string[];
  readonly failover: Failover;
  readonly origins: LiveOrigin[];
  readonly originNames: string[];
  readonly sites: Site[];
  /** Origin region of each site. */
  readonly siteOrigin: Uint16Array;
  /** Home (control-plane region index) of each site. */
  readonly siteHome: Uint16Array;
  /** Per pipeline: segment publishes (all renditions count one each) and defective ones, cumulative. */
  readonly produced: Float64Array;
  readonly producedDefective: Float64Array;
  /** Players' answers go here; set by the mode before the run starts. */
  sink: AnswerSink | null = null;

  private readonly pickSite: Array<() => number>;
  private readonly rngSwitch: Rng;
  private readonly response = new OriginResponse();
  private readonly publishResult = new PublishResult();
  private readonly kPublish: number;
  private readonly kHold: number;
  // Held origin fetches: site, object, rendition, with a free list through `holdNext`.
  private holdSite = new Int32Array(64);
  private holdObject = new Float64Array(64);
  private holdNext = new Int32Array(64).fill(-1);
  private holdFree = -1;
  private holdHigh = 0;
  private readonly renditions: number;

  constructor(
    private readonly s: Scenario,
    private readonly c: DeliveryConfig,
    private readonly clock: Clock,
    rngs: RngStreams,
    homeNames: readonly string[],
    faultTargets: Map<string, Faultable>,
  ) {
    const R = c.ladder.length;
    this.renditions = R;
    const D = c.segment;

    // Ingest: fault windows are known at build, so they go into the pipelines now (see pipeline.ts).
    this.pipelineNames = Object.keys(c.ingest.pipelines);
    this.pipelines = this.pipelineNames.map((name) => {
      const p = c.ingest.pipelines[name];
      return new Pipeline({ name, region: p.region, encodeLatency: p.encodeLatency, skew: p.skew, segmentDuration: D });
    });
    for (const f of s.faults) {
      const [kind, rest] = splitTarget(f.target);
      if (kind === 'pipeline') {
        const p = this.pipelines[this.pipelineNames.indexOf(rest)];
        if (p && (f.kind === 'stall' || f.kind === 'crash' || f.kind === 'defective')) p.addFault(f.kind, f.at, f.at + f.for);
      } else if (kind === 'ingestRegion') {
        addRegionLoss(this.pipelines, Number(rest), f.at, f.at + f.for);
      }
    }
    this.failover = new Failover(this.pipelines, { mode: c.ingest.failover.mode, failoverDelay: c.failoverDelay });
    this.produced = new Float64Array(this.pipelines.length);
    this.producedDefective = new Float64Array(this.pipelines.length);

    this.originNames = Object.keys(c.origin.regions);
    this.origins = this.originNames.map((name) => {
      const o = c.origin.regions[name];
      return new LiveOrigin({
        segments: c.segments,
        renditions: R,
        pipelines: this.pipelines.length,
        segmentDuration: D,
        publishLatency: c.publishLatency,
        readRps: o.readRps,
        publishRps: o.publishRps,
        cacheObjects: o.cacheObjects,
        maxHold: c.origin.maxHold,
        active: this.failover,
      });
    });

    // Sites, their homes and origin regions.
    const cdn = c.cdn;
    const S = cdn.sites;
    const weights = new Float64Array(S);
    for (let i = 0; i < S; i++) weights[i] = cdn.siteWeights === 'uniform' ? 1 : 1 / Math.pow(i + 1, cdn.siteWeights.zipf);
    this.siteOrigin = new Uint16Array(S);
    this.siteHome = new Uint16Array(S);
    const aud = s.audience!;
    const homeShare = homeNames.map((h) => aud.regions[h] ?? 0);
    const shareSum = homeShare.reduce((a, b) => a + b, 0);
    const dealt = new Float64Array(homeNames.length);
    for (let i = 0; i < S; i++) {
      this.siteOrigin[i] = i % this.origins.length;
      let best = 0;
      let bestDeficit = -Infinity;
      for (let h = 0; h < homeNames.length; h++) {
        if (homeShare[h] <= 0) continue;
        const deficit = (homeShare[h] / shareSum) * (i + 1) - dealt[h];
        if (deficit > bestDeficit) {
          bestDeficit = deficit;
          best = h;
        }
      }
      this.siteHome[i] = best;
      dealt[best]++;
    }
    const pickRng = rngs.stream('delivery/sites');
    this.rngSwitch = rngs.stream('delivery/switch');
    this.pickSite = homeNames.map((_, h) => {
      const ids: number[] = [];
      const w: number[] = [];
      for (let i = 0; i < S; i++) if (this.siteHome[i] === h) { ids.push(i); w.push(weights[i]); }
      if (ids.length === 0) return () => 0; // a home with no audience share never starts anyone
      const choose = weightedChoice(pickRng, w);
      return () => ids[choose()];
    });

    const edgeOptions = {
      policy: cdn.edge.cache.policy,
      capacity: cdn.edge.cache.capacity,
      rps: cdn.edge.rps,
      maxQueue: cdn.edge.maxQueue,
      egressBps: cdn.edge.egress,
    };
    this.sites = new Array<Site>(S);
    for (let i = 0; i < S; i++) {
      this.sites[i] = new Site(
        {
          id: i, edges: cdn.edgesPerSite, renditions: R, edge: edgeOptions, fillLatency: cdn.fillLatency,
          backbone: { bps: cdn.backbone.bandwidth, latency: cdn.backbone.latency },
        },
        this,
        this,
      );
    }

    this.registerFaults(faultTargets, rngs);

    this.kPublish = clock.register((arg) => this.publish(arg));
    this.kHold = clock.register((h) => this.holdExpired(h));
    for (let p = 0; p < this.pipelines.length; p++) this.schedulePublish(p, 0);
  }

  /** A site of home `h`, by site weight (a viewer's first site). */
  siteFor(h: number): number {
    return this.pickSite[h]();
  }

  /** Another site of the same home for a player leaving `site` (the same one only if it is the home's only site). */
  switchFrom(site: number): number {
    const h = this.siteHome[site];
    for (let tries = 0; tries < 8; tries++) {
      const next = this.pickSite[h]();
      if (next !== site) return next;
    }
    return site;
  }

  /** A uniform draw for the mode's switching decisions (kept on the world's stream so both modes share it). */
  get switchRng(): Rng {
    return this.rngSwitch;
  }

  // ---- DeliverySink: answers to players -----------------------------------------------------------

  deliver(tag: number, count: number, status: number, readyAt: Micros, edge: number): void {
    this.sink!.deliver(tag, count, status, readyAt, edge);
  }

  // ---- OriginPort ------------------------------------------------------------------------------------

  fetch(site: number, objectId: number, rendition: number, now: Micros): void {
    this.askOrigin(site, objectId, rendition, now);
  }

  private askOrigin(site: number, objectId: number, rendition: number, now: Micros): void {
    const R = this.renditions;
    const o = this.origins[this.siteOrigin[site]];
    const n = (objectId - rendition) / R;
    const r = this.response;
    o.request(n, rendition, AUTO, 1, now, r);
    const ready = now + r.latency;
    const bytes = this.c.bytes[rendition];
    if (r.ok > 0) this.sites[site].originReply(objectId, OK, Infinity, bytes, ready);
    else if (r.held > 0) this.hold(site, objectId, r.holdUntil);
    // The origin's TTL runs from the request; the answer leaves `latency` later, and freshness runs
    // from then, so the TTL is shortened by that much: no 404 outlives the expected publish time.
    else if (r.notFound > 0) this.sites[site].originReply(objectId, NOT_FOUND, Math.max(0, r.ttl - r.latency), 0, ready);
    else if (r.gone > 0) this.sites[site].originReply(objectId, GONE, Infinity, 0, ready);
    else this.sites[site].originReply(objectId, UNAVAILABLE, 0, 0, ready);
  }

  private hold(site: number, objectId: number, until: Micros): void {
    let h = this.holdFree;
    if (h >= 0) this.holdFree = this.holdNext[h];
    else {
      h = this.holdHigh++;
      if (h >= this.holdSite.length) this.growHolds();
    }
    this.holdSite[h] = site;
    this.holdObject[h] = objectId;
    const now = this.clock.now();
    this.clock.schedule(Math.max(0, until - now), this.kHold, h);
  }

  private holdExpired(h: number): void {
    const site = this.holdSite[h];
    const objectId = this.holdObject[h];
    this.holdNext[h] = this.holdFree;
    this.holdFree = h;
    this.askOrigin(site, objectId, objectId % this.renditions, this.clock.now());
  }

  private growHolds(): void {
    const n = this.holdSite.length * 2;
    const s = new Int32Array(n);
    s.set(this.holdSite);
    const o = new Float64Array(n);
    o.set(this.holdObject);
    const next = new Int32Array(n).fill(-1);
    next.set(this.holdNext);
    this.holdSite = s;
    this.holdObject = o;
    this.holdNext = next;
  }

  // ---- publishing ------------------------------------------------------------------------------------

  /** One event per segment per pipeline, at its nominal time: publishes every rendition to every region. */
  private schedulePublish(p: number, n: number): void {
    if (n >= this.c.segments) return;
    const at = this.pipelines[p].nominalAt(n);
    if (at > this.s.duration) return;
    const now = this.clock.now();
    this.clock.schedule(Math.max(0, at - now), this.kPublish, n * this.pipelines.length + p);
  }

  private publish(arg: number): void {
    const P = this.pipelines.length;
    const p = arg % P;
    const n = (arg - p) / P;
    const res = this.pipelines[p].publishOf(n, this.publishResult);
    if (res.at !== NEVER) {
      const now = this.clock.now();
      const R = this.renditions;
      for (const o of this.origins) for (let r = 0; r < R; r++) o.publish(n, r, p, res.defective, now);
      this.produced[p] += R;
      if (res.defective) this.producedDefective[p] += R;
    }
    this.schedulePublish(p, n + 1);
  }

  // ---- faults ----------------------------------------------------------------------------------------

  private registerFaults(targets: Map<string, Faultable>, rngs: RngStreams): void {
    // Pipeline faults are windows given to the pipelines at build (scheduleFaults skips them).
    const none: Faultable = { setFaults: () => {} };
    for (const r of this.ingestRegions()) {
      const origin = this.origins[r];
      targets.set(`ingestRegion/${r}`, origin ? origin : none);
    }
    this.originNames.forEach((name, i) => targets.set(`origin/${name}`, this.origins[i]));
    // A site takes its own faults and those of every `sites` fault that drew it: kept apart, set together.
    const own: FaultEffect[][] = this.sites.map(() => []);
    const group: FaultEffect[][] = this.sites.map(() => []);
    const apply = (i: number) => this.sites[i].setFaults([...own[i], ...group[i]]);
    this.sites.forEach((site, i) => {
      targets.set(`site/${i}`, { setFaults: (active) => { own[i] = [...active]; apply(i); } });
      targets.set(`link/${i}`, site.backbone);
    });
    // `sites`: each fault draws its own share of sites once, at build, from a seeded stream.
    const groupFaults = this.s.faults.map((f, idx) => ({ f, idx })).filter(({ f }) => f.target === 'sites');
    const members = groupFaults.map(({ f, idx }) => chooseShare(this.sites.length, f.share ?? 0, rngs.stream(`delivery/faults/${idx}`)));
    targets.set('sites', {
      setFaults: () => {
        const now = this.clock.now();
        const touched = new Set<number>();
        for (const list of members) for (const i of list) touched.add(i);
        for (const i of touched) group[i] = [];
        groupFaults.forEach(({ f }, k) => {
          if (!(now >= f.at && now < f.at + f.for)) return;
          const effect: FaultEffect = { kind: f.kind as FaultEffect['kind'], factor: f.factor ?? 1, latency: f.latency ?? 0 };
          for (const i of members[k]) group[i].push(effect);
        });
        for (const i of touched) apply(i);
      },
    });
  }

  /** Ingest region indices that exist: every pipeline's, and every origin region's. */
  ingestRegions(): number[] {
    const set = new Set<number>(this.pipelines.map((p) => p.region));
    for (let i = 0; i < this.origins.length; i++) set.add(i);
    return [...set].sort((a, b) => a - b);
  }
}

/** `"site/12"` -> `["site", "12"]`; `"sites"` -> `["sites", ""]`. */
export function splitTarget(target: string): [string, string] {
  const i = target.indexOf('/');
  return i < 0 ? [target, ''] : [target.slice(0, i), target.slice(i + 1)];
}

/** `round(share · n)` distinct indices of [0, n), by a partial Fisher-Yates shuffle, in ascending order. */
export function chooseShare(n: number, share: number, rng: Rng): number[] {
  const k = Math.round(share * n);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort((a, b) => a - b);
}
