/**
 * The push fan-out at full size: every device individually, in typed columns, with the decisions of
 * models/push/ applied in batched loops.
 *
 * Batching. One heap event per device per trigger would be 300 million events for three triggers, far
 * beyond what a Node kernel does in a minute. Instead:
 * - a busy proxy's send loop is one event per `tickUs` (10 ms) that sends everything that fits in
 *   the window since its last run, in a tight loop over its ring of devices, drawing each device's
 *   delivery time (send slot + network latency) and applying the delivery then;
 * - session boundaries (periodic reconnects, falling asleep, waking) and the reconnects after a crash
 *   are one sweep event per `sweepUs` (50 ms) that pops every ring's due devices — rings are ordered
 *   by due time (see ring.ts);
 * - the API tier is a fluid queue over 10 ms bins (models/push/api.ts);
 * - only the rare per-device timers (router retries) are heap events.
 *
 * A send loop runs at the end of its window, so every fault inside the window is known when the sends
 * are applied: a proxy crash first runs its loop up to the crash instant, and nothing it would have
 * sent afterwards is delivered. Deliveries are applied when the loop runs (at most `tickUs` after the
 * send), each with its exact delivery time for the latency statistics.
 */
import type { Clock, Counter, Gauge, Recorder, RngStreams } from '../../../models/ports.ts';
import { combineFaults, type FaultEffect, type Faultable } from '../../../models/faults.ts';
import { ApiTier } from '../../../models/push/api.ts';
import { pickProxy } from '../../../models/push/balancer.ts';
import { Broker } from '../../../models/push/broker.ts';
import {
  atSessionEnd, FALL_ASLEEP, FETCH_MISSING, DUPLICATE, hasPrefetched, jittered, onTrigger, WAKE,
} from '../../../models/push/device.ts';
import { Producer } from '../../../models/push/producer.ts';
import { connectionOpen, proxyCondition, shouldSend } from '../../../models/push/proxy.ts';
import { isLost, ReleasedTriggers, replayMask, retries, retryAt } from '../../../models/push/router.ts';
import { bitOf, MAX_TRIGGERS, type Trigger } from '../../../models/push/trigger.ts';
import { MS } from '../../../models/time.ts';
import { binomial } from '../../dist/binomial.ts';
import type { PushConfig } from './config.ts';
import { FastUniform } from './fast-uniform.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { quantileSampler } from './quantile-sampler.ts';
import { RetryTable } from './retry-table.ts';
import { ACKED, COHORT, DeviceRing, GAP, SEEN, TTL } from './ring.ts';
import { SendQueue } from './send-queue.ts';

/** Hooks for tests: device ids are 0..devices-1. Times in µs. Leave unset at full size. */
export interface PushObserver {
  /** A device processed trigger `seq` (the first time). */
  processed?(id: number, seq: number, at: number): void;
  duplicate?(id: number, seq: number, at: number): void;
  /** A device's connection opened (it is held by a proxy from `at`). */
  connected?(id: number, at: number): void;
  /** A device's connection closed (gap before a reconnect, sleep, crash). */
  disconnected?(id: number, at: number): void;
  /** The producer sent a trigger. */
  sent?(t: Trigger): void;
}

/** Per-trigger bookkeeping. */
export class TriggerStats {
  sentAt = -1;
  /** Devices connected when it was sent (the cohort), and how many of them have processed it. */
  cohort = 0;
  cohortDelivered = 0;
  /** Cohort devices that fell asleep before it reached them (they catch up when they wake). */
  slept = 0;
  /** Devices outside the cohort that processed it later (woke up, reconnected). */
  caughtUp = 0;
  lastCohortAt = 0;
  readonly latency = new LatencyHistogram();
  constructor(readonly state: string, readonly publishAt: number) {}
}

interface Job {
  seq: number;
  cur: number;
  end: number;
}

const GAP_CODES = 255;
const TTL_CODES = 255;
const PHASE_CODES = 65536;

export class PushWorld {
  readonly rings: DeviceRing[] = [];
  readonly sleepers: DeviceRing;
  /** Devices waiting to reconnect after a crash, one ring per crash; plus devices no proxy could take. */
  storms: DeviceRing[] = [];
  readonly limbo: DeviceRing;
  readonly triggers: TriggerStats[];
  readonly api: ApiTier;
  readonly broker: Broker;
  readonly producer: Producer;

  // Proxies.
  private readonly up: Uint8Array;
  readonly load: Int32Array;
  private readonly epoch: Int32Array;
  private readonly spacing: Float64Array;
  private readonly extraLatency: Float64Array;
  private readonly busyUntil: Float64Array;
  private readonly tickPending: Uint8Array;
  private readonly jobs: Job[][];
  private readonly queues: SendQueue[];
  private readonly released: ReleasedTriggers;
  private readonly retryTable = new RetryTable();

  // Network.
  private loss = 0;
  private netLatency = 0;

  // Lookup tables for the byte-coded device fields.
  private readonly gapUs: Float64Array;
  private readonly ttlUs: Float64Array;

  // Random sources (each from its own named stream).
  private readonly uChurn: FastUniform;
  private readonly uPrefetch: FastUniform;
  private readonly uApi: FastUniform;
  private readonly uLoss: FastUniform;
  private readonly uRetry: FastUniform;
  private readonly uCrash: FastUniform;
  private readonly latency: () => number;

