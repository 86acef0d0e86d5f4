/**
 * The origin's control metadata, kept apart from the media (DOMAIN.md): for each segment n, rendition r
 * and pipeline p, when that pipeline's candidate became (or becomes) readable and whether it is known to
 * be defective. Dense typed arrays sized by the event, so a lookup is arithmetic and allocates nothing.
 *
 * The first publish of a candidate wins; a repeat is ignored. A live pipeline publishes each rendition's
 * segments in order, so a pipeline that has published segment m of rendition r without publishing n < m
 * has skipped n for good (a stall or crash): {@link SegmentIndex.skipped} reads that from the highest
 * segment recorded per pipeline and rendition, without needing to know the pipeline's faults.
 */
import type { Micros } from '../ports.ts';
import { NEVER } from '../ingest/pipeline.ts';

/** Per (segment, rendition, pipeline): publish time and defect state. */
export class SegmentIndex {
  readonly segments: number;
  readonly renditions: number;
  readonly pipelines: number;
  /**
   * Readable-from time per candidate, NEVER when not published; candidate (n, r, p) sits at
   * `(n·R + r)·P + p`, so the candidates of one (n, r) are adjacent (see {@link SegmentIndex.base}).
   * Read-only for callers.
   */
  readonly times: Float64Array;
  /** 1 when the candidate is defective, at the same positions as `times`. Read-only for callers. */
  readonly defects: Uint8Array;
  /** Highest segment recorded per (pipeline, rendition), -1 for none; at `p·R + r`. */
  private readonly highest: Float64Array;

  constructor(segments: number, renditions: number, pipelines: number) {
    for (const [name, v] of [['segments', segments], ['renditions', renditions], ['pipelines', pipelines]] as const) {
      if (!(Number.isSafeInteger(v) && v > 0)) throw new Error(`SegmentIndex: ${name} must be a positive integer, got ${v}`);
    }
    this.segments = segments;
    this.renditions = renditions;
    this.pipelines = pipelines;
    this.times = new Float64Array(segments * renditions * pipelines).fill(NEVER);
    this.defects = new Uint8Array(segments * renditions * pipelines);
    this.highest = new Float64Array(pipelines * renditions).fill(-1);
  }

  /** Position of the first candidate of (n, r); pipeline p's is `base + p`. */
  base(n: number, r: number): number {
    return (n * this.renditions + r) * this.pipelines;
  }

  /** Records pipeline p's candidate of (n, r), readable from `at`; false when it was already recorded. */
  record(n: number, r: number, p: number, at: Micros, defective: boolean): boolean {
    this.check(n, r, p);
    const i = this.base(n, r) + p;
    if (this.times[i] !== NEVER) return false;
    this.times[i] = at;
    this.defects[i] = defective ? 1 : 0;
    const h = p * this.renditions + r;
    if (n > this.highest[h]) this.highest[h] = n;
    return true;
  }

  /** When pipeline p's candidate of (n, r) is readable, NEVER when not published. */
  publishedAt(n: number, r: number, p: number): Micros {
    return this.times[this.base(n, r) + p];
  }

  /** Whether pipeline p's candidate of (n, r) was published defective. */
  defective(n: number, r: number, p: number): boolean {
    return this.defects[this.base(n, r) + p] === 1;
  }

  /** Whether pipeline p published a later segment of rendition r but never n: it will never publish n. */
  skipped(n: number, r: number, p: number): boolean {
    return this.times[this.base(n, r) + p] === NEVER && this.highest[p * this.renditions + r] > n;
  }

  /** Highest segment of rendition r that pipeline p has published, -1 for none. */
  highestOf(p: number, r: number): number {
    return this.highest[p * this.renditions + r];
  }

  private check(n: number, r: number, p: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < this.segments)) throw new RangeError(`SegmentIndex: segment ${n} outside 0..${this.segments - 1}`);
    if (!(Number.isInteger(r) && r >= 0 && r < this.renditions)) throw new RangeError(`SegmentIndex: rendition ${r} outside 0..${this.renditions - 1}`);
    if (!(Number.isInteger(p) && p >= 0 && p < this.pipelines)) throw new RangeError(`SegmentIndex: pipeline ${p} outside 0..${this.pipelines - 1}`);
  }
}
