/**
 * Delivery's timeline columns and summary metrics. Both modes add to one {@link DeliveryTally}; the
 * infrastructure's counters (sites, origins, pipelines) are read as cumulative totals and turned into
 * per-interval columns at each interval's end.
 */
import type { Gauge } from '../../../models/ports.ts';
import type { RunRecorder } from '../../record/recorder.ts';
import type { DeliveryWorld } from './world.ts';

/** The summary metrics, by the names the issue fixed; SLOs may name any of these. */
export const DELIVERY_METRICS = [
  'rebufferRatio', 'meanBitrateKbps', 'edgeHitRatio', 'edgePeakEgressGbps', 'originRequests', 'originPeakRps',
  'origin404s', 'originBackendReads', 'segmentsPublished', 'segmentsDefective', 'segmentsServedDefective',
  'deliveryViewersStarted', 'deliveryViewersPlaying', 'deliveryViewersDeparted', 'deliveryViewersStopped',
  'deliveryViewersInterrupted', 'cdnSwitches', 'failovers', 'deliveryPeakCohorts',
] as const;

/** What the players did, cumulative; written by the mode on the hot path. */
export class DeliveryTally {
  started = 0;
  departed = 0;
  stopped = 0;
  interrupted = 0;
  /** Viewer-µs frozen and played. */
  rebufferUs = 0;
  playedUs = 0;
  /** Segments served, per rung. */
  readonly served: Float64Array;
  /** Viewers with some rebuffering in an answer (counted per answer). */
  rebuffering = 0;
  switches = 0;
  /** Viewers in delivery now. */
  playing = 0;
  /** Requests sent to edges: one per cohort (cohort mode) or per viewer (viewer mode): the mode's work. */
  requests = 0;
  /** Cohort mode: live cohorts now, and the most at once. */
  cohorts = 0;
  peakCohorts = 0;

  constructor(renditions: number) {
    this.served = new Float64Array(renditions);
  }
}

// Site counters summed per interval, in this order.
const SITE_FIELDS = [
  'requests', 'hits', 'negativeHits', 'misses', 'collapsed', 'refused', 'unavailable', 'errors', 'notFound',
  'fillFetches', 'originFetches', 'bytesEdge', 'bytesFill', 'bytesBackbone',
] as const;
const ORIGIN_FIELDS = ['requestsLiveEdge', 'requestsDvr', 'status404', 'status410', 'status503', 'held', 'backendReads'] as const;

export class DeliveryMetrics {
  private readonly siteNow = new Float64Array(SITE_FIELDS.length);
  private readonly sitePrev = new Float64Array(SITE_FIELDS.length);
  private readonly originNow = new Float64Array(ORIGIN_FIELDS.length);
  private readonly originPrev = new Float64Array(ORIGIN_FIELDS.length);
  private readonly producedPrev: Float64Array;
  private defectivePrev = 0;
  private tallyPrev = { rebufferUs: 0, playedUs: 0, rebuffering: 0, switches: 0, interrupted: 0, requests: 0, served: new Float64Array(0) };
  private lastT = 0;
  private peakOriginRps = 0;
  private peakEgressGbps = 0;
  private readonly g: Record<string, Gauge> = {};
  private readonly perPipeline: Gauge[];
  private readonly perRung: Gauge[];

