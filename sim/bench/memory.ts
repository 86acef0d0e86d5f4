/**
 * What a cache miss costs on this machine today: the time of one load whose address depends on the
 * previous load (a pointer chase), for working sets from one that fits in L2 to one far beyond L3.
 *
 * Why a bench for it: the simulation's hot paths are memory-bound (a surge event touches one random
 * viewer record among gigabytes, an edge request a bucket and a record of its cache), so their rates
 * move with these figures, and this VM's memory moves 2-4x from day to day with its neighbours. Run
 * it beside another bench to tell a slow day from a slow build. The 5 MiB size is the cache bench's
 * working set (2 MiB of buckets, 3.2 MiB of records); 512 MiB is well past any L3 and TLB reach, as a
 * full-scale surge's viewer table (3.5 GB at boxing-2024's 108M viewers) is.
 *
 * Two figures per size:
 * - `latencyNs`: one chain, each load waiting for the one before: the latency of a miss.
 * - `eightChainsNs`: eight chains walked in step, so eight misses are in flight at once: ns per load
 *   when the core can overlap them (memory-level parallelism). A request loop overlaps its requests'
 *   loads this way only as far as its branches let it speculate ahead.
 *
 * Each array holds one random cycle through all its entries (Sattolo's shuffle), so every step is a
 * load from an unpredictable line and no prefetcher can follow. The shuffle uses an inline xorshift,
 * not the project's RNG: the figure is the memory's, and the cycle's randomness only has to defeat
 * the prefetchers. Building the cycle is setup; only the chase is timed.
 */
import { median, peakRssMB, round1 } from './figures.ts';

const MiB = 1 << 20;

/** Options for {@link benchMemory}. */
export interface MemoryBenchOptions {
  /** Working-set sizes, bytes (default 256 KiB, 5 MiB, 64 MiB, 512 MiB). */
  sizes?: number[];
  /** Dependent loads per timed chase (default 20 million). */
  loads?: number;
  /** Runs per size; the median is reported (default 3). */
  runs?: number;
}

/** Result of {@link benchMemory}. */
export interface MemoryBenchResult {
  name: 'memory';
  /** Working-set sizes, MiB. */
  sizesMiB: number[];
  /** Per size, ns per load of one dependent chain (median of runs). */
  latencyNs: number[];
  /** Per size, ns per load with eight chains walked together (median of runs). */
  eightChainsNs: number[];
  loads: number;
  peakRssMB: number;
}

/** Time dependent loads over random cycles of each working-set size. */
export function benchMemory(opts: MemoryBenchOptions = {}): MemoryBenchResult {
  const sizes = opts.sizes ?? [256 * 1024, 5 * MiB, 64 * MiB, 512 * MiB];
  const loads = opts.loads ?? 20_000_000;
  const runs = opts.runs ?? 3;
  for (const s of sizes) {
    if (!(Number.isSafeInteger(s) && s >= 64 && s <= 2 ** 32)) throw new Error(`benchMemory: sizes must be whole bytes in [64, 2^32], got ${s}`);
  }
  if (!(Number.isSafeInteger(loads) && loads >= 8)) throw new Error(`benchMemory: loads must be an integer >= 8, got ${loads}`);
  const latencyNs: number[] = [];
  const eightChainsNs: number[] = [];
  for (const size of sizes) {
    const cycle = randomCycle(Math.floor(size / 4), 0x2545f491 ^ size);
    chase(cycle, 1, Math.min(loads, 1_000_000)); // warm-up, untimed: pages faulted in, code optimised
    const one: number[] = [];
    const eight: number[] = [];
    for (let r = 0; r < runs; r++) {
      one.push(chase(cycle, 1, loads));
      eight.push(chase(cycle, 8, loads));
    }
    latencyNs.push(round1(median(one)));
    eightChainsNs.push(round1(median(eight)));
  }
  return {
    name: 'memory',
    sizesMiB: sizes.map((s) => Math.round((s / MiB) * 1000) / 1000),
    latencyNs,
    eightChainsNs,
    loads,
    peakRssMB: peakRssMB(),
  };
}

/**
 * An Int32Array of n entries in which following `i = a[i]` from any entry visits every entry once
 * before coming back: Sattolo's variant of Fisher-Yates, which only makes single cycles.
 */
export function randomCycle(n: number, seed: number): Int32Array {
  if (!(Number.isSafeInteger(n) && n >= 2)) throw new Error(`randomCycle: n must be an integer >= 2, got ${n}`);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  let x = seed | 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.floor(((x >>> 0) / 4294967296) * i); // j < i: that is what makes it one cycle
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** Walks `chains` chains from evenly spaced entries for `loads` loads in all (rounded up to a multiple of `chains`); ns per load. */
function chase(a: Int32Array, chains: 1 | 8, loads: number): number {
  const n = a.length;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  if (chains === 1) {
    let p = 0;
    for (let k = 0; k < loads; k++) p = a[p]!;
    sink = p;
  } else {
    // Eight variables, not an array of cursors: each step's eight loads must not wait on one another.
    const step = Math.floor(n / 8);
    const rounds = Math.ceil(loads / 8);
    let p0 = 0, p1 = step, p2 = 2 * step, p3 = 3 * step, p4 = 4 * step, p5 = 5 * step, p6 = 6 * step, p7 = 7 * step;
    for (let k = 0; k < rounds; k++) {
      p0 = a[p0]!; p1 = a[p1]!; p2 = a[p2]!; p3 = a[p3]!;
      p4 = a[p4]!; p5 = a[p5]!; p6 = a[p6]!; p7 = a[p7]!;
    }
    sink = p0 | p1 | p2 | p3 | p4 | p5 | p6 | p7;
    loads = 8 * rounds;
  }
  const ns = Number(process.hrtime.bigint() - t0) / loads;
  // Read the cursor so the loop cannot be dropped as dead code; never true for a valid index.
  if (sink < 0) throw new Error('benchMemory: cycle left the array');
  return ns;
}
