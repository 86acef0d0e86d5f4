/**
 * What the delivery side writes to the timeline, read back from the Arrow file, and a fault on a share
 * of the CDN's sites: viewers switch away from the dead ones.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { loadScenarioFile } from '../../../../scenarios/load.ts';
import { scenarioChecks } from '../../../../sim/build/registry.ts';
import { runSim } from '../../../../sim/run.ts';
import { SCALED } from './_scaled.ts';

const ROOT = new URL('../../../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-delivery-tl-'));

async function run(preset: string, dir: string, extra: string[] = []) {
  const s = loadScenarioFile(join(ROOT, 'scenarios', `${preset}.yaml`), [...SCALED[preset], ...extra], scenarioChecks).scenario;
  const summary = await runSim(s, { outDir: join(tmp, dir) });
  const table: Table = tableFromIPC(readFileSync(join(tmp, dir, 'timeline.arrow')));
  return { m: summary.metrics as Record<string, number>, table };
}

const sum = (table: Table, name: string): number => {
  const col = table.getChild(name);
  assert.ok(col, `timeline has no column ${name}`);
  let s = 0;
  for (const v of col!.toArray() as Float64Array) s += v;
  return s;
};

test('encoder-failover: the timeline shows the failover, both pipelines, the defects and the CDN tiers', async () => {
  const { m, table } = await run('encoder-failover', 'failover');
  const panels = new Map(table.schema.fields.map((f) => [f.name, f.metadata.get('panel')]));
  for (const name of ['cdn.edgeEgressGbps', 'cdn.fillGbps', 'cdn.backboneGbps', 'cdn.hitRatio', 'cdn.collapsed', 'cdn.errors', 'cdn.switches']) {
    assert.is(panels.get(name), 'cdn', name);
  }
  for (const name of ['origin.rps.liveEdge', 'origin.rps.dvr', 'origin.404', 'origin.410', 'origin.503', 'origin.backendReads']) {
    assert.is(panels.get(name), 'origin', name);
  }
  assert.is(sum(table, 'ingest.failovers'), m.failovers);
  assert.is(m.failovers, 1);
  assert.is(sum(table, 'ingest.defective'), m.segmentsDefective);
  assert.ok(sum(table, 'ingest.segments.A') > 0 && sum(table, 'ingest.segments.B') > sum(table, 'ingest.segments.A'));
});

test('half the sites down for 30 s: viewers switch site, and a healthy run switches none', async () => {
  const healthy = await run('first-special', 'healthy');
  const hit = await run('first-special', 'sites-down', ['faults=[{target: sites, kind: down, at: 10m, for: 30s, share: 0.5}]']);
  assert.is(healthy.m.cdnSwitches, 0);
  assert.ok(hit.m.cdnSwitches > 0, String(hit.m.cdnSwitches));
  assert.is(sum(hit.table, 'cdn.switches'), hit.m.cdnSwitches);
  assert.ok(sum(hit.table, 'cdn.errors') > sum(healthy.table, 'cdn.errors'));
  assert.ok(hit.m.rebufferRatio > healthy.m.rebufferRatio);
});

test('delivery.requests is the simulation\'s work: a request per viewer request in viewer mode, far fewer by cohorts', async () => {
  const small = ['audience.uniqueViewers=20k', 'audience.peakConcurrent=12k', 'duration=10m', 'audience.start=2m', 'audience.preShow=2m'];
  const viewer = await run('first-special', 'work-viewer', [...small, 'delivery.mode=viewer']);
  const cohort = await run('first-special', 'work-cohort', small);
  const sent = viewer.table.getChild('delivery.requests')!.toArray() as Float64Array;
  const received = viewer.table.getChild('cdn.requests')!.toArray() as Float64Array;
  assert.ok(sum(viewer.table, 'cdn.requests') > 100_000);
  // Each viewer request reaches its site at once and weighs 1, so the two columns agree interval by interval.
  assert.equal([...sent], [...received]);
  const perCohort = sum(cohort.table, 'delivery.requests');
  assert.ok(perCohort > 0 && perCohort < sum(cohort.table, 'cdn.requests') / 5, `${perCohort} cohort requests`);
});

test.run();
