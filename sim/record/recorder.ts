/**
 * The Recorder port's implementation, shared by sim and real mode: models declare counters, gauges and
 * histograms while the run is built; then every interval the host calls `closeInterval(t)`, which turns
 * the current values into one timeline row. Hot-path updates touch one slot of a Float64Array.
 */
import type { Counter, Gauge, Histogram, MetricInfo, Recorder } from '../../models/ports.ts';
import { LogHistogram } from './histogram.ts';
import { TimelineWriter, type ColumnSpec } from './timeline-writer.ts';

type Kind = 'counter' | 'gauge' | 'histogram';

class CounterSlot implements Counter {
  constructor(private readonly values: Float64Array, private readonly i: number) {}
  add(n = 1): void {
    this.values[this.i] += n;
  }
}

class GaugeSlot implements Gauge {
  constructor(private readonly values: Float64Array, private readonly i: number) {}
  set(v: number): void {
    this.values[this.i] = v;
  }
  add(d: number): void {
    this.values[this.i] += d;
  }
  value(): number {
    return this.values[this.i];
  }
}

class HistogramSlot implements Histogram {
  readonly run = new LogHistogram();
  readonly interval = new LogHistogram();
  constructor(readonly name: string) {}
  record(v: number): void {
    this.run.record(v);
    this.interval.record(v);
  }
}

export interface HistogramSummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class RunRecorder implements Recorder {
  private readonly specs: ColumnSpec[] = [];
  private readonly kinds: Kind[] = [];
  private readonly names = new Set<string>();
  /** Current values; sized generously and fixed once the timeline opens. */
  private values = new Float64Array(1024);
  private readonly histograms: HistogramSlot[] = [];
  private readonly histogramColumns: number[] = [];
  private writer: TimelineWriter | null = null;
  private row!: Float64Array;
  /** Totals over the run, per counter column (for summaries). */
  private totals = new Float64Array(1024);
  /** Peak per column: a gauge's level at interval ends, a counter's count in one interval. */
  private peaks = new Float64Array(1024).fill(-Infinity);
  /** Sums of counters whose per-interval peak is wanted (e.g. requests of every cause). */
  private readonly sumPeaks = new Map<string, { cols: number[]; peak: number }>();
  rowsWritten = 0;

  counter(name: string, info: MetricInfo): Counter {
    return new CounterSlot(this.values, this.declare(name, info, 'counter'));
  }

  gauge(name: string, info: MetricInfo): Gauge {
    return new GaugeSlot(this.values, this.declare(name, info, 'gauge'));
  }

  histogram(name: string, info: MetricInfo): Histogram {
    const slot = new HistogramSlot(name);
    this.histogramColumns.push(this.declare(`${name}P50`, info, 'histogram'));
    this.declare(`${name}P99`, info, 'histogram');
    this.histograms.push(slot);
    return slot;
  }

  /** Column names in timeline order (after `t`). */
  columns(): string[] {
    return this.specs.map((s) => s.name);
  }

  /** Opens the timeline; no metric can be declared afterwards. */
  open(path: string, metadata: Record<string, string>, batchRows: number): void {
    this.writer = new TimelineWriter(path, this.specs, metadata, batchRows);
    this.row = new Float64Array(this.specs.length);
  }

  /** Ends the interval ending at `tSec`: writes a row, resets counters and interval histograms. */
  closeInterval(tSec: number): void {
    const n = this.specs.length;
    const { values, row, kinds } = this;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      row[i] = v;
      if (kinds[i] === 'counter') {
        this.totals[i] += v;
        values[i] = 0;
      }
      if (kinds[i] !== 'histogram' && v > this.peaks[i]) this.peaks[i] = v;
    }
    for (const sp of this.sumPeaks.values()) {
      let s = 0;
      for (const c of sp.cols) s += row[c];
      if (s > sp.peak) sp.peak = s;
    }
    for (let h = 0; h < this.histograms.length; h++) {
      const hist = this.histograms[h].interval;
      const col = this.histogramColumns[h];
      row[col] = hist.quantile(0.5);
      row[col + 1] = hist.quantile(0.99);
      hist.reset();
    }
    this.writer?.row(tSec, row);
    this.rowsWritten++;
  }

  /** Sum over the run of a counter (including the interval not yet closed). */
  total(name: string): number {
    const i = this.index(name);
    return this.totals[i] + (this.kinds[i] === 'counter' ? this.values[i] : 0);
  }

  /** Highest value a gauge had at any interval end, or a counter in any interval. */
  peak(name: string): number {
    const i = this.index(name);
    return this.kinds[i] === 'gauge' ? Math.max(this.peaks[i], this.values[i]) : Math.max(0, this.peaks[i]);
  }

  /** Highest per-interval sum of these counters. Ask before the run (it is tracked as rows close). */
  peakOfSum(names: string[]): number {
    const key = names.join('+');
    const sp = this.sumPeaks.get(key);
    if (!sp) throw new Error(`peakOfSum(${key}) was not tracked: call trackSum before the run`);
    return Math.max(0, sp.peak);
  }

  trackSum(names: string[]): void {
    this.sumPeaks.set(names.join('+'), { cols: names.map((n) => this.index(n)), peak: -Infinity });
  }

  summarize(name: string): HistogramSummary {
    const h = this.histograms.find((x) => x.name === name);
    if (!h) throw new Error(`no histogram "${name}"`);
    const r = h.run;
    return { count: r.count, mean: r.mean(), p50: r.quantile(0.5), p90: r.quantile(0.9), p99: r.quantile(0.99), max: r.count ? r.max : NaN };
  }

  flush(): void {
    this.writer?.flush();
  }

  close(): void {
    this.writer?.close();
    this.writer = null;
  }

  private index(name: string): number {
    const i = this.specs.findIndex((s) => s.name === name);
    if (i < 0) throw new Error(`no metric "${name}"`);
    return i;
  }

  private declare(name: string, info: MetricInfo, kind: Kind): number {
    if (this.writer) throw new Error(`metric "${name}" declared after the timeline opened`);
    if (this.names.has(name) || name === 't') throw new Error(`metric "${name}" declared twice`);
    const i = this.specs.length;
    if (i >= this.values.length) {
      throw new Error(`more than ${this.values.length} timeline columns`);
    }
    this.names.add(name);
    this.kinds.push(kind);
    const metadata: Record<string, string> = { kind, unit: info.unit, panel: info.panel };
    if (info.description) metadata.description = info.description;
    this.specs.push({ name, metadata });
    return i;
  }
}