  constructor(
    private readonly recorder: RunRecorder,
    private readonly world: DeliveryWorld,
    private readonly tally: DeliveryTally,
    private readonly ladder: Float64Array,
    private readonly intervalUs: number,
  ) {
    const gauge = (name: string, unit: string, panel: string, description: string) => {
      this.g[name] = recorder.gauge(name, { unit, panel, description });
    };
    gauge('cdn.edgeEgressGbps', 'Gbps', 'cdn', 'edges to players (200s)');
    gauge('cdn.fillGbps', 'Gbps', 'cdn', 'fill nodes to sibling edges, in-site');
    gauge('cdn.backboneGbps', 'Gbps', 'cdn', 'origin to sites over the backbone');
    gauge('cdn.hitRatio', 'ratio', 'cdn', 'admitted requests answered without an upstream fetch');
    gauge('cdn.requests', 'req', 'cdn', 'segment requests from players (by viewer)');
    gauge('cdn.collapsed', 'req', 'cdn', 'misses that joined a fetch already in flight');
    gauge('cdn.errors', 'req', 'cdn', '503s to players: overload, down edge, failed upstream');
    gauge('cdn.notFound', 'req', 'cdn', '404s and 410s to players');
    gauge('cdn.originFetches', 'req', 'cdn', 'fill-node fetches from the origin');
    gauge('cdn.switches', 'viewers', 'cdn', 'players moving to another CDN site');
    gauge('origin.rps.liveEdge', 'req/s', 'origin', 'reads near the live edge');
    gauge('origin.rps.dvr', 'req/s', 'origin', 'reads behind the live edge');
    gauge('origin.404', 'req', 'origin', 'not published yet (TTL to the publish time)');
    gauge('origin.410', 'req', 'origin', 'never will be');
    gauge('origin.503', 'req', 'origin', 'down or shed by priority');
    gauge('origin.held', 'req', 'origin', 'held until an imminent publish');
    gauge('origin.backendReads', 'req', 'origin', 'reads of the durable store (read-cache misses)');
    this.perPipeline = world.pipelineNames.map((n) =>
      recorder.gauge(`ingest.segments.${n}`, { unit: 'objects', panel: 'ingest', description: `segments × renditions published by pipeline ${n}` }));
    gauge('ingest.defective', 'objects', 'ingest', 'published defective (never served)');
    gauge('ingest.failovers', 'switches', 'ingest', 'active pipeline changes');
    gauge('ingest.activePipeline', 'index', 'ingest', 'the pipeline the origin prefers');
    gauge('delivery.viewers', 'viewers', 'audience', 'viewers in steady playback');
    gauge('delivery.rebuffering', 'viewers', 'audience', 'answers after which the picture had frozen');
    gauge('delivery.rebufferRatio', 'ratio', 'audience', 'frozen time over watch time');
    gauge('delivery.meanBitrateKbps', 'kbps', 'audience', 'mean bitrate of segments served');
    gauge('delivery.interrupted', 'viewers', 'audience', 'playback given up (frozen or failing too long)');
    this.perRung = [...ladder].map((k) =>
      recorder.gauge(`delivery.bitrate.${k}`, { unit: 'ratio', panel: 'audience', description: `share of segments served at ${k} kbps` }));
    gauge('delivery.cohorts', 'cohorts', 'audience', 'cohort mode: groups of alike viewers');
    gauge('delivery.requests', 'req', 'audience', 'requests the simulation sent to edges: one per cohort (cohort mode) or viewer');
    this.producedPrev = new Float64Array(world.pipelines.length);
    this.tallyPrev.served = new Float64Array(ladder.length);
  }

  /** Per-interval columns for the interval ending at `t`. */
  onInterval(t: number): void {
    const w = this.world;
    const dt = (t - this.lastT) / 1e6;
    this.lastT = t;
    this.sumSites(this.siteNow);
    this.sumOrigins(this.originNow);
    const d = (i: number) => this.siteNow[i] - this.sitePrev[i];
    const o = (i: number) => this.originNow[i] - this.originPrev[i];
    const g = this.g;
    const gbps = (bytes: number) => (dt > 0 ? (bytes * 8) / dt / 1e9 : 0);
    const egress = gbps(d(11));
    g['cdn.edgeEgressGbps'].set(egress);
    if (egress > this.peakEgressGbps) this.peakEgressGbps = egress;
    g['cdn.fillGbps'].set(gbps(d(12)));
    g['cdn.backboneGbps'].set(gbps(d(13)));
    const admitted = d(0) - d(5) - d(6);
    g['cdn.hitRatio'].set(admitted > 0 ? Math.max(0, 1 - (d(9) + d(10)) / admitted) : 0);
    g['cdn.requests'].set(d(0));
    g['cdn.collapsed'].set(d(4));
    g['cdn.errors'].set(d(7));
    g['cdn.notFound'].set(d(8));
    g['cdn.originFetches'].set(d(10));
    const rps = (n: number) => (dt > 0 ? n / dt : 0);
    g['origin.rps.liveEdge'].set(rps(o(0)));
    g['origin.rps.dvr'].set(rps(o(1)));
    const originRps = rps(o(0) + o(1));
    if (originRps > this.peakOriginRps) this.peakOriginRps = originRps;
    g['origin.404'].set(o(2));
    g['origin.410'].set(o(3));
    g['origin.503'].set(o(4));
    g['origin.held'].set(o(5));
    g['origin.backendReads'].set(o(6));
    this.sitePrev.set(this.siteNow);
    this.originPrev.set(this.originNow);

    let defective = 0;
    for (let p = 0; p < w.pipelines.length; p++) {
      this.perPipeline[p].set(w.produced[p] - this.producedPrev[p]);
      this.producedPrev[p] = w.produced[p];
      defective += w.producedDefective[p];
    }
    g['ingest.defective'].set(defective - this.defectivePrev);
    this.defectivePrev = defective;
    g['ingest.failovers'].set(w.failover.countIn(t - this.intervalUs, t));
    g['ingest.activePipeline'].set(w.failover.activeAt(t));

    const tl = this.tally;
    const prev = this.tallyPrev;
    g['delivery.viewers'].set(tl.playing);
    g['delivery.rebuffering'].set(tl.rebuffering - prev.rebuffering);
    const reb = tl.rebufferUs - prev.rebufferUs;
    const played = tl.playedUs - prev.playedUs;
    g['delivery.rebufferRatio'].set(reb + played > 0 ? reb / (reb + played) : 0);
    g['cdn.switches'].set(tl.switches - prev.switches);
    g['delivery.interrupted'].set(tl.interrupted - prev.interrupted);
    let segs = 0;
    let kbps = 0;
    for (let r = 0; r < this.ladder.length; r++) {
      const n = tl.served[r] - prev.served[r];
      segs += n;
      kbps += n * this.ladder[r];
    }
    for (let r = 0; r < this.ladder.length; r++) this.perRung[r].set(segs > 0 ? (tl.served[r] - prev.served[r]) / segs : 0);
    g['delivery.meanBitrateKbps'].set(segs > 0 ? kbps / segs : 0);
    g['delivery.cohorts'].set(tl.cohorts);
    g['delivery.requests'].set(tl.requests - prev.requests);
    prev.rebufferUs = tl.rebufferUs;
    prev.playedUs = tl.playedUs;
    prev.rebuffering = tl.rebuffering;
    prev.switches = tl.switches;
    prev.interrupted = tl.interrupted;
    prev.requests = tl.requests;
    prev.served.set(tl.served);
  }