  // Event kinds.
  private readonly tickKind: number;
  private readonly retryKind: number;
  private readonly dispatchKind: number;
  private readonly sweepKind: number;
  private readonly intervalKind: number;

  // Totals (flushed into recorder counters once per interval).
  delivered = 0;
  duplicates = 0;
  retriesScheduled = 0;
  reconnects = 0;
  stormReconnects = 0;
  lostInGap = 0;
  lostInNetwork = 0;
  apiFromTriggers = 0;
  apiFromWakes = 0;
  proxyCrashes = 0;
  peakLag = 0;
  /** Highest API request rate over one recording interval. */
  apiPeakRps = 0;
  private flushed = { delivered: 0, duplicates: 0, retries: 0, reconnects: 0, apiArrived: 0, apiShed: 0 };
  private lastSeq = -1;
  private intervalStart = 0;
  /** The ring `connect` last placed a device in. */
  private connRing: DeviceRing | null = null;
  private readonly alo: boolean;

  // Recorder handles.
  private readonly m: {
    delivered: Counter; duplicates: Counter; retries: Counter; reconnects: Counter; apiShed: Counter;
    deliveredRatio: Gauge; apiRps: Gauge; apiQueue: Gauge; connections: Gauge; maxConnections: Gauge;
    disconnected: Gauge; asleep: Gauge; brokerLag: Gauge;
  };

  constructor(
    private readonly cfg: PushConfig,
    private readonly clock: Clock,
    rngs: RngStreams,
    recorder: Recorder,
    faultTargets: Map<string, Faultable>,
    private readonly obs?: PushObserver,
  ) {
    const c = cfg;
    if (c.event.length > MAX_TRIGGERS) throw new Error(`push: at most ${MAX_TRIGGERS} event states`);
    this.alo = retries(c.delivery);
    this.loss = c.loss;
    const withIds = obs !== undefined;

    this.uChurn = new FastUniform(rngs.stream('push/devices/churn'));
    this.uPrefetch = new FastUniform(rngs.stream('push/devices/prefetch'));
    this.uApi = new FastUniform(rngs.stream('push/devices/api'));
    this.uLoss = new FastUniform(rngs.stream('push/network/loss'));
    this.uRetry = new FastUniform(rngs.stream('push/router/backoff'));
    this.uCrash = new FastUniform(rngs.stream('push/proxy/reconnect'));
    this.latency = quantileSampler(c.latency, new FastUniform(rngs.stream('push/network/latency')));

    this.gapUs = new Float64Array(GAP_CODES + 1);
    for (let g = 0; g <= GAP_CODES; g++) this.gapUs[g] = c.gapMinUs + ((c.gapMaxUs - c.gapMinUs) * g) / GAP_CODES;
    this.ttlUs = new Float64Array(TTL_CODES + 1);
    for (let k = 0; k <= TTL_CODES; k++) this.ttlUs[k] = jittered(c.ttlUs, c.ttlJitter, k / TTL_CODES);

    const P = c.proxies;
    this.up = new Uint8Array(P).fill(1);
    this.load = new Int32Array(P);
    this.epoch = new Int32Array(P);
    this.spacing = new Float64Array(P).fill(1e6 / c.sendRatePerSec);
    this.extraLatency = new Float64Array(P);
    this.busyUntil = new Float64Array(P);
    this.tickPending = new Uint8Array(P);
    this.jobs = Array.from({ length: P }, () => []);
    this.queues = Array.from({ length: P }, () => new SendQueue());
    this.released = new ReleasedTriggers(c.partitions);

    this.triggers = c.event.map((e) => new TriggerStats(e.state, e.at + c.producerDelayUs - c.leadUs));

    this.api = new ApiTier({
      capacityPerSec: c.api.capacityPerSec, queueLimit: c.api.queueLimit, binUs: c.apiBinUs, horizonUs: c.durationUs,
      retries: c.api.retries, retryDelayUs: c.api.retryDelayUs, retrySpread: c.ttlJitter > 0 || c.apiDelayUs > 0,
    });
    this.broker = new Broker(clock, {
      partitions: c.partitions, backgroundPerSec: c.backgroundPerSec, consumePerSec: c.consumePerSec, latencyUs: c.brokerLatencyUs,
    }, (seq, q) => this.consumed(seq, q));
    this.producer = new Producer(clock, { delayUs: c.producerDelayUs }, (t) => this.sent(t));

    // Population: how many devices each proxy holds (and how many sleep), then each ring filled in
    // one pass with its sessions staggered evenly over one session length, so it starts in due order.
    const popRng = rngs.stream('push/devices/population');
    const split = binomial(popRng);
    const awake = split(c.devices, 1 - c.asleepAtStart);
    let left = awake;
    const counts = new Int32Array(P);
    for (let p = 0; p < P; p++) left -= counts[p] = split(left, 1 / (P - p));
    // Two-choice balancing keeps rings within a few hundred of their start; they grow if need be.
    for (let p = 0; p < P; p++) this.rings.push(new DeviceRing(counts[p]! * 1.02 + 1024, withIds));
    this.sleepers = new DeviceRing((c.devices - awake) * 1.05 + 1024, withIds);
    this.limbo = new DeviceRing(16, withIds);
    this.populate(new FastUniform(popRng), counts, c.devices - awake);

    const panel = 'push';
    this.m = {
      delivered: recorder.counter('push.delivered', { unit: 'msgs', panel, description: 'triggers processed for the first time' }),
      duplicates: recorder.counter('push.duplicates', { unit: 'msgs', panel, description: 'triggers received again (idempotently ignored)' }),
      retries: recorder.counter('push.retries', { unit: 'msgs', panel, description: 'router retries scheduled' }),
      reconnects: recorder.counter('push.reconnects', { unit: 'connections', panel }),
      apiShed: recorder.counter('push.apiShed', { unit: 'req', panel }),
      deliveredRatio: recorder.gauge('push.deliveredRatio', { unit: 'ratio', panel, description: 'share of the latest trigger\'s connected devices that have it' }),
      apiRps: recorder.gauge('push.apiRps', { unit: 'req', panel, description: 'API requests per second offered' }),
      apiQueue: recorder.gauge('push.apiQueue', { unit: 'req', panel }),
      connections: recorder.gauge('push.proxyConnections', { unit: 'connections', panel, description: 'connections held by all proxies' }),
      maxConnections: recorder.gauge('push.proxyConnectionsMax', { unit: 'connections', panel, description: 'connections held by the fullest proxy' }),
      disconnected: recorder.gauge('push.reconnecting', { unit: 'connections', panel, description: 'devices waiting to reconnect after a crash' }),
      asleep: recorder.gauge('push.asleep', { unit: 'connections', panel, description: 'devices asleep (no connection)' }),
      brokerLag: recorder.gauge('push.brokerLag', { unit: 'msgs', panel, description: 'messages written and not yet consumed' }),
    };

    for (let p = 0; p < P; p++) faultTargets.set(`push/proxy/${p}`, { setFaults: (a) => this.proxyFaults(p, a) });
    for (let q = 0; q < c.partitions; q++) faultTargets.set(`push/broker/partition/${q}`, { setFaults: (a) => this.broker.setFaults(q, a) });
    faultTargets.set('push/api', this.api);
    faultTargets.set('push/network', { setFaults: (a) => this.networkFaults(a) });

    this.tickKind = clock.register((p) => this.tick(p));
    this.retryKind = clock.register((e) => this.retry(e));
    this.dispatchKind = clock.register((arg) => this.dispatch(Math.floor(arg / MAX_TRIGGERS), arg % MAX_TRIGGERS));
    this.sweepKind = clock.register(() => this.sweep());
    this.intervalKind = clock.register(() => this.endInterval());
    clock.schedule(c.sweepUs, this.sweepKind, 0);
    clock.schedule(Math.min(c.intervalUs, c.durationUs), this.intervalKind, 0);
    this.producer.watch(c.event);
  }

