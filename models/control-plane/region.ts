/**
 * A control-plane region: the play API (session set-up, manifest, licence) behind a fixed number of
 * workers and a bounded FIFO queue, with admission control, degradation and Retry-After guidance.
 *
 * Play requests are modelled one by one (they are where viewers differ). Background traffic — prefetch,
 * bookmarks, personalization, driven by every viewer already watching — is millions of alike requests,
 * so it is a fluid: each control tick it occupies a share of the workers, and with priorities on, only
 * what play traffic leaves free. Shedding a class removes its share.
 *
 * The region never knows whether it runs in sim or for real: requests are numeric ids, answers go out
 * through `RegionPort.respond`, time through the Clock port.
 */
import type { Clock, Counter, Gauge, Histogram, Recorder } from '../ports.ts';
import { MS, SEC } from '../time.ts';
import { combineFaults, type FaultEffect, type Faultable } from '../faults.ts';
import { RetryAfterBook } from './guidance.ts';
import { DEGRADATION_STEPS, nextLevel, stepActive, type DegradationPolicy } from './degradation.ts';

export const OK = 200;
export const SHED = 503;
/** Connection refused: the region is down. */
export const REFUSED = 0;

/** What `request` did with a request: answered already, in service, or waiting in the queue. */
export const ANSWERED = 0;
export const STARTED = 1;
export const QUEUED = 2;

export const BACKGROUND_CLASSES = ['prefetch', 'bookmarks', 'personalization'] as const;
export type BackgroundClass = (typeof BACKGROUND_CLASSES)[number];

export interface BackgroundLoad {
  /** Requests per second per watching viewer. */
  perViewer: number;
  /** Mean worker time per request, µs. */
  service: number;
}

export interface RegionOptions {
  name: string;
  workers: number;
  queueLimit: number;
  /** Draws one play request's worker time, µs. */
  serviceTime: () => number;
  /** Mean of serviceTime, µs (for throughput estimates). */
  meanService: number;
  /** Share of a play request's work that is personalization (saved when it is dropped). */
  personalizationShare: number;
  background: Record<BackgroundClass, BackgroundLoad>;
  /** Play requests first; background gets what is left. Off: everything competes alike. */
  priorities: boolean;
  /** Reject at once when the expected queue wait exceeds this (µs); 0 = queue until full. */
  maxQueueWait: number;
  /** Drop queued requests whose client has already given up instead of serving them. */
  dropExpired: boolean;
  degradation: DegradationPolicy;
  /** Retry-After guidance; null = a bare 503. */
  retryAfter: { min: number; max: number } | null;
  /** How often the region re-reads its load, µs. */
  tick: number;
}

export interface RegionPort {
  /** Exactly one answer per request: OK, SHED (with Retry-After µs and a load hint in [0,1]) or REFUSED. */
  respond(id: number, status: number, retryAfter: number, load: number): void;
  /** Viewers watching through this region now (drives background load). */
  audience(): number;
}

export class ControlRegion implements Faultable {
  private busy = 0;
  private readonly ringId: Float64Array;
  private readonly ringArrival: Float64Array;
  private readonly ringDeadline: Float64Array;
  private head = 0;
  private waiting = 0;
  private down = false;
  private factor = 1;
  private extraLatency = 0;
  private level = 0;
  /** Workers the background fluid occupies this tick (may be fractional). */
  private backgroundBusy = 0;
  private playArrivalsThisTick = 0;
  private shedThisTick = 0;
  private readonly book: RetryAfterBook | null;
  private readonly doneKind: number;

  private readonly m: {
    arrivals: Counter; admitted: Counter; shed: Counter; refused: Counter; expired: Counter; retryAfter: Counter;
    queueDepth: Gauge; level: Gauge; busy: Gauge; wait: Histogram;
    shedClass: Record<BackgroundClass, Counter>;
  };

