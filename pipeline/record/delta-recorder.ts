/**
 * The Recorder port for a thread that does not own the run's timeline (a player worker): counters
 * accumulate until `take()`, which hands over what happened since the last take and starts afresh;
 * gauges report their level (only those this thread ever touched, so a gauge it merely declared
 * never overwrites the owner's); histograms hand over their raw values. The host folds these into
 * the run's RunRecorder by name (see `MetricSink`).
 */
import type { Counter, Gauge, Histogram, MetricInfo, Recorder } from '../../models/ports.ts';

export interface MetricNames {
  counters: string[];
  gauges: string[];
  histograms: string[];
}

/** What happened in a thread since its last report; arrays follow the order of `MetricNames`. */
export interface MetricDelta {
  counters: Float64Array;
  /** Pairs of (gauge index, level) for the gauges this thread has set. */
  gauges: Float64Array;
  histograms: Float64Array[];
}

export class DeltaRecorder implements Recorder {
  private readonly names: MetricNames = { counters: [], gauges: [], histograms: [] };
  private counters: Float64Array<ArrayBuffer> = new Float64Array(64);
  private gauges: Float64Array<ArrayBuffer> = new Float64Array(64);
  private touched = new Uint8Array(64);
  private readonly values: number[][] = [];

  counter(name: string, _info: MetricInfo): Counter {
    const i = this.names.counters.push(name) - 1;
    if (i >= this.counters.length) this.counters = grow(this.counters);
    const self = this;
    return { add(n = 1) { self.counters[i] += n; } };
  }

  gauge(name: string, _info: MetricInfo): Gauge {
    const i = this.names.gauges.push(name) - 1;
    if (i >= this.gauges.length) {
      this.gauges = grow(this.gauges);
      const t = new Uint8Array(this.gauges.length);
      t.set(this.touched);
      this.touched = t;
    }
    const self = this;
    return {
      set(v) { self.gauges[i] = v; self.touched[i] = 1; },
      add(d) { self.gauges[i] += d; self.touched[i] = 1; },
      value: () => self.gauges[i],
    };
  }

  histogram(name: string, _info: MetricInfo): Histogram {
    const i = this.names.histograms.push(name) - 1;
    const list: number[] = (this.values[i] = []);
    return { record(v) { list.push(v); } };
  }

  metricNames(): MetricNames {
    return structuredClone(this.names);
  }

  /** Everything since the last take; counters and histograms start again from nothing. */
  take(): MetricDelta {
    const counters = this.counters.slice(0, this.names.counters.length);
    this.counters.fill(0);
    const pairs: number[] = [];
    for (let i = 0; i < this.names.gauges.length; i++) if (this.touched[i]) pairs.push(i, this.gauges[i]);
    const histograms = this.values.map((v) => {
      const out = Float64Array.from(v);
      v.length = 0;
      return out;
    });
    return { counters, gauges: Float64Array.from(pairs), histograms };
  }
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