  // ---------------------------------------------------------------- population

  private populate(u: FastUniform, counts: Int32Array, asleep: number): void {
    const c = this.cfg;
    const sessionMs = c.sessionUs / MS;
    const { ttlUs, api, obs } = this;
    const horizon = c.durationUs;
    let id = 0;
    for (let p = 0; p < c.proxies; p++) {
      const ring = this.rings[p]!;
      const n = counts[p]!;
      const i32 = ring.i32;
      for (let k = 0; k < n; k++) {
        // Stratified: the k-th device's session ends in the k-th of n equal slices of a session.
        const i = ring.push(Math.floor(((k + u.next()) * sessionMs) / n) + 1);
        if (ring.id) ring.id[i] = id;
        const gap = (u.next() * (GAP_CODES + 1)) | 0;
        // One uniform draws the refresh phase and, with the fraction left over, the TTL jitter code
        // (steady state: the last refresh was a uniformly random part of one TTL ago).
        const y = u.next() * PHASE_CODES;
        const phase = y | 0;
        const code = ((y - phase) * (TTL_CODES + 1)) | 0;
        i32[3 * i + 1] = phase | (gap << 16) | (code << 24); // see ring.ts

        if (c.prefetch) {
          const ttl = ttlUs[code]!;
          const end = Math.min(ring.due(i) * MS, horizon);
          for (let r = (phase / PHASE_CODES) * ttl; r <= end; r += ttl) if (r > 0) api.offer(r, 1);
        }
        obs?.connected?.(id, 0);
        id++;
      }
      this.load[p] = n;
    }
    const s = this.sleepers;
    for (let k = 0; k < asleep; k++) {
      const i = s.push(Math.floor(((k + u.next()) * sessionMs) / asleep) + 1);
      if (s.id) s.id[i] = id;
      id++;
    }
  }

  // ---------------------------------------------------------------- prefetch cache

  /** Offer (sign 1) or withdraw (sign -1) the device's cache refreshes in (from, to] to the API tier. */
  private binRefreshes(ring: DeviceRing, i: number, from: number, to: number, sign: number): void {
    const ttl = this.ttlUs[ring.u8[12 * i + TTL]!]!;
    const phase = ring.u16[6 * i + 2]! / PHASE_CODES;
    let r = (phase + Math.floor(from / ttl - phase) + 1) * ttl;
    const end = Math.min(to, this.cfg.durationUs);
    for (; r <= end; r += ttl) if (r > from) this.api.offer(r, sign);
  }

