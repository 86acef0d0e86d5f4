/** The push builder's catalogue and checks, through the scenario loader like a CLI run. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../../../scenarios/load.ts';
import { ScenarioError } from '../../../scenarios/problems.ts';
import { scenarioChecks, faultTargetNames, metricNames } from '../../../sim/build/registry.ts';

const yaml = (push: string, rest = '') => `name: t
duration: 2m
push:
${push}
${rest}`;

const BASE = `  devices: { count: 1000 }
  proxies: { count: 3 }
  event: [{ state: kickoff, at: 30s }, { state: final, at: 90s }]`;

function problems(text: string): string[] {
  try {
    loadScenarioText(text, 't.yaml', [], scenarioChecks);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
}

test('defaults fill in; metrics and targets are listed', () => {
  const { scenario } = loadScenarioText(yaml(BASE), 't.yaml', [], scenarioChecks);
  const p = scenario.push!;
  assert.is(p.devices.reconnectEvery, 30 * 60e6);
  assert.is(p.devices.prefetch.enabled, true);
  assert.is(p.router.delivery, 'at-least-once');
  assert.is(p.proxies.latency.dist, 'lognormal');
  const metrics = metricNames(scenario);
  for (const m of ['fanout.deliveredRatio', 'fanout.completeMs', 'fanout.apiPeakRps', 'fanout.p99Ms', 'fanout.duplicates']) assert.ok(metrics.includes(m), m);
  const targets = faultTargetNames(scenario);
  for (const t of ['push/proxy/0', 'push/proxy/2', 'push/broker/partition/31', 'push/api', 'push/network']) assert.ok(targets.includes(t), t);
  assert.not.ok(targets.includes('push/proxy/3'));
});

test('an SLO on a fanout metric is accepted; a fault on an unknown proxy is not', () => {
  assert.equal(problems(yaml(BASE, 'slo: [{ metric: fanout.completeMs, max: 60000 }]')), []);
  const p = problems(yaml(BASE, 'faults: [{ target: push/proxy/7, kind: down, at: 1m, for: 10s }]'));
  assert.is(p.length, 1);
  assert.match(p[0]!, /unknown target "push\/proxy\/7"/);
});

test('cross-field checks', () => {
  assert.match(problems(yaml(`  devices: { count: 1000 }
  proxies: { count: 2, maxConnections: 400 }
  event: [{ state: a, at: 1m }]`)).join('\n'), /more devices than the proxies can hold/);
  assert.match(problems(yaml(`  devices: { count: 10 }
  proxies: { count: 1 }
  event: [{ state: a, at: 1m }, { state: a, at: 90s }]`)).join('\n'), /push.event\[1\].state: the same state twice/);
  assert.match(problems(yaml(`  devices: { count: 10 }
  proxies: { count: 1 }
  event: [{ state: a, at: 1m }, { state: b, at: 30s }]`)).join('\n'), /push.event\[1\].at: expected states in time order/);
  const nine = Array.from({ length: 9 }, (_, i) => `{ state: s${i}, at: ${i + 1}s }`).join(', ');
  assert.match(problems(yaml(`  devices: { count: 10 }
  proxies: { count: 1 }
  event: [${nine}]`)).join('\n'), /at most 8 states/);
  assert.match(problems(yaml(`  devices: { count: 10, reconnectEvery: 2s, reconnectGap: { min: 1s, max: 3s } }
  proxies: { count: 1 }
  event: [{ state: a, at: 1m }]`)).join('\n'), /reconnectEvery/);
});

test('schema errors name the field', () => {
  const p = problems(yaml(`  devices: { count: 10, prefetch: { ttl: 15 } }
  proxies: { count: 1 }
  router: { delivery: exactly-once }
  event: [{ state: a, at: 1m }]`));
  assert.ok(p.some((x) => x.startsWith('push.devices.prefetch.ttl: expected a duration')), p.join('\n'));
  assert.ok(p.some((x) => x.startsWith('push.router.delivery')), p.join('\n'));
});

test.run();
