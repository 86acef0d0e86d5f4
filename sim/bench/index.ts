/** The benchmarks `livetwin bench [name]` knows; each returns the figures it prints. */
import { benchKernel } from './kernel.ts';
import { benchCache } from './cache.ts';
import { benchDelivery } from './delivery.ts';
import { benchMemory } from './memory.ts';

export type BenchResult = { name: string };

/** What a bench is run with from the command line. */
export interface BenchRunOptions {
  /** `--set` overrides of the bench's scenario; only benches with `takesSets` accept them. */
  sets?: string[];
}

export interface Bench {
  describe: string;
  /** Whether the bench simulates a scenario that `--set` can change. */
  takesSets?: boolean;
  run: (opts: BenchRunOptions) => BenchResult | Promise<BenchResult>;
}

export const benches: Record<string, Bench> = {
  kernel: {
    describe: 'hold model: 100,000 pending events, 10 million processed, each schedules one at now + Exp(1); median of 3',
    run: () => benchKernel(),
  },
  cache: {
    describe: 'edge LRU, hashed ids: Zipf(0.8) over 1 million objects, 10 million requests, room for 100,000 (unit sizes); median of 3, each run beside a bare typed-array LRU on the same trace',
    run: () => benchCache(),
  },
  delivery: {
    describe: 'cohort delivery at full CDN size: 6,000 sites x 3 edges, 400k viewers, 150 s simulated; wall ms per simulated second after 60 s; median of 3',
    takesSets: true,
    run: (opts) => benchDelivery(opts),
  },
  memory: {
    describe: "dependent-load latency (one pointer chase) and the same with eight chases in step, over random cycles of 256 KiB, 5 MiB (the cache bench's table), 64 MiB and 512 MiB; median of 3",
    run: () => benchMemory(),
  },
};
