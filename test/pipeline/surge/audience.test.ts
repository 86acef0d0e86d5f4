/** Real mode's audience draws the very joins the simulation draws (same stream, same order). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { loadScenarioFile } from '../../../scenarios/load.ts';
import { scenarioChecks } from '../../../sim/build/registry.ts';
import { runSim } from '../../../sim/run.ts';
import { createStreams } from '../../../sim/rng.ts';
import { SurgeAudience } from '../../../pipeline/surge/audience.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

test('joins per interval equal the simulation\'s, interval by interval, and press times fall in their interval', async () => {
  const s = loadScenarioFile(join(ROOT, 'scenarios/surge-lab.yaml'), ['seed=7'], scenarioChecks).scenario;
  const out = mkdtempSync(join(tmpdir(), 'livetwin-aud-'));
  const summary = await runSim(s, { outDir: out });
  const simJoins = tableFromIPC(readFileSync(join(out, 'timeline.arrow'))).getChild('joins')!.toArray() as Float64Array;
  const a = new SurgeAudience(s, createStreams(s.seed));
  const ours: number[] = [];
  for (let bin = 0; bin < a.bins; bin++) {
    const j = a.draw(bin);
    ours.push(j.press.length);
    for (const p of j.press) assert.ok(p >= bin * a.binUs && p < (bin + 1) * a.binUs);
    for (const h of j.homes) assert.ok(h === 0 || h === 1);
  }
  // Sim counts an interval's joins when it draws them, at the interval's start, which the timeline
  // row ending at that instant includes: row 1 holds bins 0 and 1, row k holds bin k.
  const asSimRows = ours.map((_, k) => (k === 0 ? ours[0] + ours[1] : ours[k + 1] ?? 0));
  assert.equal(asSimRows, [...simJoins]);
  assert.is(a.joined, (summary.metrics as Record<string, number>).uniqueViewers);
  assert.ok(Math.abs(a.meanSession / 60e6 - (summary.metrics as Record<string, number>).meanSessionMin) < 1e-9);
});

test.run();
