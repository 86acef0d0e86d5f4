/**
 * The edge LRU on an independent-reference trace: Zipf(0.8) over 1 million objects, 10 million
 * requests, room for 100,000 objects (unit sizes, no expiry). The trace is drawn once with the
 * project's seeded RNG and Zipf sampler before any timing, so the figure is the cache's request loop
 * alone; each run starts from an empty cache, and the median of the runs is reported.
 *
 * The cache hashes ids by default, as it must when nothing bounds them; `index: 'direct'` measures the
 * direct id index instead (the trace's ids are 1..objects, so `idLimit` is objects + 1).
 *
 * Each run of the cache is followed by a run of the bare LRU (`bare-lru.ts`) on the same trace: this
 * machine's rates swing 2-4x from day to day with what shares its L3 and memory, and the share of the
 * bare loop's rate the cache reaches is the figure that compares across days.
 */
import { Cache } from '../../models/edge/cache/cache.ts';
import { cachePolicies } from '../../models/edge/cache/registry.ts';
import { createStreams } from '../rng.ts';
import { zipf } from '../dist/zipf.ts';
import { bareLruRun } from './bare-lru.ts';
import { median, peakRssMB } from './figures.ts';

/** Options for {@link benchCache}. */
export interface CacheBenchOptions {
  /** Distinct objects in the catalogue (default 1,000,000). */
  objects?: number;
  /** Requests per run (default 10,000,000). */
  requests?: number;
  /** Cache capacity in objects (default 100,000). */
  capacity?: number;
  /** Zipf exponent (default 0.8). */
  s?: number;
  /** Seed of the trace (default 1). */
  seed?: number | string;
  /** Runs; the median is reported (default 3). */
  runs?: number;
  /** How the cache indexes ids (default 'hash'). */
  index?: 'hash' | 'direct';
  /** Called after each run with its index (from 0) and the cache's rate, e.g. for a CLI progress line. */
  onProgress?: (run: number, requestsPerSec: number) => void;
}

/** Result of {@link benchCache}. */
export interface CacheBenchResult {
  name: 'cache';
  /** How the cache indexed ids. */
  index: 'hash' | 'direct';
  /** Median over runs of requests served per second of wall time. */
  requestsPerSec: number;
  /** Hits over requests (the same every run: the trace and the cache are deterministic). */
  hitRatio: number;
  requests: number;
  objects: number;
  capacity: number;
  runsRequestsPerSec: number[];
  /** Median rate of the bare typed-array LRU (`bare-lru.ts`) on the same trace, run after each cache run. */
  bareRequestsPerSec: number;
  /** requestsPerSec / bareRequestsPerSec: the share of this machine's ceiling the cache reaches today. */
  ofBare: number;
  runsBareRequestsPerSec: number[];
  /** Peak resident set size of the process so far, MB (the trace alone is 4 bytes per request). */
  peakRssMB: number;
}

/** Run the LRU over a pre-drawn Zipf trace and report the median request rate. */
export function benchCache(opts: CacheBenchOptions = {}): CacheBenchResult {
  const objects = opts.objects ?? 1_000_000;
  const requests = opts.requests ?? 10_000_000;
  const capacity = opts.capacity ?? 100_000;
  const runs = opts.runs ?? 3;
  const index = opts.index ?? 'hash';
  const idLimit = index === 'direct' ? objects + 1 : undefined;
  const trace = zipfTrace(objects, requests, opts.s ?? 0.8, opts.seed ?? 1);
  // Warm-up, untimed: V8 sizes a class's objects over its first few constructions ("slack tracking"),
  // and code optimised on the first cache's map deoptimises on the later ones ("wrong map"), which
  // made runs after the first up to 2.5x slower. A simulation builds thousands of edge caches before
  // its first request, so the steady state is the one to measure.
  const warm = trace.subarray(0, Math.min(requests, 200_000));
  for (let w = 0; w < 8; w++) {
    lruRun(warm, capacity, idLimit);
    bareLruRun(warm, objects, capacity);
  }
  const rates: number[] = [];
  const bareRates: number[] = [];
  let hits = 0;
  for (let r = 0; r < runs; r++) {
    const run = lruRun(trace, capacity, idLimit);
    rates.push(run.rate);
    hits = run.hits;
    opts.onProgress?.(r, run.rate);
    const bare = bareLruRun(trace, objects, capacity);
    // Two exact LRUs on one trace: any difference is a bug in one of them.
    if (bare.hits !== run.hits) throw new Error(`benchCache: the cache hit ${run.hits} times, the bare LRU ${bare.hits}`);
    bareRates.push(requests / bare.seconds);
  }
  const rate = median(rates);
  const bareRate = median(bareRates);
  return {
    name: 'cache',
    index,
    requestsPerSec: Math.round(rate),
    hitRatio: Math.round((hits / requests) * 1e6) / 1e6,
    requests,
    objects,
    capacity,
    runsRequestsPerSec: rates.map(Math.round),
    bareRequestsPerSec: Math.round(bareRate),
    ofBare: Math.round((rate / bareRate) * 1000) / 1000,
    runsBareRequestsPerSec: bareRates.map(Math.round),
    peakRssMB: peakRssMB(),
  };
}

/** Object ids (Zipf ranks from 1) for every request; Int32Array keeps them small integers for the engine. */
function zipfTrace(objects: number, requests: number, s: number, seed: number | string): Int32Array {
  const draw = zipf(createStreams(seed).stream('bench/cache/trace'), objects, s);
  const trace = new Int32Array(requests);
  for (let i = 0; i < requests; i++) trace[i] = draw();
  return trace;
}

/** One run on an empty cache; times the request loop alone. */
function lruRun(trace: Int32Array, capacity: number, idLimit: number | undefined): { rate: number; hits: number } {
  const cache = new Cache(cachePolicies.lru, { capacity, initialObjects: capacity, ...(idLimit ? { idLimit } : {}) });
  const n = trace.length;
  const t0 = process.hrtime.bigint();
  // Request i arrives at i µs; no object expires, so this measures the policy and the table.
  for (let i = 0; i < n; i++) cache.get(trace[i]!, 1, Infinity, i);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (cache.hits + cache.misses !== n) throw new Error(`benchCache: counted ${cache.hits + cache.misses} of ${n}`);
  return { rate: n / seconds, hits: cache.hits };
}
