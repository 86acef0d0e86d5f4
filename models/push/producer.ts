/**
 * The message producer: watches the live event's state and, when it changes (kickoff, half-time,
 * final), schedules a broadcast of one low-cardinality trigger — the state key and a timestamp — for
 * every device. A repeated state is not broadcast again, and triggers are numbered in the order sent.
 */
import type { Clock, Micros } from '../ports.ts';
import { MAX_TRIGGERS, type Trigger } from './trigger.ts';

export interface ProducerOptions {
  /** From the state change to the broadcast (e.g. to let the UI content settle), µs. */
  delayUs: Micros;
}

export class Producer {
  private lastState: string | null = null;
  private next = 0;
  /** Triggers sent so far, in order. */
  readonly sent: Trigger[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly o: ProducerOptions,
    private readonly publish: (t: Trigger) => void,
  ) {}

  /** The event is now in `state`. Returns the sequence number of the trigger it schedules, or -1. */
  observe(state: string): number {
    if (state === this.lastState) return -1;
    if (this.next >= MAX_TRIGGERS) throw new Error(`Producer: more than ${MAX_TRIGGERS} broadcasts in one run`);
    this.lastState = state;
    const seq = this.next++;
    this.clock.after(this.o.delayUs, () => {
      const t: Trigger = { seq, key: state, at: this.clock.now() };
      this.sent.push(t);
      this.publish(t);
    });
    return seq;
  }

  /** Follow a known schedule of states (the scenario's event): observe each at its time. */
  watch(schedule: ReadonlyArray<{ state: string; at: Micros }>): void {
    for (const s of schedule) this.clock.after(s.at, () => this.observe(s.state));
  }
}