  /** The device fills its cache at `at` (an API call it makes): a new TTL draw, a lattice through `at`. */
  private refill(ring: DeviceRing, i: number, at: number): void {
    const due = ring.due(i) * MS;
    this.binRefreshes(ring, i, at, due, -1);
    const code = Math.floor(this.uPrefetch.next() * (TTL_CODES + 1));
    const ttl = this.ttlUs[code]!;
    const x = at / ttl;
    ring.u8[12 * i + TTL] = code;
    ring.u16[6 * i + 2] = Math.min(PHASE_CODES - 1, Math.round((x - Math.floor(x)) * PHASE_CODES));
    this.binRefreshes(ring, i, at, due, 1);
  }

  // ---------------------------------------------------------------- producer, broker, router

  private sent(t: Trigger): void {
    const tr = this.triggers[t.seq]!;
    tr.sentAt = t.at;
    this.lastSeq = t.seq;
    this.obs?.sent?.(t);
    // The cohort: devices whose connection is open now.
    const bit = bitOf(t.seq);
    let n = 0;
    for (let p = 0; p < this.cfg.proxies; p++) {
      if (!this.up[p]) continue;
      const ring = this.rings[p]!;
      const { i32, cap } = ring;
      const gapUs = this.gapUs;
      const cohortBit = bit << 16; // see ring.ts for the record's words
      let i = ring.headIndex();
      for (let pos = ring.head; pos < ring.tail; pos++) {
        if (connectionOpen(t.at, i32[3 * i]! * MS, gapUs[(i32[3 * i + 1]! >>> 16) & 0xff]!)) {
          i32[3 * i + 2]! |= cohortBit;
          n++;
        }
        if (++i === cap) i = 0;
      }
    }
    tr.cohort = n;
    this.broker.publish(t.seq);
  }

  /** The router read trigger `seq` from partition `q`: send it to that partition's proxies. */
  private consumed(seq: number, q: number): void {
    if (!this.released.release(q, bitOf(seq))) return;
    for (let p = q; p < this.cfg.proxies; p += this.cfg.partitions) {
      if (this.up[p]) this.clock.schedule(this.cfg.dispatchUs, this.dispatchKind, p * MAX_TRIGGERS + seq);
    }
  }

  private dispatch(p: number, seq: number): void {
    if (!this.up[p]) return;
    const ring = this.rings[p]!;
    this.jobs[p]!.push({ seq, cur: ring.head, end: ring.tail });
    this.wake(p);
  }

  /** Make sure proxy p's send loop runs. */
  private wake(p: number): void {
    if (this.tickPending[p]) return;
    this.tickPending[p] = 1;
    this.busyUntil[p] = Math.max(this.busyUntil[p]!, this.clock.now());
    this.clock.schedule(this.cfg.tickUs, this.tickKind, p);
  }

  private tick(p: number): void {
    if (this.up[p]) this.send(p, this.clock.now());
    if (this.up[p] && (this.jobs[p]!.length > 0 || this.queues[p]!.size > 0)) {
      this.clock.schedule(this.cfg.tickUs, this.tickKind, p);
    } else this.tickPending[p] = 0;
  }

  /** Proxy p sends everything that fits before `until`: queued messages first, then its broadcasts. */
  private send(p: number, until: number): void {
    const sp = this.spacing[p]!;
    let t = this.busyUntil[p]!;
    if (!(sp < Infinity)) {
      this.busyUntil[p] = Math.max(t, until);
      return;
    }
    const q = this.queues[p]!;
    const jobs = this.jobs[p]!;
    while (t < until) {
      if (q.size > 0 && q.arrival[q.head]! <= t) {
        t = this.sendQueued(p, q, t, sp);
        continue;
      }
      if (jobs.length > 0) {
        const limit = q.size > 0 ? Math.min(until, q.arrival[q.head]!) : until;
        const job = jobs[0]!;
        t = this.broadcast(p, job, t, limit, sp);
        if (job.cur >= job.end) jobs.shift();
        continue;
      }
      if (q.size > 0) {
        t = Math.max(t, q.arrival[q.head]!);
        continue;
      }
      t = until;
    }
    this.busyUntil[p] = t;
  }