  constructor(
    private readonly clock: Clock,
    recorder: Recorder,
    private readonly o: RegionOptions,
    private readonly port: RegionPort,
  ) {
    const cap = Math.max(1, o.queueLimit);
    this.ringId = new Float64Array(cap);
    this.ringArrival = new Float64Array(cap);
    this.ringDeadline = new Float64Array(cap);
    this.book = o.retryAfter ? new RetryAfterBook(o.retryAfter.min, o.retryAfter.max) : null;
    this.doneKind = clock.register((id) => this.complete(id));
    const panel = 'control';
    const n = `cp.${o.name}.`;
    this.m = {
      arrivals: recorder.counter(`${n}arrivals`, { unit: 'req', panel, description: 'play requests arriving' }),
      admitted: recorder.counter(`${n}admitted`, { unit: 'req', panel }),
      shed: recorder.counter(`${n}shed`, { unit: 'req', panel, description: 'play requests answered 503' }),
      refused: recorder.counter(`${n}refused`, { unit: 'req', panel, description: 'region down' }),
      expired: recorder.counter(`${n}expired`, { unit: 'req', panel, description: 'dropped: client already gone' }),
      retryAfter: recorder.counter(`${n}retryAfterGiven`, { unit: 'req', panel }),
      queueDepth: recorder.gauge(`${n}queueDepth`, { unit: 'req', panel }),
      level: recorder.gauge(`${n}degradationLevel`, { unit: 'level', panel, description: DEGRADATION_STEPS.join(' > ') }),
      busy: recorder.gauge(`${n}busyWorkers`, { unit: 'workers', panel }),
      wait: recorder.histogram(`${n}queueWaitMs`, { unit: 'ms', panel }),
      shedClass: Object.fromEntries(
        BACKGROUND_CLASSES.map((c) => [c, recorder.counter(`${n}shed.${c}`, { unit: 'req', panel, description: `${c} requests shed` })]),
      ) as Record<BackgroundClass, Counter>,
    };
    const tickKind = clock.register(() => {
      this.control();
      clock.schedule(o.tick, tickKind, 0);
    });
    clock.schedule(0, tickKind, 0);
  }

  /**
   * A play request arrives now. `deadline` is when its client stops waiting (µs, absolute), used only
   * when `dropExpired` is on.
   */
  request(id: number, deadline: number): typeof ANSWERED | typeof STARTED | typeof QUEUED {
    const now = this.clock.now();
    this.m.arrivals.add();
    this.playArrivalsThisTick++;
    if (this.down) {
      this.m.refused.add();
      this.port.respond(id, REFUSED, 0, 1);
      return ANSWERED;
    }
    const free = this.playWorkers() - this.busy;
    if (free >= 1 && this.waiting === 0) {
      this.m.admitted.add();
      this.start(id, now, now);
      return STARTED;
    }
    const expectedWait = ((this.waiting + 1) * this.meanService()) / Math.max(1, this.playWorkers());
    if (this.waiting >= this.o.queueLimit || (this.o.maxQueueWait > 0 && expectedWait > this.o.maxQueueWait)) {
      this.shed(id, now);
      return ANSWERED;
    }
    this.m.admitted.add();
    const at = (this.head + this.waiting) % this.ringId.length;
    this.ringId[at] = id;
    this.ringArrival[at] = now;
    this.ringDeadline[at] = deadline;
    this.waiting++;
    if (free >= 1) this.drain();
    return QUEUED;
  }

  setFaults(active: readonly FaultEffect[]): void {
    const f = combineFaults(active);
    const wasDown = this.down;
    this.down = f.down;
    this.factor = f.factor;
    this.extraLatency = f.latency;
    if (this.down && !wasDown) {
      // A region going down drops what it holds: queued clients see their connection reset.
      while (this.waiting > 0) {
        const id = this.ringId[this.head];
        this.head = (this.head + 1) % this.ringId.length;
        this.waiting--;
        this.m.refused.add();
        this.port.respond(id, REFUSED, 0, 1);
      }
    }
    this.drain();
  }

  /** Load in [0, 1+]: the larger of worker utilisation and queue fill, plus 1 while shedding. */
  load(): number {
    const workers = Math.max(1, this.o.workers * this.factor);
    const util = (this.busy + this.backgroundBusy) / workers;
    const fill = this.o.queueLimit > 0 ? this.waiting / this.o.queueLimit : 0;
    return this.down ? 2 : Math.max(util, fill) + (this.shedThisTick > 0 ? 1 : 0);
  }

  /** Latency a `slow` fault adds to every request now, µs. */
  slowedBy(): number {
    return this.extraLatency;
  }

