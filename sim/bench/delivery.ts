/**
 * The delivery side's cost at full CDN size: `delivery.yaml` (the boxing night's 6,000 sites of 3 edges
 * with a small audience) simulated for real, timing the steady window after every edge has its cohorts.
 * What it reports is what the full event's budget is made of: wall time per simulated second of
 * delivery, and the cohort requests behind it (the mode's work, from the `delivery.requests` column).
 * A 150-minute event at this CDN size needs 9,000 such seconds: `event150MinDeliveryMin` multiplies
 * them out (the surge of a full audience comes on top).
 *
 * Wall time comes from the run loop's progress callback, once per simulated second; nothing here
 * reaches the run's outputs, which go to a temporary directory and are deleted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { loadScenarioFile } from '../../scenarios/load.ts';
import { ScenarioError } from '../../scenarios/problems.ts';
import { scenarioChecks } from '../build/registry.ts';
import { runSim } from '../run.ts';
import { peakRssMB, round1 } from './figures.ts';

const SCENARIO = new URL('./delivery.yaml', import.meta.url).pathname;
const EVENT_SEC = 150 * 60;

/** Options for {@link benchDelivery}. */
export interface DeliveryBenchOptions {
  /** `--set` overrides on the bench scenario (tests shrink it). */
  sets?: string[];
  /** Simulated second the timed window starts at (default 60: the audience is in by 40 s). */
  steadyFromSec?: number;
  /** Runs; the median is reported (default 3). */
  runs?: number;
  /** Called after each run with its index (from 0) and its wall ms per simulated second. */
  onProgress?: (run: number, msPerSimSec: number) => void;
}

/** Result of {@link benchDelivery}. */
export interface DeliveryBenchResult {
  name: 'delivery';
  /** Median over runs: wall ms per simulated second in the steady window. */
  msPerSimSec: number;
  /** Cohort requests sent per wall second in the window (median run). */
  cohortRequestsPerSec: number;
  /** Viewer requests they stand for, per wall second (the leverage of cohorts). */
  viewerRequestsPerSec: number;
  /** Mean cohorts over the window. */
  cohorts: number;
  /** 9,000 simulated seconds at `msPerSimSec`, minutes: the delivery side of a 150-minute event. */
  event150MinDeliveryMin: number;
  sites: number;
  edges: number;
  phases: number;
  /** The timed window, simulated seconds. */
  windowSec: [number, number];
  runs: number;
  runsMsPerSimSec: number[];
  /** Wall seconds of the median run, set-up and surge included. */
  wallSec: number;
  peakRssMB: number;
}

export async function benchDelivery(opts: DeliveryBenchOptions = {}): Promise<DeliveryBenchResult> {
  const { scenario, overridden } = loadScenarioFile(SCENARIO, opts.sets ?? [], scenarioChecks);
  const cdn = scenario.topology.cdn!;
  const from = opts.steadyFromSec ?? 60;
  const to = scenario.duration / 1e6;
  if (!(from >= 0)) throw new RangeError(`benchDelivery: steadyFromSec must be >= 0, got ${from}`);
  if (!(from < to)) {
    // Reached through `bench delivery --set duration=...`: a scenario problem, exit 2.
    const source = overridden.has('duration') ? '--set' : SCENARIO;
    throw new ScenarioError([{ source, path: 'duration', message: `the bench times the window from ${from} s on, so the run must be longer; got ${to} s` }]);
  }
  const runs = opts.runs ?? 3;
  const results: Array<{ ms: number; cohortRps: number; viewerRps: number; cohorts: number; wall: number }> = [];
  for (let r = 0; r < runs; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'livetwin-bench-delivery-'));
    try {
      let wallFrom = NaN;
      let wallTo = NaN;
      const started = process.hrtime.bigint();
      const wallNow = () => Number(process.hrtime.bigint() - started) / 1e9;
      await runSim(scenario, {
        outDir: dir,
        progressEveryMs: 0,
        onProgress: (p) => {
          const t = p.simUs / 1e6;
          if (t === from) wallFrom = wallNow();
          if (t === to) wallTo = wallNow();
        },
      });
      const wall = wallNow();
      if (from === 0) wallFrom = 0;
      if (!(wallTo > wallFrom)) throw new Error('benchDelivery: the run did not report the window\'s ends');
      const table = tableFromIPC(readFileSync(join(dir, 'timeline.arrow')));
      const column = (name: string) => table.getChild(name)!.toArray() as Float64Array;
      const t = column('t');
      const cohortReq = column('delivery.requests');
      const viewerReq = column('cdn.requests');
      const cohorts = column('delivery.cohorts');
      let c = 0;
      let v = 0;
      let k = 0;
      let rows = 0;
      // Row i is the interval ending at t[i]: the window (from, to] is the rows after `from`.
      for (let i = 0; i < t.length; i++) {
        if (t[i]! <= from || t[i]! > to) continue;
        c += cohortReq[i]!;
        v += viewerReq[i]!;
        k += cohorts[i]!;
        rows++;
      }
      const secs = wallTo - wallFrom;
      const res = { ms: (1000 * secs) / (to - from), cohortRps: c / secs, viewerRps: v / secs, cohorts: rows > 0 ? k / rows : 0, wall };
      results.push(res);
      opts.onProgress?.(r, res.ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // The median run, not each figure's median: the figures reported belong to one run.
  const mid = [...results].sort((a, b) => a.ms - b.ms)[results.length >> 1]!;
  return {
    name: 'delivery',
    msPerSimSec: round1(mid.ms),
    cohortRequestsPerSec: Math.round(mid.cohortRps),
    viewerRequestsPerSec: Math.round(mid.viewerRps),
    cohorts: Math.round(mid.cohorts),
    event150MinDeliveryMin: round1((mid.ms * EVENT_SEC) / 60_000),
    sites: cdn.sites,
    edges: cdn.sites * cdn.edgesPerSite,
    phases: scenario.delivery.phases,
    windowSec: [from, to],
    runs,
    runsMsPerSimSec: results.map((x) => round1(x.ms)),
    wallSec: round1(mid.wall),
    peakRssMB: peakRssMB(),
  };
}

