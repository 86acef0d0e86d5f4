/** Real mode's players make the simulation's decisions: PlayerFleet on the kernel against SurgeSim. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../../scenarios/load.ts';
import { scenarioChecks } from '../../../sim/build/registry.ts';
import { runSim } from '../../../sim/run.ts';
import { compareMetrics } from '../../../pipeline/compare/compare.ts';
import { runFleetOnKernel } from './_kernel-host.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-fleet-sim-'));
const lab = (sets: string[] = []) => loadScenarioFile(join(ROOT, 'scenarios/surge-lab.yaml'), sets, scenarioChecks).scenario;

for (const [variant, sets] of [['naive', []], ['server-guided', ['player.backoff.policy=server-guided']]] as const) {
  test(`surge-lab ${variant}: the fleet on the kernel agrees with SurgeSim within compare's tolerances`, async () => {
    const s = lab([...sets]);
    const sim = (await runSim(s, { outDir: join(tmp, variant) })).metrics;
    const fleet = runFleetOnKernel(s);
    const rows = compareMetrics(sim, fleet);
    assert.ok(rows.every((r) => r.pass), JSON.stringify(rows.map((r) => [r.metric, r.a, r.b])));
    // Same viewers: the joins are drawn from the same stream in the same order.
    assert.is(fleet.uniqueViewers, sim.uniqueViewers);
    assert.is(fleet.playAttempts, sim.playAttempts);
    const m = fleet as Record<string, number>;
    assert.ok(Math.abs(m.playStartSuccessRate * m.playAttempts + m.abandonedViewers + m.viewersStillTrying - m.playAttempts) < 1e-6, JSON.stringify(m));
  });
}

test('naive retries cost several times the requests of server-guided ones, on the fleet as in sim', () => {
  const naive = runFleetOnKernel(lab()) as Record<string, number>;
  const guided = runFleetOnKernel(lab(['player.backoff.policy=server-guided'])) as Record<string, number>;
  assert.ok(naive.retryAmplification > 3 * guided.retryAmplification, `${naive.retryAmplification} vs ${guided.retryAmplification}`);
});

test('a region that is down refuses the fleet as it refuses the simulation\'s viewers', async () => {
  const s = lab(['faults=[{target: controlPlane/lab-west, kind: down, at: 40s, for: 10s}]']);
  const fleet = runFleetOnKernel(s) as Record<string, number>;
  const sim = (await runSim(s, { outDir: join(tmp, 'down') })).metrics as Record<string, number>;
  assert.ok(fleet.refusedRequests > 100, String(fleet.refusedRequests));
  assert.ok(Math.abs(fleet.refusedRequests / sim.refusedRequests - 1) < 0.1, `${fleet.refusedRequests} vs ${sim.refusedRequests}`);
});

test.run();
