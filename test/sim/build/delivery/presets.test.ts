/**
 * The delivery presets' acceptance, at a reduced scale (the same --set scaling as their goldens):
 * encoder-failover serves no defective segment though A produced some; the 404 storm is absorbed
 * (backend reads at most one per segment, rendition and origin region); no 404 reaches a player
 * after the segment's publish time; the same seed gives the same bytes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../../../scenarios/load.ts';
import { scenarioChecks } from '../../../../sim/build/registry.ts';
import { runSim } from '../../../../sim/run.ts';
import { Kernel } from '../../../../sim/kernel.ts';
import { createStreams } from '../../../../sim/rng.ts';
import { RunRecorder } from '../../../../sim/record/recorder.ts';
import { scheduleFaults } from '../../../../sim/build/faults.ts';
import { surgeBuilder } from '../../../../sim/build/surge/index.ts';
import { deliveryBuilder } from '../../../../sim/build/delivery/index.ts';
import type { DeliveryWorld } from '../../../../sim/build/delivery/world.ts';
import type { DeliveryTally } from '../../../../sim/build/delivery/metrics.ts';
import { CohortMode } from '../../../../sim/build/delivery/cohort-mode.ts';
import { NOT_FOUND } from '../../../../models/cdn/delivery.ts';
import type { Faultable } from '../../../../models/faults.ts';
import { SCALED } from './_scaled.ts';

const ROOT = new URL('../../../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-delivery-'));

const load = (preset: string, extra: string[] = []) =>
  loadScenarioFile(join(ROOT, 'scenarios', `${preset}.yaml`), [...SCALED[preset], ...extra], scenarioChecks).scenario;

async function run(preset: string, dir: string, extra: string[] = []) {
  const summary = await runSim(load(preset, extra), { outDir: join(tmp, dir) });
  return { summary, m: summary.metrics as Record<string, number>, out: join(tmp, dir) };
}

test('encoder-failover: A publishes defective segments, none is served, B takes over, SLOs hold', async () => {
  const { summary, m } = await run('encoder-failover', 'failover');
  assert.ok(m.segmentsDefective > 0, String(m.segmentsDefective));
  assert.is(m.segmentsServedDefective, 0);
  assert.is(m.failovers, 1);
  assert.ok(summary.slo.every((v) => v.pass), JSON.stringify(summary.slo));
});

test('origin-404-storm: 404s are many, backend reads at most one per segment, rendition and region', async () => {
  const { summary, m } = await run('origin-404-storm', 'storm');
  // 2 origin regions × 6 renditions × 360 segments in 12 minutes.
  const bound = 2 * 6 * (12 * 60 / 2);
  assert.ok(m.origin404s > 0, String(m.origin404s));
  assert.ok(m.originBackendReads <= bound, `${m.originBackendReads} > ${bound}`);
  assert.ok(summary.slo.every((v) => v.pass), JSON.stringify(summary.slo));
});

test('same seed, same bytes (summary and timeline)', async () => {
  const a = await run('origin-404-storm', 'det-a');
  const b = await run('origin-404-storm', 'det-b');
  for (const f of ['summary.json', 'timeline.arrow']) {
    assert.ok(readFileSync(join(a.out, f)).equals(readFileSync(join(b.out, f))), `${f} differs between identical runs`);
  }
});

/** Builds surge + delivery by hand, so the test can watch what the sites answer. */
function handBuilt(preset: string, extra: string[]) {
  const scenario = load(preset, extra);
  const kernel = new Kernel();
  const recorder = new RunRecorder();
  const faultTargets = new Map<string, Faultable>();
  const ctx = { scenario, clock: kernel, rngs: createStreams(scenario.seed), recorder, faultTargets, shared: new Map<string, unknown>() };
  const parts = [surgeBuilder.build(ctx), deliveryBuilder.build(ctx)];
  scheduleFaults(kernel, scenario.faults, faultTargets);
  const d = ctx.shared.get('delivery') as { world: DeliveryWorld; tally: DeliveryTally; mode: unknown };
  const runAll = () => {
    for (let t = scenario.interval; t <= scenario.duration; t += scenario.interval) {
      kernel.run(t);
      for (const p of parts) p.onInterval?.(t);
    }
  };
  return { scenario, d, runAll };
}

for (const mode of ['cohort', 'viewer'] as const) {
  test(`${mode} mode: no 404 reaches a player for a segment already published (end to end)`, async () => {
    const { d, runAll, scenario } = handBuilt('origin-404-storm', [`delivery.mode=${mode}`, 'audience.uniqueViewers=40k', 'audience.peakConcurrent=25k']);
    const { world } = d;
    const R = world.origins[0].index.renditions;
    // What each tag asked for, and when it reached the edge.
    const asked = new Map<number, { id: number; at: number }>();
    for (const site of world.sites) {
      const request = site.request.bind(site);
      site.request = (edge, id, r, bytes, count, tag, now) => {
        asked.set(tag, { id, at: now });
        request(edge, id, r, bytes, count, tag, now);
      };
    }
    const sink = world.sink!;
    let notFound = 0;
    const late: string[] = [];
    world.sink = {
      deliver(tag, count, status, readyAt, edge) {
        if (status === NOT_FOUND) {
          notFound += count;
          const q = asked.get(tag)!;
          const n = Math.floor(q.id / R);
          // Published (by either pipeline) at or before the time the edge answered from its cache.
          const published = Math.min(...world.pipelines.map((p) => p.nominalAt(n)));
          if (q.at >= published && late.length < 5) late.push(`segment ${n} asked at ${q.at}, published ${published}`);
        }
        sink.deliver(tag, count, status, readyAt, edge);
      },
    };
    runAll();
    assert.ok(notFound > 0, 'the storm produced no 404 at all');
    assert.equal(late, []);
    const t = d.tally;
    assert.is(t.started, t.playing + t.departed + t.stopped + t.interrupted);
    if (d.mode instanceof CohortMode) {
      const c = d.mode.census();
      assert.is(c.inCohorts, t.playing + c.owed, JSON.stringify(c));
    }
    assert.ok(scenario.duration > 0);
  });
}

test.run();