  /**
   * The broadcast loop: one pass over the ring from the job's cursor, a send slot per device still to
   * be acked, in ring order — the order connections were opened, oldest first. This is the hot path
   * (every device, every trigger), so the common case — a lossless network — is `deliver` + `process`
   * written out over the record's words; a lossy network takes the general path per device.
   */
  private broadcast(p: number, job: Job, t: number, limit: number, sp: number): number {
    const ring = this.rings[p]!;
    const seq = job.seq;
    const bit = bitOf(seq);
    let cur = Math.max(job.cur, ring.head);
    const end = job.end;
    if (cur >= end) {
      job.cur = cur;
      return t;
    }
    const { i32, cap } = ring;
    const { gapUs, ttlUs, latency, api } = this;
    const tr = this.triggers[seq]!;
    const { sentAt, publishAt } = tr;
    const hist = tr.latency;
    const bins = hist.bins;
    const nBins = bins.length;
    const extra = this.extraLatency[p]! + this.netLatency;
    const lossy = this.loss > 0;
    const prefetch = this.cfg.prefetch;
    const apiDelay = this.cfg.apiDelayUs;
    let lastCohortAt = tr.lastCohortAt;
    let delivered = 0;
    let inCohort = 0;
    let caughtUp = 0;
    let lostInGap = 0;
    let binned = 0;
    let i = ring.phys(cur);
    while (cur < end && t < limit) {
      // The record's second and third words, read whole (see ring.ts for the byte layout).
      const w1 = i32[3 * i + 1]!;
      const w2 = i32[3 * i + 2]!;
      // From the head on every position is still held: devices only leave a ring at its head.
      if (shouldSend(true, (w2 >>> 8) & 0xff, bit)) {
        const sendAt = t;
        t += sp;
        if (lossy) this.deliver(p, ring, i, cur, bit, 0, sendAt);
        else if (!connectionOpen(sendAt, i32[3 * i]! * MS, gapUs[(w1 >>> 16) & 0xff]!)) lostInGap++;
        else {
          const at = sendAt + latency() + extra;
          const prefetched = prefetch && hasPrefetched((w1 & 0xffff) / PHASE_CODES, ttlUs[w1 >>> 24]!, at, publishAt);
          const outcome = onTrigger(w2 & 0xff, bit, prefetched);
          if (outcome === DUPLICATE) {
            this.process(ring, i, bit, at); // counts it
            i32[3 * i + 2] = w2 | (bit << 8);
          } else {
            delivered++;
            if (((w2 >>> 16) & bit) !== 0) {
              inCohort++;
              const ms = (at - sentAt) * 1e-3;
              if (ms < nBins) {
                bins[ms | 0]!++;
                binned++;
              } else hist.record(ms);
              if (at > lastCohortAt) lastCohortAt = at;
            } else caughtUp++;
            // Processed and acked (the low byte of w2 is `seen`, the next `acked`).
            i32[3 * i + 2] = w2 | bit | (bit << 8);
            if (outcome === FETCH_MISSING) {
              const callAt = at + apiDelay * this.uApi.next();
              api.offer(callAt);
              this.apiFromTriggers++;
              if (prefetch) this.refill(ring, i, callAt);
            }
            if (ring.id) this.obs?.processed?.(ring.id[i]!, seq, at);
          }
        }
      }
      cur++;
      if (++i === cap) i = 0;
    }
    job.cur = cur;
    this.delivered += delivered;
    tr.cohortDelivered += inCohort;
    tr.caughtUp += caughtUp;
    this.lostInGap += lostInGap;
    hist.count += binned;
    if (lastCohortAt > tr.lastCohortAt) tr.lastCohortAt = lastCohortAt;
    return t;
  }

  private sendQueued(p: number, q: SendQueue, t: number, sp: number): number {
    const h = q.head++;
    if (q.head === q.tail) q.clear();
    const ring = this.rings[p]!;
    const pos = q.pos[h]!;
    if (pos < ring.head || pos >= ring.tail) return t;
    const i = ring.phys(pos);
    const mask = q.mask[h]! & ~ring.u8[12 * i + ACKED]!;
    if (mask === 0) return t;
    this.deliver(p, ring, i, pos, mask, q.attempt[h]!, t);
    return t + sp;
  }

  /** One message carrying the triggers in `mask`, sent by proxy p at `t` to the device at ring index i. */
  private deliver(p: number, ring: DeviceRing, i: number, pos: number, mask: number, attempt: number, t: number): void {
    // A closed connection: spent and lost; the device gets a replay when it reconnects.
    if (!connectionOpen(t, ring.due(i) * MS, this.gapUs[ring.u8[12 * i + GAP]!]!)) {
      this.lostInGap++;
      return;
    }
    const loss = this.loss;
    if (loss > 0 && isLost(loss, this.uLoss.next())) {
      this.lostInNetwork++;
      if (this.alo) this.scheduleRetry(p, pos, mask, attempt, t);
      return;
    }
    const at = t + this.latency() + this.extraLatency[p]! + this.netLatency;
    for (let rest = mask; rest !== 0; rest &= rest - 1) {
      const bit = rest & -rest;
      this.process(ring, i, bit, at);
    }
    if (this.alo && loss > 0 && isLost(loss, this.uLoss.next())) {
      // The ack is lost: the router will send again, and the device will see a duplicate.
      this.lostInNetwork++;
      this.scheduleRetry(p, pos, mask, attempt, t);
    } else ring.u8[12 * i + ACKED]! |= mask;
  }

  /** A device processes one trigger idempotently; a first processing may call the API. */
  private process(ring: DeviceRing, i: number, bit: number, at: number): void {
    const seq = 31 - Math.clz32(bit);
    const tr = this.triggers[seq]!;
    const r = 12 * i;
    const seen = ring.u8[r + SEEN]!;
    const c = this.cfg;
    const prefetched = c.prefetch && (seen & bit) === 0 &&
      hasPrefetched(ring.u16[6 * i + 2]! / PHASE_CODES, this.ttlUs[ring.u8[r + TTL]!]!, at, tr.publishAt);
    const outcome = onTrigger(seen, bit, prefetched);
    if (outcome === DUPLICATE) {
      this.duplicates++;
      if (ring.id) this.obs?.duplicate?.(ring.id[i]!, seq, at);
      return;
    }
    ring.u8[r + SEEN] = seen | bit;
    this.delivered++;
    if ((ring.u8[r + COHORT]! & bit) !== 0) {
      tr.cohortDelivered++;
      tr.latency.record((at - tr.sentAt) / MS);
      if (at > tr.lastCohortAt) tr.lastCohortAt = at;
    } else tr.caughtUp++;
    if (outcome === FETCH_MISSING) {
      const callAt = at + c.apiDelayUs * this.uApi.next();
      this.api.offer(callAt);
      this.apiFromTriggers++;
      if (c.prefetch) this.refill(ring, i, callAt);
    }
    if (ring.id) this.obs?.processed?.(ring.id[i]!, seq, at);
  }

