/**
 * A multi-server station with a bounded FIFO queue (M/G/c/K when fed by a Poisson source): the
 * building block of anything that serves requests with limited concurrency. Written over the Clock port
 * with the hot-path timers, so a request costs no allocation: the queue is a ring of arrival times, and
 * the arrival time rides along as the completion timer's argument.
 */
import type { Clock, Counter, Gauge, Histogram, Recorder } from '../ports.ts';
import { MS } from '../time.ts';
import { combineFaults, type FaultEffect, type Faultable } from '../faults.ts';

export interface StationOptions {
  name: string;
  servers: number;
  queueLimit: number;
  /** Draws one service time in µs (the wiring builds it from the scenario's distribution). */
  serviceTime: () => number;
}

export class Station implements Faultable {
  private busy = 0;
  /** Ring buffer of waiting requests' arrival times. */
  private readonly ring: Float64Array;
  private head = 0;
  private waiting = 0;
  private down = false;
  private serversNow: number;
  private extraLatency = 0;
  private readonly doneKind: number;
  private busyTime = 0;
  private lastChange = 0;

  private readonly arrivals: Counter;
  private readonly served: Counter;
  private readonly rejected: Counter;
  private readonly depth: Gauge;
  private readonly inService: Gauge;
  private readonly wait: Histogram;
  private readonly response: Histogram;

  constructor(
    private readonly clock: Clock,
    recorder: Recorder,
    private readonly o: StationOptions,
  ) {
    this.ring = new Float64Array(Math.max(1, o.queueLimit));
    this.serversNow = o.servers;
    this.doneKind = clock.register((arrivedAt) => this.complete(arrivedAt));
    const p = `${o.name}.`;
    const panel = 'control';
    this.arrivals = recorder.counter(`${p}arrivals`, { unit: 'req', panel });
    this.served = recorder.counter(`${p}served`, { unit: 'req', panel });
    this.rejected = recorder.counter(`${p}rejected`, { unit: 'req', panel, description: 'queue full or station down' });
    this.depth = recorder.gauge(`${p}queueDepth`, { unit: 'req', panel });
    this.inService = recorder.gauge(`${p}busy`, { unit: 'servers', panel });
    this.wait = recorder.histogram(`${p}waitMs`, { unit: 'ms', panel });
    this.response = recorder.histogram(`${p}responseMs`, { unit: 'ms', panel });
  }

  /** A request arrives now. Returns false when it is rejected (queue full or down). */
  arrive(): boolean {
    const now = this.clock.now();
    this.arrivals.add();
    if (this.down) {
      this.rejected.add();
      return false;
    }
    if (this.busy < this.serversNow) {
      this.start(now, now);
      return true;
    }
    if (this.waiting >= this.o.queueLimit) {
      this.rejected.add();
      return false;
    }
    this.ring[(this.head + this.waiting) % this.ring.length] = now;
    this.waiting++;
    this.depth.set(this.waiting);
    return true;
  }

  setFaults(active: readonly FaultEffect[]): void {
    const f = combineFaults(active);
    this.down = f.down;
    this.serversNow = Math.max(0, Math.round(this.o.servers * f.factor));
    this.extraLatency = f.latency;
    // Capacity may have grown back: start waiting requests on the freed servers.
    this.drain();
  }

  /** Fraction of server-time in use since the start (capacity changes count at full size). */
  utilization(): number {
    this.account();
    const now = this.clock.now();
    return now === 0 ? 0 : this.busyTime / (now * this.o.servers);
  }

  private start(arrivedAt: number, now: number): void {
    this.account();
    this.busy++;
    this.inService.set(this.busy);
    this.wait.record((now - arrivedAt) / MS);
    this.clock.schedule(Math.round(this.o.serviceTime()) + this.extraLatency, this.doneKind, arrivedAt);
  }

  private complete(arrivedAt: number): void {
    this.account();
    this.busy--;
    this.inService.set(this.busy);
    this.served.add();
    this.response.record((this.clock.now() - arrivedAt) / MS);
    this.drain();
  }

  private drain(): void {
    const now = this.clock.now();
    while (this.waiting > 0 && this.busy < this.serversNow) {
      const arrivedAt = this.ring[this.head];
      this.head = (this.head + 1) % this.ring.length;
      this.waiting--;
      this.start(arrivedAt, now);
    }
    this.depth.set(this.waiting);
  }

  private account(): void {
    const now = this.clock.now();
    this.busyTime += this.busy * (now - this.lastChange);
    this.lastChange = now;
  }
}
