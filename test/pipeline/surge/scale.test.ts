/** `real --scale K`: audience and capacities divided by K, everything else as written. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadScenarioFile, loadScenarioText } from '../../../scenarios/load.ts';
import { scenarioChecks } from '../../../sim/build/registry.ts';
import { scaleScenarioInput } from '../../../pipeline/surge/scale.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

test('boxing-2024 at 1/20,000: a few thousand players, capacities alike, times untouched; run accepts it', () => {
  const { scenario, raw } = loadScenarioFile(join(ROOT, 'scenarios/boxing-2024.yaml'), [], scenarioChecks);
  const scaledInput = scaleScenarioInput(raw, scenario, { scale: 20_000, durationSec: 120 });
  const s = loadScenarioText(stringify(scaledInput), 'scaled.yaml', [], scenarioChecks).scenario;
  const k = 20_000;
  assert.is(s.audience!.uniqueViewers, Math.round(scenario.audience!.uniqueViewers / k));
  assert.ok(s.audience!.uniqueViewers > 1000 && s.audience!.uniqueViewers < 10_000);
  assert.is(s.audience!.peakConcurrent, Math.round(scenario.audience!.peakConcurrent / k));
  for (const [name, r] of Object.entries(scenario.topology.controlPlane!.regions)) {
    const scaled = s.topology.controlPlane!.regions[name];
    assert.is(scaled.workers, Math.max(1, Math.round(r.workers / k))); // at least one
    assert.is(scaled.queueLimit, Math.round(r.queueLimit / k));
    assert.equal(scaled.service, r.service);
    assert.is(scaled.rtt, r.rtt);
  }
  assert.is(s.duration, 120e6);
  assert.equal(s.player, scenario.player);
  assert.equal(s.policies, scenario.policies);
  // The input it came from is left alone.
  assert.equal(raw, loadScenarioFile(join(ROOT, 'scenarios/boxing-2024.yaml'), [], scenarioChecks).raw);
});

test('scale 1 keeps the scenario as given (with --set applied and the seed written down)', () => {
  const { scenario, raw } = loadScenarioFile(join(ROOT, 'scenarios/surge-lab.yaml'), ['seed=3', 'player.backoff.policy=server-guided'], scenarioChecks);
  const s = loadScenarioText(stringify(scaleScenarioInput(raw, scenario, { scale: 1 })), 'x.yaml', [], scenarioChecks).scenario;
  assert.equal(s, scenario);
});

test.run();
