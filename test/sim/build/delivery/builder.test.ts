/** The delivery builder's checks: what `livetwin validate` says about bad delivery sections. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../../../../scenarios/load.ts';
import { ScenarioError } from '../../../../scenarios/problems.ts';
import { scenarioChecks } from '../../../../sim/build/registry.ts';

const FIXTURE = new URL('./agreement.yaml', import.meta.url).pathname;
const text = readFileSync(FIXTURE, 'utf8');

function problems(sets: string[], src = text): Array<{ path: string; message: string }> {
  try {
    loadScenarioText(src, 'x.yaml', sets, scenarioChecks);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => ({ path: p.path, message: p.message }));
    throw e;
  }
}

test('the fixture is valid', () => {
  assert.equal(problems([]), []);
});

test('a fault kind that does not fit its target names the field and the kinds that fit', () => {
  const p = problems(['faults=[{target: pipeline/A, kind: down, at: 1m, for: 10s}, {target: site/3, kind: crash, at: 1m, for: 10s}, {target: ingestRegion/0, kind: slow, at: 1m, for: 1s, latency: 1s}]']);
  const byPath = Object.fromEntries(p.map((x) => [x.path, x.message]));
  assert.match(byPath['faults[0].kind'], 'stall, crash, defective');
  assert.match(byPath['faults[1].kind'], 'pipeline fault');
  assert.match(byPath['faults[2].kind'], 'down');
});

test('a "sites" fault needs a share; an unknown site is an unknown target', () => {
  const p = problems(['faults=[{target: sites, kind: down, at: 1m, for: 10s}, {target: site/99, kind: down, at: 1m, for: 10s}]']);
  assert.ok(p.some((x) => x.path === 'faults[0].share'), JSON.stringify(p));
  assert.ok(p.some((x) => x.path === 'faults[1].target'), JSON.stringify(p));
});

test('an unknown ABR rule lists the known ones', () => {
  const p = problems(['player.playback.abr.rule=bola']);
  const m = p.find((x) => x.path === 'player.playback.abr.rule');
  assert.ok(m, JSON.stringify(p));
  for (const name of ['throughput', 'buffer', 'hybrid']) assert.match(m!.message, name);
});

test('a CDN without the surge sections is an error naming each missing one', () => {
  const bare = [
    'name: bare', 'duration: 1m', 'topology:', '  cdn: { sites: 4 }',
  ].join('\n');
  const p = problems([], bare);
  for (const path of ['audience', 'player', 'topology.controlPlane']) {
    assert.ok(p.some((x) => x.path === path && /topology\.cdn/.test(x.message)), `${path}: ${JSON.stringify(p)}`);
  }
});

test('phases must divide the segment into whole microseconds; the ladder must rise', () => {
  const p = problems(['delivery.phases=7', 'topology.ingest.ladder=[800, 600]']);
  assert.ok(p.some((x) => x.path === 'delivery.phases'), JSON.stringify(p));
  assert.ok(p.some((x) => x.path === 'topology.ingest.ladder[1]'), JSON.stringify(p));
});

test.run();
