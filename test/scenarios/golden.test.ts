/**
 * Golden summaries: each fast preset's summary.json is pinned byte for byte. A change to a model that
 * moves a number fails here on purpose; if the change is intended, regenerate with
 * `UPDATE_GOLDEN=1 node --import tsx test/run.ts golden` and review the diff like code.
 * (The full-scale presets take minutes; they run in benchmarks, not here.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../scenarios/load.ts';
import { scenarioChecks } from '../../sim/build/registry.ts';
import { runSim } from '../../sim/run.ts';
import { SCALED } from '../sim/build/delivery/_scaled.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const GOLDEN = join(ROOT, 'test/scenarios/golden');
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-golden-'));

const CASES: Array<{ preset: string; sets: string[] }> = [
  { preset: 'queue-lab', sets: ['duration=3m'] },
  { preset: 'small-event', sets: [] },
  { preset: 'surge-lab', sets: [] },
  // The delivery presets run here scaled down (see SCALED); full size, they are benchmarks.
  { preset: 'first-special', sets: SCALED['first-special'] },
  { preset: 'encoder-failover', sets: SCALED['encoder-failover'] },
  { preset: 'origin-404-storm', sets: SCALED['origin-404-storm'] },
];

for (const c of CASES) {
  test(`${c.preset}: summary.json matches the golden copy`, async () => {
    const { scenario } = loadScenarioFile(join(ROOT, 'scenarios', `${c.preset}.yaml`), c.sets, scenarioChecks);
    const out = join(tmp, c.preset);
    await runSim(scenario, { outDir: out });
    const got = readFileSync(join(out, 'summary.json'), 'utf8');
    const golden = join(GOLDEN, `${c.preset}.summary.json`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, got);
    assert.ok(existsSync(golden), `no golden copy at ${golden}: run with UPDATE_GOLDEN=1 and review it`);
    assert.fixture(got, readFileSync(golden, 'utf8'));
  });
}

test.run();