  isDown(): boolean {
    return this.down;
  }

  /** Workers the background fluid holds this tick. */
  backgroundWorkers(): number {
    return this.backgroundBusy;
  }

  degradationLevel(): number {
    return this.level;
  }

  /** Whether the degradation level sheds this background class entirely. */
  private classShed(c: BackgroundClass): boolean {
    return (c === 'prefetch' && stepActive(this.level, 'shed-prefetch')) || (c === 'personalization' && stepActive(this.level, 'drop-personalization'));
  }

  private meanService(): number {
    return stepActive(this.level, 'drop-personalization') ? this.o.meanService * (1 - this.o.personalizationShare) : this.o.meanService;
  }

  /** Workers available to play requests now. */
  private playWorkers(): number {
    return Math.max(0, Math.floor(this.o.workers * this.factor - this.backgroundBusy));
  }

  private shed(id: number, now: number): void {
    this.m.shed.add();
    this.shedThisTick++;
    let ra = 0;
    if (this.book) {
      ra = this.book.appoint(now, Math.max(1, this.playWorkers()) / this.meanService());
      this.m.retryAfter.add();
    }
    this.port.respond(id, SHED, ra, Math.min(1, this.load()));
  }

  private start(id: number, arrivedAt: number, now: number): void {
    this.busy++;
    this.m.wait.record((now - arrivedAt) / MS);
    let service = this.o.serviceTime();
    if (stepActive(this.level, 'drop-personalization')) service *= 1 - this.o.personalizationShare;
    this.clock.schedule(Math.round(service) + this.extraLatency, this.doneKind, id);
  }

  private complete(id: number): void {
    this.busy--;
    this.port.respond(id, OK, 0, 0);
    this.drain();
  }

  private drain(): void {
    const now = this.clock.now();
    const workers = this.playWorkers();
    while (this.waiting > 0 && this.busy < workers) {
      const h = this.head;
      this.head = (h + 1) % this.ringId.length;
      this.waiting--;
      if (this.o.dropExpired && this.ringDeadline[h] <= now) {
        // The client gave up; serving it would only burn a worker (it is answered, but costs nothing).
        this.m.expired.add();
        this.port.respond(this.ringId[h], SHED, 0, 1);
        continue;
      }
      this.start(this.ringId[h], this.ringArrival[h], now);
    }
  }

  /** The control tick: background share, degradation level, gauges. */
  private control(): void {
    const tickSec = this.o.tick / SEC;
    const audience = this.port.audience();
    const workers = this.o.workers * this.factor;
    // Work offered by play requests in the last tick, in workers.
    const playWork = (this.playArrivalsThisTick / tickSec) * (this.meanService() / SEC);
    let bgWork = 0;
    for (const c of BACKGROUND_CLASSES) {
      const bg = this.o.background[c];
      const demand = bg.perViewer * audience * tickSec;
      if (this.down || this.classShed(c)) {
        this.m.shedClass[c].add(demand);
        continue;
      }
      bgWork += (demand / tickSec) * (bg.service / SEC);
    }
    if (this.down) this.backgroundBusy = 0;
    else if (this.o.priorities) this.backgroundBusy = Math.min(bgWork, Math.max(0, workers - playWork));
    // Without priorities background takes its proportional share of an overloaded region.
    else this.backgroundBusy = bgWork + playWork <= workers ? bgWork : (workers * bgWork) / (bgWork + playWork);
    const unserved = bgWork - this.backgroundBusy;
    if (unserved > 0 && bgWork > 0) {
      // Background that found no worker is shed too, attributed to the classes by their share.
      for (const c of BACKGROUND_CLASSES) {
        const bg = this.o.background[c];
        const share = ((bg.perViewer * audience) * (bg.service / SEC)) / bgWork;
        if (share > 0 && !this.classShed(c)) {
          this.m.shedClass[c].add((unserved * share * tickSec) / (bg.service / SEC));
        }
      }
    }
    this.level = nextLevel(this.o.degradation, this.level, this.load());
    this.playArrivalsThisTick = 0;
    this.shedThisTick = 0;
    this.m.level.set(this.level);
    this.m.queueDepth.set(this.waiting);
    this.m.busy.set(this.busy + this.backgroundBusy);
    this.drain();
  }
}
