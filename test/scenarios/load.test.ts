import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../../scenarios/load.ts';
import { ScenarioError } from '../../scenarios/problems.ts';
import { scenarioChecks } from '../../sim/build/registry.ts';

const GOOD = `name: lab
duration: 10s
topology:
  stations:
    api: { servers: 2, service: { dist: exponential, mean: 10ms } }
workload:
  - { station: api, rate: 100/s }
slo:
  - { metric: stations.api.waitP99Ms, max: 50 }
`;

function problems(text: string, sets: string[] = []) {
  try {
    loadScenarioText(text, 'lab.yaml', sets, scenarioChecks);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

test('a good scenario loads with units converted and defaults filled', () => {
  const { scenario } = loadScenarioText(GOOD, 'lab.yaml', [], scenarioChecks);
  assert.is(scenario.duration, 10_000_000);
  assert.is(scenario.interval, 1_000_000);
  assert.is(scenario.seed, 1);
  assert.is(scenario.topology.stations!.api.queueLimit, 1000);
  assert.equal(scenario.topology.stations!.api.service, { dist: 'exponential', mean: 10_000 });
});

test('wrong type, unknown field, bad unit and unknown SLO metric are each reported with path and line', () => {
  const text = GOOD.replace('servers: 2', 'servers: two')
    .replace('duration: 10s', 'duration: 10s\ncolour: blue')
    .replace('mean: 10ms', 'mean: 10 parsecs')
    .replace('stations.api.waitP99Ms', 'stations.api.nonsense');
  const ps = problems(text);
  const byPath = new Map(ps.map((p) => [p.path, p]));
  assert.ok(byPath.get('colour')?.message.includes('unknown field'), JSON.stringify(ps));
  assert.is(byPath.get('colour')?.line, 3);
  assert.ok(byPath.get('topology.stations.api.servers')?.message.includes('expected a number'));
  assert.is(byPath.get('topology.stations.api.servers')?.line, 6);
  assert.ok(byPath.get('topology.stations.api.service.mean')?.message.includes('"90s"'));
  // The SLO check needs a schema-valid file: fix the others and it appears.
  const ps2 = problems(GOOD.replace('stations.api.waitP99Ms', 'stations.api.nonsense'));
  assert.is(ps2.length, 1);
  assert.is(ps2[0].path, 'slo[0].metric');
  assert.is(ps2[0].line, 9);
  assert.match(ps2[0].message, /unknown metric "stations.api.nonsense".*stations.api.waitP99Ms/);
});

test('faults must name a real target, and a degraded fault its factor', () => {
  const ps = problems(GOOD + 'faults:\n  - { target: station/nope, kind: down, at: 1s, for: 1s }\n  - { target: station/api, kind: degraded, at: 1s, for: 1s }\n');
  assert.equal(ps.map((p) => p.path), ['faults[0].target', 'faults[1].factor']);
  assert.match(ps[0].message, /known targets: station\/api/);
});

test('--set overrides are typed and validated like the file, and blamed on --set', () => {
  const { scenario } = loadScenarioText(GOOD, 'lab.yaml', ['duration=90s', 'seed=8', 'topology.stations.api.servers=4'], scenarioChecks);
  assert.is(scenario.duration, 90_000_000);
  assert.is(scenario.seed, 8);
  assert.is(scenario.topology.stations!.api.servers, 4);
  const ps = problems(GOOD, ['duration=90']);
  assert.is(ps.length, 1);
  assert.is(ps[0].source, '--set');
  assert.is(ps[0].path, 'duration');
  assert.is(problems(GOOD, ['nonsense'])[0].message, 'expected path=value, e.g. --set duration=90s');
});

test('--set path=null removes a field, so a section can be switched off', () => {
  const { scenario } = loadScenarioText(GOOD, 'lab.yaml', ['slo=null'], scenarioChecks);
  assert.equal(scenario.slo, []);
  const ps = problems(GOOD, ['topology.stations=~']);
  assert.ok(ps.some((p) => /nothing to simulate/.test(p.message)));
});

test('YAML syntax errors give line and column', () => {
  const ps = problems('name: lab\nduration: [10s\n');
  assert.ok(ps.length >= 1);
  assert.ok(ps[0].line !== undefined);
});

test.run();
