/**
 * The simulation run loop: build the models a scenario names, then advance the kernel one recording
 * interval at a time, closing a timeline row at each interval's end. Between intervals it yields to
 * the event loop now and then, so Ctrl-C and progress output work during long runs; nothing wall-clock
 * reaches summary.json or timeline.arrow.
 */
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Scenario } from '../scenarios/schema/scenario.ts';
import type { Faultable } from '../models/faults.ts';
import { Kernel } from './kernel.ts';
import { createStreams } from './rng.ts';
import { RunRecorder } from './record/recorder.ts';
import { judge } from './record/slo.ts';
import { prepareRunDir, writeRunInfo, writeSummary, type Summary } from './record/run-files.ts';
import { builders } from './build/registry.ts';
import { scheduleFaults } from './build/faults.ts';
import type { Part } from './build/types.ts';

export interface Progress {
  simUs: number;
  durationUs: number;
  events: number;
  wallSec: number;
}

export interface RunOptions {
  outDir: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Wall milliseconds between progress callbacks (and event-loop yields). */
  progressEveryMs?: number;
  argv?: string[];
}

/** Rows per record batch: a batch per simulated minute at the default interval. */
const BATCH_ROWS = 60;

export async function runSim(scenario: Scenario, o: RunOptions): Promise<Summary> {
  const started = Date.now();
  const kernel = new Kernel();
  const rngs = createStreams(scenario.seed);
  const recorder = new RunRecorder();
  const faultTargets = new Map<string, Faultable>();
  const ctx = { scenario, clock: kernel, rngs, recorder, faultTargets, shared: new Map<string, unknown>() };
  const parts: Part[] = builders.filter((b) => b.applies(scenario)).map((b) => b.build(ctx));
  scheduleFaults(kernel, scenario.faults, faultTargets);

  prepareRunDir(o.outDir);
  recorder.open(join(o.outDir, 'timeline.arrow'), {
    scenario: scenario.name,
    seed: String(scenario.seed),
    mode: 'sim',
    intervalSec: String(scenario.interval / 1e6),
  }, BATCH_ROWS);

  const every = o.progressEveryMs ?? 250;
  let lastYield = Date.now();
  let status: Summary['status'] = 'complete';
  let t = 0;
  while (t < scenario.duration) {
    t = Math.min(t + scenario.interval, scenario.duration);
    kernel.run(t);
    for (const p of parts) p.onInterval?.(t);
    recorder.closeInterval(t / 1e6);
    if (Date.now() - lastYield >= every) {
      // No flush here: batch boundaries must depend on rows only, or the file's bytes would depend
      // on the machine's speed. A killed run keeps every complete batch (BATCH_ROWS intervals).
      await yieldToLoop();
      lastYield = Date.now();
      o.onProgress?.({ simUs: t, durationUs: scenario.duration, events: kernel.eventsProcessed, wallSec: (lastYield - started) / 1000 });
      if (o.signal?.aborted) {
        status = 'aborted';
        break;
      }
    }
  }
  recorder.close();

  const metrics: Record<string, unknown> = {};
  for (const p of parts) Object.assign(metrics, p.summary());
  const summary: Summary = {
    scenario: scenario.name,
    seed: scenario.seed,
    mode: 'sim',
    status,
    simulatedSec: t / 1e6,
    intervalSec: scenario.interval / 1e6,
    events: kernel.eventsProcessed,
    slo: judge(scenario.slo, metrics),
    metrics,
    faults: scenario.faults.map((f) => ({
      target: f.target, kind: f.kind, startSec: f.at / 1e6, endSec: (f.at + f.for) / 1e6, label: f.label ?? `${f.target} ${f.kind}`,
    })),
  };
  writeSummary(o.outDir, summary);
  const wallSec = (Date.now() - started) / 1000;
  await writeRunInfo(o.outDir, {
    startedAt: new Date(started).toISOString(),
    wallSec,
    eventsPerSec: Math.round(kernel.eventsProcessed / Math.max(wallSec, 1e-3)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    argv: o.argv ?? [],
  });
  return summary;
}
