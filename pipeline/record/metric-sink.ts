/**
 * The host's side of the run's metrics: a Recorder that declares into the run's RunRecorder (so the
 * timeline has one set of columns, in declaration order, as in sim) and remembers each handle by name,
 * so reports from other threads (DeltaRecorder) can be folded in. A gauge reported by several threads
 * is the sum of their levels (each thread reports its own share, e.g. the viewers it is playing).
 */
import type { Counter, Gauge, Histogram, MetricInfo, Recorder } from '../../models/ports.ts';
import type { RunRecorder } from '../../sim/record/recorder.ts';
import type { MetricDelta, MetricNames } from './delta-recorder.ts';

export class MetricSink implements Recorder {
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();
  /** Per source: its names resolved to our handles, and its last gauge levels. */
  private readonly sources = new Map<number, { c: Counter[]; g: Gauge[]; h: Histogram[]; levels: Map<number, number> }>();

  constructor(readonly run: RunRecorder) {}

  counter(name: string, info: MetricInfo): Counter {
    const c = this.run.counter(name, info);
    this.counters.set(name, c);
    return c;
  }

  gauge(name: string, info: MetricInfo): Gauge {
    const g = this.run.gauge(name, info);
    this.gauges.set(name, g);
    return g;
  }

  histogram(name: string, info: MetricInfo): Histogram {
    const h = this.run.histogram(name, info);
    this.histograms.set(name, h);
    return h;
  }

  /** A thread that will report deltas; every name it declared must have been declared here. */
  addSource(id: number, names: MetricNames): void {
    const find = <T>(m: Map<string, T>, n: string): T => {
      const h = m.get(n);
      if (!h) throw new Error(`a player thread reports "${n}", which the host never declared`);
      return h;
    };
    this.sources.set(id, {
      c: names.counters.map((n) => find(this.counters, n)),
      g: names.gauges.map((n) => find(this.gauges, n)),
      h: names.histograms.map((n) => find(this.histograms, n)),
      levels: new Map(),
    });
  }

  apply(id: number, d: MetricDelta): void {
    const s = this.sources.get(id);
    if (!s) throw new Error(`no metric source ${id}`);
    for (let i = 0; i < d.counters.length; i++) if (d.counters[i] !== 0) s.c[i].add(d.counters[i]);
    for (let k = 0; k < d.gauges.length; k += 2) {
      const i = d.gauges[k];
      const before = s.levels.get(i) ?? 0;
      s.levels.set(i, d.gauges[k + 1]);
      s.g[i].add(d.gauges[k + 1] - before);
    }
    d.histograms.forEach((values, i) => {
      for (const v of values) s.h[i].record(v);
    });
  }
}