  private scheduleRetry(p: number, pos: number, mask: number, attempt: number, sentAt: number): void {
    const due = retryAt(this.cfg.retry, attempt, sentAt, this.uRetry.next());
    const e = this.retryTable.add(p, this.epoch[p]!, pos, mask, attempt + 1);
    this.retriesScheduled++;
    this.clock.schedule(Math.max(0, Math.ceil(due - this.clock.now())), this.retryKind, e);
  }

  /** A retry is due: send again through the proxy holding the device, unless it has moved (it gets a replay). */
  private retry(e: number): void {
    const rt = this.retryTable;
    const p = rt.proxy[e]!;
    const pos = rt.pos[e]!;
    const mask = rt.mask[e]!;
    const attempt = rt.attempt[e]!;
    const valid = this.up[p] === 1 && rt.epoch[e] === this.epoch[p];
    rt.release(e);
    const ring = this.rings[p]!;
    if (!valid || pos < ring.head || pos >= ring.tail) return;
    const left = mask & ~ring.u8[12 * ring.phys(pos) + ACKED]!;
    if (left === 0) return;
    this.queues[p]!.push(pos, left, attempt, this.clock.now());
    this.wake(p);
  }

  // ---------------------------------------------------------------- churn: sessions, sleep, reconnects

  private sweep(): void {
    const now = this.clock.now();
    for (let p = 0; p < this.cfg.proxies; p++) {
      const ring = this.rings[p]!;
      while (ring.size > 0 && ring.due(ring.headIndex()) * MS <= now) this.sessionEnd(p, ring);
    }
    const s = this.sleepers;
    while (s.size > 0 && s.due(s.headIndex()) * MS <= now) this.sleeperDue();
    for (const pool of this.storms) {
      while (pool.size > 0 && pool.due(pool.headIndex()) * MS <= now) this.reconnectAfterCrash(pool);
    }
    if (this.storms.some((x) => x.size === 0)) this.storms = this.storms.filter((x) => x.size > 0);
    const l = this.limbo;
    while (l.size > 0 && l.due(l.headIndex()) * MS <= now) this.reconnectAfterCrash(l);
    this.clock.schedule(this.cfg.sweepUs, this.sweepKind, 0);
  }

  /** A connected device reaches the end of its session: it reconnects (maybe elsewhere) or sleeps. */
  private sessionEnd(p: number, ring: DeviceRing): void {
    const c = this.cfg;
    const i = ring.headIndex();
    const dueMs = ring.due(i);
    if (ring.id) this.obs?.disconnected?.(ring.id[i]!, dueMs * MS - this.gapUs[ring.u8[12 * i + GAP]!]!);
    ring.shift();
    this.load[p]!--;
    const nextDueMs = dueMs + c.sessionUs / MS;
    if (atSessionEnd(false, this.uChurn.next(), c.sleepChance, c.wakeChance) === FALL_ASLEEP) {
      // Cohort members it had not heard from leave the cohort: they catch up when they wake.
      const pending = ring.u8[12 * i + COHORT]! & ~ring.u8[12 * i + SEEN]!;
      for (let rest = pending; rest !== 0; rest &= rest - 1) this.triggers[31 - Math.clz32(rest & -rest)]!.slept++;
      const j = this.sleepers.pushFrom(ring, i, nextDueMs);
      this.sleepers.u8[12 * j + COHORT]! &= ~pending;
      return;
    }
    const j = this.connect(ring, i, dueMs * MS, nextDueMs);
    if (j < 0) return;
    if (c.prefetch) this.binRefreshes(this.connRing!, j, dueMs * MS, nextDueMs * MS, 1);
    this.reconnects++;
  }

  private sleeperDue(): void {
    const c = this.cfg;
    const s = this.sleepers;
    const i = s.headIndex();
    const dueMs = s.due(i);
    s.shift();
    const nextDueMs = dueMs + c.sessionUs / MS;
    if (atSessionEnd(true, this.uChurn.next(), c.sleepChance, c.wakeChance) !== WAKE) {
      s.pushFrom(s, i, nextDueMs);
      return;
    }
    const j = this.connect(s, i, dueMs * MS, nextDueMs);
    // Waking, the app loads its home page: an API call that also fills the prefetch cache.
    const at = dueMs * MS;
    this.api.offer(at);
    this.apiFromWakes++;
    if (j >= 0 && c.prefetch) this.refillFresh(this.connRing!, j, at);
  }

