/**
 * The broker between the producer and the router: a partitioned log (Kafka-like). Besides the rare
 * broadcast triggers, each partition carries a steady stream of other push traffic (device-targeted
 * messages) that the router's consumer for that partition reads at a bounded rate. Both are fluid:
 * what matters is how many messages are ahead of a trigger, not which.
 *
 * A partition outage (`down`) stops it: writes queue in the producer, nothing is consumed, and a
 * trigger written then waits behind everything buffered. After recovery the buffer is appended and the
 * consumer drains the backlog at its rate, which is what `lag` shows. `degraded` scales the consumer's
 * rate; `slow` adds to the time between consuming a trigger and the router acting on it.
 */
import type { Clock } from '../ports.ts';
import { combineFaults, type FaultEffect } from '../faults.ts';

export interface BrokerOptions {
  partitions: number;
  /** Other traffic written, messages per second over all partitions. */
  backgroundPerSec: number;
  /** What one partition's consumer reads at most, messages per second. */
  consumePerSec: number;
  /** From consuming a trigger to the router acting on it, µs. */
  latencyUs: number;
}

interface Pending {
  seq: number;
  /** Messages still ahead of the trigger in the partition. */
  ahead: number;
}

class Partition {
  up = true;
  factor = 1;
  extraLatencyUs = 0;
  /** Messages in the log not yet consumed. */
  backlog = 0;
  /** Messages the producer holds while the partition is down. */
  buffered = 0;
  lastUs = 0;
  pending: Pending[] = [];
  /** Bumped whenever the pending plan changes, so a stale timer is ignored. */
  generation = 0;
}

export class Broker {
  private readonly parts: Partition[];
  private readonly inPerUs: number;
  private readonly outPerUs: number;

  /** `consumed(seq, partition)` runs when the router has read trigger `seq` from that partition. */
  constructor(
    private readonly clock: Clock,
    private readonly o: BrokerOptions,
    private readonly consumed: (seq: number, partition: number) => void,
  ) {
    this.parts = Array.from({ length: o.partitions }, () => new Partition());
    this.inPerUs = o.backgroundPerSec / o.partitions / 1e6;
    this.outPerUs = o.consumePerSec / 1e6;
  }

  get partitions(): number {
    return this.parts.length;
  }

  /** The producer writes trigger `seq` once to every partition. */
  publish(seq: number): void {
    for (let q = 0; q < this.parts.length; q++) {
      const p = this.advance(q);
      p.pending.push({ seq, ahead: p.backlog + p.buffered });
      this.plan(q);
    }
  }

  /** Messages written (or held by the producer) and not yet consumed, over all partitions. */
  lag(): number {
    let sum = 0;
    for (let q = 0; q < this.parts.length; q++) {
      const p = this.advance(q);
      sum += p.backlog + p.buffered + p.pending.length;
    }
    return sum;
  }

  setFaults(q: number, active: readonly FaultEffect[]): void {
    const p = this.advance(q);
    const f = combineFaults(active);
    if (p.up && f.down) p.up = false;
    else if (!p.up && !f.down) {
      // Back up: the producer's buffer goes into the log, in order, ahead of nothing newer.
      p.up = true;
      p.backlog += p.buffered;
      p.buffered = 0;
    }
    p.factor = f.factor;
    p.extraLatencyUs = f.latency;
    this.plan(q);
  }

  /** Bring partition q's fluid state to now. */
  private advance(q: number): Partition {
    const p = this.parts[q]!;
    const now = this.clock.now();
    const dt = now - p.lastUs;
    p.lastUs = now;
    if (dt <= 0) return p;
    const inflow = this.inPerUs * dt;
    if (!p.up) {
      p.buffered += inflow;
      return p;
    }
    // Constant rates over dt: the consumer reads at its rate while anything is waiting.
    const consumed = Math.min(p.backlog + inflow, this.outPerUs * p.factor * dt);
    p.backlog += inflow - consumed;
    for (const t of p.pending) t.ahead -= consumed;
    return p;
  }

  /** Arrange to hand the router the partition's oldest pending trigger once everything ahead is read. */
  private plan(q: number): void {
    const p = this.parts[q]!;
    const gen = ++p.generation;
    const first = p.pending[0];
    const rate = this.outPerUs * p.factor;
    if (!first || !p.up || !(rate > 0)) return;
    const delay = first.ahead > 0 ? Math.ceil(first.ahead / rate) : 0;
    this.clock.after(delay, () => {
      if (gen !== p.generation) return;
      this.advance(q);
      const t = p.pending.shift()!;
      const latency = this.o.latencyUs + p.extraLatencyUs;
      this.clock.after(latency, () => this.consumed(t.seq, q));
      this.plan(q);
    });
  }
}
