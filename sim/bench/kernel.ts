/**
 * The classic hold-model benchmark of an event set: keep `pending` events in the queue; each
 * processed event schedules one more at now + Exp(mean 1 s), rounded to integer µs. Only the event
 * loop is timed (filling the queue is setup); the figure is the median of `runs` fresh kernels.
 */
import { Kernel } from '../kernel.ts';
import { SEC } from '../../models/time.ts';
import { median, peakRssMB } from './figures.ts';

/** Options for {@link benchKernel}. */
export interface KernelBenchOptions {
  /** Events kept pending (default 100,000). */
  pending?: number;
  /** Events processed per run (default 10,000,000). */
  events?: number;
  /** Runs; the median is reported (default 3). */
  runs?: number;
  /** Called after each run with its index (from 0) and rate, e.g. for a CLI progress line. */
  onProgress?: (run: number, eventsPerSec: number) => void;
}

/** Result of {@link benchKernel}. */
export interface KernelBenchResult {
  name: 'kernel';
  /** Median over runs of events processed per second of wall time. */
  eventsPerSec: number;
  /** Peak resident set size of the process so far, MB. */
  peakRssMB: number;
  pending: number;
  events: number;
  runs: number;
  runsEventsPerSec: number[];
}

/** Run the hold model and report the median event rate. */
export function benchKernel(opts: KernelBenchOptions = {}): KernelBenchResult {
  const pending = opts.pending ?? 100_000;
  const events = opts.events ?? 10_000_000;
  const runs = opts.runs ?? 3;
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const rate = holdRun(pending, events, 0x9e3779b9 ^ (r + 1));
    rates.push(rate);
    opts.onProgress?.(r, rate);
  }
  return {
    name: 'kernel',
    eventsPerSec: Math.round(median(rates)),
    peakRssMB: peakRssMB(),
    pending,
    events,
    runs,
    runsEventsPerSec: rates.map(Math.round),
  };
}

/** One run on a fresh kernel; returns events per second over the event loop alone. */
function holdRun(pending: number, events: number, seed: number): number {
  const kernel = new Kernel({ capacity: pending });
  // xorshift32 and inversion inline: the bench measures the kernel, so the draw must be cheap, and
  // it must not depend on the project's RNG module (its cost would blur this figure).
  let x = seed | 0 || 1;
  const expDelay = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // (x >>> 0) + 1 is in [1, 2^32], so the log argument is in (0, 1] and the draw is finite.
    return Math.round(-Math.log(((x >>> 0) + 1) / 4294967296) * SEC);
  };
  let left = events;
  const hold = kernel.register((arg) => {
    kernel.in(expDelay(), hold, arg);
    if (--left === 0) kernel.stop();
  });
  for (let i = 0; i < pending; i++) kernel.in(expDelay(), hold, i);
  const t0 = process.hrtime.bigint();
  const processed = kernel.run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (processed !== events) throw new Error(`benchKernel: processed ${processed} of ${events}`);
  return processed / seconds;
}