  /** A new lattice through `at` without withdrawing an old one (the device had none: it was asleep). */
  private refillFresh(ring: DeviceRing, i: number, at: number): void {
    const code = Math.floor(this.uPrefetch.next() * (TTL_CODES + 1));
    const ttl = this.ttlUs[code]!;
    const x = at / ttl;
    ring.u8[12 * i + TTL] = code;
    ring.u16[6 * i + 2] = Math.min(PHASE_CODES - 1, Math.round((x - Math.floor(x)) * PHASE_CODES));
    this.binRefreshes(ring, i, at, ring.due(i) * MS, 1);
  }

  private reconnectAfterCrash(pool: DeviceRing): void {
    const i = pool.headIndex();
    const dueMs = pool.due(i);
    pool.shift();
    const j = this.connect(pool, i, dueMs * MS, dueMs + this.cfg.sessionUs / MS);
    if (j >= 0) {
      this.reconnects++;
      this.stormReconnects++;
    }
  }

  /**
   * Device i of ring `from` (already shifted out of it) connects at `at`: the balancer picks a proxy,
   * and the router replays what the device has not acked. Returns its index in `connRing`, or -1 when
   * no proxy could take it (it waits in limbo and tries again in a second).
   */
  private connect(from: DeviceRing, i: number, at: number, nextDueMs: number): number {
    const c = this.cfg;
    const target = pickProxy(this.load, this.up, c.maxConnections, this.uChurn.next());
    if (target < 0) {
      this.limbo.pushFrom(from, i, Math.ceil((this.clock.now() + 1e6) / MS));
      return -1;
    }
    const ring = this.rings[target]!;
    const j = ring.pushFrom(from, i, nextDueMs);
    ring.u8[12 * j + GAP] = this.uChurn.next() * (GAP_CODES + 1);
    this.load[target]!++;
    this.connRing = ring;
    if (ring.id) this.obs?.connected?.(ring.id[j]!, at);
    const mask = this.alo ? replayMask(this.released.forProxy(target), ring.u8[12 * j + ACKED]!, 'at-least-once') : 0;
    if (mask !== 0) {
      this.queues[target]!.push(ring.tail - 1, mask, 0, this.clock.now());
      this.wake(target);
    }
    return j;
  }

  // ---------------------------------------------------------------- faults

  private proxyFaults(p: number, active: readonly FaultEffect[]): void {
    const now = this.clock.now();
    const cond = proxyCondition(this.cfg.sendRatePerSec, active);
    if (this.up[p]) this.send(p, now);
    if (this.up[p] && !cond.up) this.crash(p);
    else if (!this.up[p] && cond.up) {
      this.up[p] = 1;
      this.busyUntil[p] = now;
    }
    this.spacing[p] = cond.ratePerSec > 0 ? 1e6 / cond.ratePerSec : Infinity;
    this.extraLatency[p] = cond.extraLatency;
  }

