/**
 * One encoding pipeline (encoder plus packager) of the two that publish every segment redundantly.
 * Its output is a pure function of the segment index and the fault windows it was given: segment n is
 * published at `(n+1)·D + encodeLatency + skew` unless a fault window covering that instant says
 * otherwise. Nothing here runs on a timer, so sim and real mode (and tests) ask the same question
 * and get the same answer, and the wiring can schedule publishes however it likes.
 *
 * Fault windows are half-open, `[from, until)` in µs of run time, and are matched against the
 * pipeline's own publish instant for the segment (skew included):
 * - `stall`: segments due in the window are never produced (a live encoder skips ahead rather than
 *   publish late); output resumes with the first segment due at or after `until`;
 * - `crash`: the same rule (nothing due in the window appears); `until` may be Infinity for the rest
 *   of the event. Kept apart from `stall` because scenarios and reports name them differently;
 * - `defective`: segments due in the window are published but marked defective;
 * - `regionLoss`: the pipeline's region is down; for the pipeline, like `crash`. Region losses are
 *   added through {@link addRegionLoss}, which applies one to every pipeline in the region; the wiring
 *   takes the origin of that region down too.
 * When windows overlap, not producing wins over producing defective.
 */
import type { Micros } from '../ports.ts';
import { DEFAULT_SEGMENT_DURATION } from './ladder.ts';

/**
 * "Never published": `Number.MAX_SAFE_INTEGER` µs (285 years). A finite integer rather than Infinity
 * so it fits every typed array that holds times and compares greater than any real instant.
 */
export const NEVER: Micros = Number.MAX_SAFE_INTEGER;

/** The fault kinds a pipeline takes, in the order scenarios list them. */
export const INGEST_FAULT_KINDS = ['stall', 'crash', 'defective', 'regionLoss'] as const;
export type IngestFaultKind = (typeof INGEST_FAULT_KINDS)[number];

/** One fault window, `[from, until)` µs; `until` may be Infinity. */
export interface IngestFault {
  kind: IngestFaultKind;
  from: Micros;
  until: Micros;
}

export interface PipelineOptions {
  /** "A", "B", ... */
  name: string;
  /** Index of the cloud region it runs in. */
  region: number;
  /** µs from the end of a segment's media to its publish. */
  encodeLatency: Micros;
  /** µs added to every publish time (pipelines are not frame-aligned); may be negative. Default 0. */
  skew?: Micros;
  /** Segment duration D in µs; default 2 s. */
  segmentDuration?: Micros;
  faults?: readonly IngestFault[];
}

/** The answer of {@link Pipeline.publishOf}, filled in place. */
export class PublishResult {
  /** When the segment is published, or {@link NEVER}. */
  at: Micros = NEVER;
  /** Published but corrupt (only meaningful when `at` is not NEVER). */
  defective = false;
}

/** One pipeline's publish schedule under its fault windows. */
export class Pipeline {
  readonly name: string;
  readonly region: number;
  readonly encodeLatency: Micros;
  readonly skew: Micros;
  readonly segmentDuration: Micros;
  /** Bumped by every {@link addFault}, so views derived from the windows (Failover) know to recompute. */
  version = 0;
  private readonly windows: IngestFault[] = [];

  constructor(o: PipelineOptions) {
    const d = o.segmentDuration ?? DEFAULT_SEGMENT_DURATION;
    if (!(Number.isSafeInteger(d) && d > 0)) throw new Error(`Pipeline ${o.name}: segmentDuration must be a positive integer µs, got ${d}`);
    if (!(Number.isSafeInteger(o.encodeLatency) && o.encodeLatency >= 0)) {
      throw new Error(`Pipeline ${o.name}: encodeLatency must be a non-negative integer µs, got ${o.encodeLatency}`);
    }
    const skew = o.skew ?? 0;
    if (!Number.isSafeInteger(skew)) throw new Error(`Pipeline ${o.name}: skew must be an integer µs, got ${skew}`);
    this.name = o.name;
    this.region = o.region;
    this.encodeLatency = o.encodeLatency;
    this.skew = skew;
    this.segmentDuration = d;
    for (const f of o.faults ?? []) this.addFault(f.kind, f.from, f.until);
  }

  /** Adds a fault window `[from, until)`; `until` may be Infinity. */
  addFault(kind: IngestFaultKind, from: Micros, until: Micros): void {
    if (!INGEST_FAULT_KINDS.includes(kind)) {
      throw new Error(`Pipeline ${this.name}: unknown fault kind "${kind}" (known: ${INGEST_FAULT_KINDS.join(', ')})`);
    }
    if (!(Number.isFinite(from) && until > from)) {
      throw new Error(`Pipeline ${this.name}: a fault window needs a finite from < until, got [${from}, ${until})`);
    }
    this.windows.push({ kind, from, until });
    this.version++;
  }

  /** The fault windows, in the order added. */
  get faults(): readonly IngestFault[] {
    return this.windows;
  }

  /** When segment `n` would be published with no fault. */
  nominalAt(n: number): Micros {
    return (n + 1) * this.segmentDuration + this.encodeLatency + this.skew;
  }

  /** When (and whether defective) segment `n` is published; `at` is NEVER for n < 0 or a skipped segment. */
  publishOf(n: number, out: PublishResult): PublishResult {
    out.at = NEVER;
    out.defective = false;
    if (!(Number.isSafeInteger(n) && n >= 0)) return out;
    const at = this.nominalAt(n);
    const w = this.windows;
    let defective = false;
    for (let i = 0; i < w.length; i++) {
      const f = w[i];
      if (at < f.from || at >= f.until) continue;
      if (f.kind !== 'defective') return out;
      defective = true;
    }
    out.at = at;
    out.defective = defective;
    return out;
  }

  /** Whether the pipeline produces good output at `t` (inside no fault window of any kind). */
  healthyAt(t: Micros): boolean {
    const w = this.windows;
    for (let i = 0; i < w.length; i++) if (t >= w[i].from && t < w[i].until) return false;
    return true;
  }

  /**
   * The union of all fault windows as sorted, disjoint `[from, until)` runs; touching windows merge,
   * so "defective until t2, crashed from t2" is one run. Allocates: for building derived views.
   */
  unhealthyRuns(): Array<[Micros, Micros]> {
    const sorted = this.windows.map((f): [Micros, Micros] => [f.from, f.until]).sort((a, b) => a[0] - b[0]);
    const runs: Array<[Micros, Micros]> = [];
    for (const [from, until] of sorted) {
      const last = runs[runs.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], until);
      else runs.push([from, until]);
    }
    return runs;
  }
}

/** Applies a region loss `[from, until)` to every pipeline in `region`; returns how many it hit. */
export function addRegionLoss(pipelines: readonly Pipeline[], region: number, from: Micros, until: Micros): number {
  let hit = 0;
  for (const p of pipelines) {
    if (p.region !== region) continue;
    p.addFault('regionLoss', from, until);
    hit++;
  }
  return hit;
}

/** The default redundant pair: "A" in region 0 and "B" in region 1, alike but for their names and regions. */
export function redundantPair(encodeLatency: Micros, segmentDuration: Micros = DEFAULT_SEGMENT_DURATION): [Pipeline, Pipeline] {
  return [
    new Pipeline({ name: 'A', region: 0, encodeLatency, segmentDuration }),
    new Pipeline({ name: 'B', region: 1, encodeLatency, segmentDuration }),
  ];
}
