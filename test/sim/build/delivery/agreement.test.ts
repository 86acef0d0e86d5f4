/**
 * Cohorts against viewers: the same 200,000-viewer event on a tight CDN (agreement.yaml), run per
 * viewer and by cohorts. The key metrics agree within the bounds, and in both modes every
 * viewer who started playing is accounted for at the end.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../../../scenarios/load.ts';
import { scenarioChecks } from '../../../../sim/build/registry.ts';
import { runSim } from '../../../../sim/run.ts';

const FIXTURE = new URL('./agreement.yaml', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-agreement-'));

async function run(mode: 'cohort' | 'viewer') {
  const { scenario } = loadScenarioFile(FIXTURE, [`delivery.mode=${mode}`], scenarioChecks);
  const summary = await runSim(scenario, { outDir: join(tmp, mode) });
  return summary.metrics as Record<string, number>;
}

const conserved = (m: Record<string, number>) =>
  m.deliveryViewersStarted === m.deliveryViewersPlaying + m.deliveryViewersDeparted + m.deliveryViewersStopped + m.deliveryViewersInterrupted;

test('cohort and per-viewer delivery agree on rebuffering, hit ratio and origin load', async () => {
  const viewer = await run('viewer');
  const cohort = await run('cohort');
  const show = JSON.stringify({ viewer, cohort });
  // Rebuffering is not trivially zero: the edges saturate at the peak.
  assert.ok(viewer.rebufferRatio > 0.002, `rebuffering too small to prove anything: ${viewer.rebufferRatio}`);
  assert.ok(Math.abs(cohort.rebufferRatio - viewer.rebufferRatio) <= 0.002, `rebufferRatio ${cohort.rebufferRatio} vs ${viewer.rebufferRatio}`);
  assert.ok(Math.abs(cohort.edgeHitRatio - viewer.edgeHitRatio) <= 0.01, `edgeHitRatio ${cohort.edgeHitRatio} vs ${viewer.edgeHitRatio}`);
  assert.ok(Math.abs(cohort.originRequests / viewer.originRequests - 1) <= 0.02, `originRequests ${cohort.originRequests} vs ${viewer.originRequests}`);
  assert.is(cohort.deliveryViewersStarted, viewer.deliveryViewersStarted, show);
  assert.ok(conserved(viewer), `viewer mode loses viewers: ${show}`);
  assert.ok(conserved(cohort), `cohort mode loses viewers: ${show}`);
  assert.ok(cohort.deliveryPeakCohorts > 0 && cohort.deliveryPeakCohorts < 200_000 / 4, `peak cohorts ${cohort.deliveryPeakCohorts}`);
});

test.run();
