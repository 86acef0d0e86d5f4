/**
 * Which pipeline is active over time. Both pipelines publish; the origin prefers the active one's
 * candidate. When the active pipeline stops producing good segments (stall, crash, region loss or
 * defective output), the switch to a healthy standby happens `failoverDelay` later: the detection delay
 * of an automatic monitor, or the time a human in the control room takes.
 *
 * Computed from the pipelines' fault windows, not driven by timers. The windows are known in full when
 * the scenario is built (faults are scheduled), so the whole switch history is a pure function of them:
 * sim and real mode get the same history, tests need no clock, `activeAt` is a binary search, and the
 * wiring can count failovers per interval by reading a list. A timer-driven detector would need a clock
 * and a health feed to reach the same answer. Adding a fault later is still allowed: the history is
 * recomputed on the next query.
 *
 * Rules:
 * - the pipeline fails at the start of a run of unhealthy time (fault windows merged; touching windows
 *   are one run, so "defective, then crashed" fails once, at the start of the defects);
 * - if the run lasts at least `failoverDelay`, the switch happens `failoverDelay` after it began, to the
 *   first other pipeline (by index) healthy at that moment; if none is, at the first later moment one
 *   is, provided the active one has not recovered first;
 * - no switch back when the failed pipeline recovers (switches interrupt viewers, so an operator keeps
 *   the healthy one); a later failure of the new active pipeline fails over again by the same rules.
 */
import type { Micros } from '../ports.ts';
import { SEC } from '../time.ts';
import type { Pipeline } from './pipeline.ts';

export type FailoverMode = 'automatic' | 'operator';

/** Default delay per mode: a monitor's detection delay, or a human in the control room. */
export const FAILOVER_DELAYS: Readonly<Record<FailoverMode, Micros>> = { automatic: 6 * SEC, operator: 10 * SEC };

export interface FailoverOptions {
  /** Default `automatic`. */
  mode?: FailoverMode;
  /** µs from failure to switch; default {@link FAILOVER_DELAYS}[mode]. */
  failoverDelay?: Micros;
  /** The pipeline active at the start; default 0. */
  initial?: number;
}

/** One switch of the active pipeline (indices into the pipelines given). */
export interface FailoverEvent {
  at: Micros;
  from: number;
  to: number;
}

/** The active pipeline over time, derived from the pipelines' fault windows. */
export class Failover {
  readonly mode: FailoverMode;
  readonly failoverDelay: Micros;
  readonly initial: number;
  private history: FailoverEvent[] = [];
  private seen = -1;

  constructor(
    private readonly pipelines: readonly Pipeline[],
    o: FailoverOptions = {},
  ) {
    this.mode = o.mode ?? 'automatic';
    this.failoverDelay = o.failoverDelay ?? FAILOVER_DELAYS[this.mode];
    this.initial = o.initial ?? 0;
    if (pipelines.length === 0) throw new Error('Failover: needs at least one pipeline');
    if (!(Number.isSafeInteger(this.failoverDelay) && this.failoverDelay >= 0)) {
      throw new Error(`Failover: failoverDelay must be a non-negative integer µs, got ${this.failoverDelay}`);
    }
    if (!(Number.isInteger(this.initial) && this.initial >= 0 && this.initial < pipelines.length)) {
      throw new Error(`Failover: initial must index a pipeline, got ${this.initial}`);
    }
  }

  /** Every switch, in time order. */
  get events(): readonly FailoverEvent[] {
    this.refresh();
    return this.history;
  }

  /** The index of the pipeline active at `t` (a switch at `t` is in force at `t`). */
  activeAt(t: Micros): number {
    const h = this.events;
    // Last event with at <= t.
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (h[mid].at <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? this.initial : h[lo - 1].to;
  }

  /** Switches with `from <= at < until` (for per-interval counts). */
  countIn(from: Micros, until: Micros): number {
    let n = 0;
    for (const e of this.events) if (e.at >= from && e.at < until) n++;
    return n;
  }

  private refresh(): void {
    // Runs on every activeAt (the origin's read path): an indexed loop, no iterator.
    let version = 0;
    for (let i = 0; i < this.pipelines.length; i++) version += this.pipelines[i].version;
    if (version === this.seen) return;
    this.seen = version;
    this.history = computeHistory(this.pipelines.map((p) => p.unhealthyRuns()), this.failoverDelay, this.initial);
  }
}

type Runs = ReadonlyArray<readonly [Micros, Micros]>;

/** The switch history for pipelines with the given unhealthy runs (sorted, disjoint, non-touching). */
function computeHistory(runs: readonly Runs[], delay: Micros, initial: number): FailoverEvent[] {
  const events: FailoverEvent[] = [];
  let active = initial;
  let t = -Infinity;
  for (;;) {
    // The active pipeline's next unhealthy run ending after t. It is healthy at t after a switch, so
    // the run starts after t; at the start (t = -Infinity) it may start anywhere.
    const run = runs[active].find((r) => r[1] > t);
    if (!run) return events;
    const [from, until] = run;
    const detected = Math.max(from, t) + delay;
    if (detected >= until) {
      t = until; // recovered before anyone noticed
      continue;
    }
    let best = Infinity;
    let to = -1;
    for (let q = 0; q < runs.length; q++) {
      if (q === active) continue;
      const s = firstHealthyFrom(runs[q], detected);
      if (s < until && s < best) {
        best = s;
        to = q;
      }
    }
    if (to < 0) {
      t = until; // no standby healthy before the active one recovers: stay
      continue;
    }
    events.push({ at: best, from: active, to });
    active = to;
    t = best;
  }
}

/** The first instant at or after `t` outside every run (Infinity when none). */
function firstHealthyFrom(runs: Runs, t: Micros): Micros {
  for (const [from, until] of runs) {
    if (t < from) return t;
    if (t < until) t = until;
  }
  return t;
}