  summary(): Record<string, number> {
    const w = this.world;
    const tl = this.tally;
    const s = new Float64Array(SITE_FIELDS.length);
    this.sumSites(s);
    const admitted = s[0] - s[5] - s[6];
    let segs = 0;
    let kbps = 0;
    for (let r = 0; r < this.ladder.length; r++) {
      segs += tl.served[r];
      kbps += tl.served[r] * this.ladder[r];
    }
    const sumOrigin = (f: (o: (typeof w.origins)[number]) => number) => w.origins.reduce((a, x) => a + f(x), 0);
    const published = w.produced.reduce((a, b) => a + b, 0);
    const defective = w.producedDefective.reduce((a, b) => a + b, 0);
    return {
      rebufferRatio: tl.rebufferUs + tl.playedUs > 0 ? tl.rebufferUs / (tl.rebufferUs + tl.playedUs) : 0,
      meanBitrateKbps: segs > 0 ? kbps / segs : 0,
      edgeHitRatio: admitted > 0 ? Math.max(0, 1 - (s[9] + s[10]) / admitted) : 0,
      edgePeakEgressGbps: this.peakEgressGbps,
      originRequests: sumOrigin((o) => o.requests),
      originPeakRps: this.peakOriginRps,
      origin404s: sumOrigin((o) => o.status404),
      originBackendReads: sumOrigin((o) => o.backendReads),
      segmentsPublished: published,
      segmentsDefective: defective,
      segmentsServedDefective: sumOrigin((o) => o.segmentsServedDefective),
      deliveryViewersStarted: tl.started,
      deliveryViewersPlaying: tl.playing,
      deliveryViewersDeparted: tl.departed,
      deliveryViewersStopped: tl.stopped,
      deliveryViewersInterrupted: tl.interrupted,
      cdnSwitches: tl.switches,
      failovers: w.failover.countIn(0, Infinity),
      deliveryPeakCohorts: tl.peakCohorts,
    };
  }

  private sumSites(out: Float64Array): void {
    out.fill(0);
    const sites = this.world.sites;
    for (let i = 0; i < sites.length; i++) {
      const x = sites[i];
      out[0] += x.requests; out[1] += x.hits; out[2] += x.negativeHits; out[3] += x.misses; out[4] += x.collapsed;
      out[5] += x.refused; out[6] += x.unavailable; out[7] += x.errors; out[8] += x.notFound; out[9] += x.fillFetches;
      out[10] += x.originFetches; out[11] += x.bytesEdge; out[12] += x.bytesFill; out[13] += x.bytesBackbone;
    }
  }

  private sumOrigins(out: Float64Array): void {
    out.fill(0);
    for (const x of this.world.origins) {
      out[0] += x.requestsLiveEdge; out[1] += x.requestsDvr; out[2] += x.status404; out[3] += x.status410;
      out[4] += x.status503; out[5] += x.held; out[6] += x.backendReads;
    }
  }
}
