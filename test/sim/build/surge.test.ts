/** The surge at a small scale, through the real run loop: conservation, determinism, the storm. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { loadScenarioFile } from '../../../scenarios/load.ts';
import { scenarioChecks } from '../../../sim/build/registry.ts';
import { runSim } from '../../../sim/run.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-surge-'));

/** boxing-2024 at 1/500 scale (216k viewers), capacities scaled alike. */
function boxing(hardened: boolean, extra: string[] = []) {
  const file = join(ROOT, 'scenarios', hardened ? 'boxing-2024-hardened.yaml' : 'boxing-2024.yaml');
  const east = hardened ? 10 : 7;
  const west = hardened ? 9 : 6;
  return loadScenarioFile(file, [
    'audience.uniqueViewers=216k', 'audience.peakConcurrent=130k',
    `topology.controlPlane.regions.us-east.workers=${east}`, `topology.controlPlane.regions.us-west.workers=${west}`,
    `topology.controlPlane.regions.us-east.queueLimit=${hardened ? 200 : 1000}`, `topology.controlPlane.regions.us-west.queueLimit=${hardened ? 200 : 1000}`,
    'duration=1h', 'audience.length=20m', ...extra,
  ], scenarioChecks).scenario;
}

async function run(name: string, hardened: boolean, extra: string[] = []) {
  const out = join(tmp, name);
  const summary = await runSim(boxing(hardened, extra), { outDir: out });
  return { summary, m: summary.metrics as Record<string, number>, out };
}

test('every play attempt ends played or abandoned; joins are exactly the unique viewers', async () => {
  const { m, out } = await run('naive', false);
  assert.is(m.uniqueViewers, 216_000);
  const t = tableFromIPC(readFileSync(join(out, 'timeline.arrow')));
  const joins = t.getChild('joins')!.toArray() as Float64Array;
  assert.is(joins.reduce((a, b) => a + b, 0), 216_000);
  const conc = t.getChild('concurrency')!.toArray() as Float64Array;
  assert.ok(conc.every((c) => c >= 0));
  // Every attempt is accounted for: started, abandoned, or still trying when the run ended (a few
  // Gaussian-tail joiners in the last minutes; counted from viewer states, not from the counters).
  const starts = m.playStartSuccessRate * m.playAttempts;
  assert.ok(Math.abs(starts + m.abandonedViewers + m.viewersStillTrying - m.playAttempts) < 1e-6, JSON.stringify(m));
  assert.ok(m.viewersStillTrying < 100);
  assert.is(m.playRequests, m.playRequestsByCause ? Object.values(m.playRequestsByCause as unknown as Record<string, number>).reduce((a, b) => a + b, 0) : NaN);
});

test('naive retries storm; server guidance, priorities and capacity tame it', async () => {
  const naive = (await run('naive2', false)).m;
  const hard = (await run('hardened', true)).m;
  assert.ok(naive.retryAmplification > 3 * hard.retryAmplification, `${naive.retryAmplification} vs ${hard.retryAmplification}`);
  assert.ok(hard.playStartSuccessRate > 0.99, String(hard.playStartSuccessRate));
  assert.ok(naive.playStartSuccessRate < hard.playStartSuccessRate);
});

test('same seed, same bytes; another seed, other bytes', async () => {
  const a = await run('a', true);
  const b = await run('b', true);
  const c = await run('c', true, ['seed=2']);
  for (const f of ['summary.json', 'timeline.arrow']) {
    assert.ok(readFileSync(join(a.out, f)).equals(readFileSync(join(b.out, f))), f);
    assert.not.ok(readFileSync(join(a.out, f)).equals(readFileSync(join(c.out, f))), f);
  }
});

test('a playback interruption sends the watchers back through the play path as restarts', async () => {
  const { m } = await run('interrupt', true, ['faults=[{target: playback, kind: down, at: 40m, for: 30s}]', 'audience.length=30m']);
  assert.ok(m.interruptedViewers > 50_000, String(m.interruptedViewers));
  assert.ok((m.playRequestsByCause as unknown as Record<string, number>).restart >= m.interruptedViewers);
});

test('a dip and a region outage mid-rush: every attempt still ends once (played, abandoned or still trying)', async () => {
  // Viewers sent back through the play path while others wait out backoffs: arrivals read nothing
  // of the viewer (surge.ts, send), so a viewer answered twice or lost would break the sum.
  const { m } = await run('dip-outage', false, [
    'faults=[{target: controlPlane/us-east, kind: down, at: 32m, for: 1m}]',
    'audience.dips=[{at: 40m, for: 2m, fraction: 30%}]',
  ]);
  const starts = m.playStartSuccessRate * m.playAttempts;
  assert.ok(m.playAttempts > 216_000, String(m.playAttempts)); // the dip's returns are attempts of their own
  assert.ok(Math.abs(starts + m.abandonedViewers + m.viewersStillTrying - m.playAttempts) < 1e-6, JSON.stringify(m));
  assert.ok(m.refusedRequests > 0, String(m.refusedRequests));
});

test.run();