  /**
   * Proxy p crashes: every connection it holds drops. The devices reconnect to other proxies after
   * `reconnectDelay` plus a jitter uniform over `reconnectJitter` — a reconnect storm — and the
   * router replays what they missed.
   */
  private crash(p: number): void {
    const c = this.cfg;
    const now = this.clock.now();
    this.proxyCrashes++;
    this.up[p] = 0;
    this.epoch[p]!++;
    this.jobs[p]!.length = 0;
    this.queues[p]!.clear();
    const ring = this.rings[p]!;
    const n = ring.size;
    if (n === 0) return;
    // Reconnect times: n sorted uniforms (normalised exponential spacings), assigned to devices in a
    // random order so a device's place in the ring says nothing about how soon it is back.
    const u = this.uCrash;
    const times = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += -Math.log(1 - u.next());
      times[k] = sum;
    }
    sum += -Math.log(1 - u.next());
    const slot = new Int32Array(n);
    for (let k = 0; k < n; k++) slot[k] = k;
    for (let k = n - 1; k > 0; k--) {
      const r = Math.floor(u.next() * (k + 1));
      const tmp = slot[k]!;
      slot[k] = slot[r]!;
      slot[r] = tmp;
    }
    const pool = new DeviceRing(n, ring.id !== null);
    for (let k = 0; k < n; k++) pool.push(0);
    const sessionMs = c.sessionUs / MS;
    let i = ring.headIndex();
    for (let k = 0; k < n; k++) {
      const s = slot[k]!;
      const atUs = now + c.reconnectDelayUs + (c.reconnectJitterUs * times[s]!) / sum;
      const dueMs = Math.ceil(atUs / MS);
      copyDevice(ring, i, pool, s, dueMs);
      // The cache keeps refreshing over HTTP meanwhile; its session now ends a session after reconnecting.
      if (c.prefetch) this.binRefreshes(ring, i, ring.due(i) * MS, (dueMs + sessionMs) * MS, 1);
      if (ring.id) this.obs?.disconnected?.(ring.id[i]!, now);
      if (++i === ring.cap) i = 0;
    }
    ring.clear();
    this.load[p] = 0;
    this.storms.push(pool);
  }

  private networkFaults(active: readonly FaultEffect[]): void {
    const f = combineFaults(active);
    this.loss = f.down ? 1 : 1 - (1 - this.cfg.loss) * f.factor;
    this.netLatency = f.latency;
  }

  // ---------------------------------------------------------------- recording

  private endInterval(): void {
    const now = this.clock.now();
    const c = this.cfg;
    this.api.advance(now);
    const f = this.flushed;
    const m = this.m;
    m.delivered.add(this.delivered - f.delivered);
    m.duplicates.add(this.duplicates - f.duplicates);
    m.retries.add(this.retriesScheduled - f.retries);
    m.reconnects.add(this.reconnects - f.reconnects);
    m.apiShed.add(this.api.shed - f.apiShed);
    // Rows close at every interval and at the end of the run (which may cut the last interval short).
    const rps = (this.api.arrived - f.apiArrived) / ((now - this.intervalStart) / 1e6);
    this.intervalStart = now;
    if (rps > this.apiPeakRps) this.apiPeakRps = rps;
    m.apiRps.set(rps);
    this.flushed = {
      delivered: this.delivered, duplicates: this.duplicates, retries: this.retriesScheduled,
      reconnects: this.reconnects, apiArrived: this.api.arrived, apiShed: this.api.shed,
    };
    m.apiQueue.set(this.api.queue);
    m.deliveredRatio.set(this.lastSeq < 0 ? 0 : ratio(this.triggers[this.lastSeq]!));
    let total = 0;
    let most = 0;
    for (let p = 0; p < c.proxies; p++) {
      const l = this.load[p]!;
      total += l;
      if (l > most) most = l;
    }
    m.connections.set(total);
    m.maxConnections.set(most);
    m.disconnected.set(this.storms.reduce((a, s) => a + s.size, this.limbo.size));
    m.asleep.set(this.sleepers.size);
    const lag = this.broker.lag();
    if (lag > this.peakLag) this.peakLag = lag;
    m.brokerLag.set(lag);
    const next = Math.min(now + c.intervalUs, c.durationUs);
    if (next > now) this.clock.schedule(next - now, this.intervalKind, 0);
  }

  /** The `fanout` object of summary.json. */
  summary(): Record<string, unknown> {
    const sent = this.triggers.filter((t) => t.sentAt >= 0);
    const cohort = sum(sent, (t) => t.cohort);
    const delivered = sum(sent, (t) => t.cohortDelivered);
    const reachable = sum(sent, (t) => t.cohort - t.slept);
    const hs = sent.map((t) => t.latency);
    const completes = sent.map(completeMs);
    return {
      devices: this.cfg.devices,
      triggersSent: sent.length,
      connectedAtTrigger: cohort,
      delivered,
      deliveredRatio: reachable > 0 ? delivered / reachable : NaN,
      duplicates: this.duplicates,
      p50Ms: round3(LatencyHistogram.quantile(hs, 0.5)),
      p99Ms: round3(LatencyHistogram.quantile(hs, 0.99)),
      completeMs: completes.length > 0 && completes.every(Number.isFinite) ? Math.max(...completes) : NaN,
      apiPeakRps: round3(this.apiPeakRps),
      apiShed: round3(this.api.shed),
      reconnects: this.reconnects,
      stormReconnects: this.stormReconnects,
      sleptBeforeDelivery: sum(sent, (t) => t.slept),
      caughtUp: sum(sent, (t) => t.caughtUp),
      retries: this.retriesScheduled,
      lostInNetwork: this.lostInNetwork,
      lostInGap: this.lostInGap,
      apiRequests: round3(this.api.arrived),
      apiFromTriggers: this.apiFromTriggers,
      apiFailed: round3(this.api.failed),
      apiMaxWaitMs: round3(this.api.maxWaitUs / MS),
      brokerPeakLag: round3(this.peakLag),
      proxyCrashes: this.proxyCrashes,
      byTrigger: Object.fromEntries(sent.map((t) => [t.state, {
        sentAtSec: t.sentAt / 1e6,
        connectedAtTrigger: t.cohort,
        delivered: t.cohortDelivered,
        deliveredRatio: t.cohort - t.slept > 0 ? t.cohortDelivered / (t.cohort - t.slept) : NaN,
        p50Ms: round3(LatencyHistogram.quantile([t.latency], 0.5)),
        p99Ms: round3(LatencyHistogram.quantile([t.latency], 0.99)),
        completeMs: completeMs(t),
        sleptBeforeDelivery: t.slept,
        caughtUp: t.caughtUp,
      }])),
    };
  }
}

function copyDevice(from: DeviceRing, i: number, to: DeviceRing, j: number, dueMs: number): void {
  to.i32[3 * j] = dueMs;
  to.i32[3 * j + 1] = from.i32[3 * i + 1]!;
  to.i32[3 * j + 2] = from.i32[3 * i + 2]!;
  if (to.id) to.id[j] = from.id![i]!;
}

/** Share of a trigger's cohort (less those that fell asleep first) that has processed it. */
function ratio(t: TriggerStats): number {
  const d = t.cohort - t.slept;
  return d > 0 ? t.cohortDelivered / d : 1;
}

/** Time from sending until the whole cohort (less sleepers) had it, ms; NaN if some never did. */
function completeMs(t: TriggerStats): number {
  if (t.cohortDelivered < t.cohort - t.slept) return NaN;
  return t.cohortDelivered === 0 ? 0 : round3((t.lastCohortAt - t.sentAt) / MS);
}

const sum = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((a, x) => a + f(x), 0);
const round3 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);
