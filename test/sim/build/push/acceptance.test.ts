/**
 * The acceptance at a reduced size: scenarios/fanout-100m.yaml with 200k devices on 5 proxies
 * (40k each, with the send rate and API capacity scaled so the fan-out and the API load keep their
 * full-size shape), its three variants, and byte-identical outputs through the run loop.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { loadScenarioFile } from '../../../../scenarios/load.ts';
import { scenarioChecks } from '../../../../sim/build/registry.ts';
import { runSim } from '../../../../sim/run.ts';
import { fanout, run } from './_world.ts';

const FILE = resolve(import.meta.dirname, '../../../../scenarios/fanout-100m.yaml');
// 100M devices on 500 proxies, 20k/s each, API 1M/s  ->  200k on 5, 40k/s·... scaled by 1/500 per proxy count.
const SCALED = [
  'push.devices.count=200k', 'push.proxies.count=5', 'push.proxies.sendRate=4k/s',
  'push.api.capacity=2k/s', 'push.api.queueLimit=1k',
  'faults[0].target=push/proxy/1',
];
const load = (...sets: string[]) => loadScenarioFile(FILE, [...SCALED, ...sets], scenarioChecks).scenario;

const base = fanout(run(load()));

test('defaults: every connected device gets every trigger, within a minute', () => {
  assert.is(base.triggersSent, 3);
  assert.is(base.deliveredRatio, 1);
  assert.ok(base.completeMs < 60_000, String(base.completeMs));
  assert.ok(base.connectedAtTrigger > 0.8 * 3 * 200_000);
  assert.is(base.proxyCrashes, 1);
  // The crashed proxy's devices reconnected elsewhere (about a fifth of the awake devices).
  assert.ok(base.stormReconnects > 30_000, String(base.stormReconnects));
  assert.is(base.apiShed, 0);
});

test('prefetch off: the API peak rises by at least an order of magnitude', () => {
  const off = fanout(run(load('push.devices.prefetch.enabled=false')));
  assert.ok(off.apiPeakRps >= 10 * base.apiPeakRps, `${off.apiPeakRps} vs ${base.apiPeakRps}`);
  assert.ok(off.apiShed > 0);
  assert.is(off.deliveredRatio, 1);
});

test('jitter off: the API peak rises (and the crash victims reconnect at once)', () => {
  const off = fanout(run(load('push.devices.jitter.enabled=false')));
  assert.ok(off.apiPeakRps > 1.3 * base.apiPeakRps, `${off.apiPeakRps} vs ${base.apiPeakRps}`);
  assert.is(off.deliveredRatio, 1);
});

test('at-most-once: a proxy crash loses deliveries for good', () => {
  const amo = fanout(run(load('push.router.delivery=at-most-once')));
  assert.ok(amo.deliveredRatio < 1, String(amo.deliveredRatio));
  assert.ok(Number.isNaN(amo.completeMs));
  assert.is(amo.retries, 0);
  // Without the crash, at-most-once still loses the few sends that hit a reconnect gap.
  const calm = fanout(run(load('push.router.delivery=at-most-once', 'faults=[]')));
  assert.ok(calm.deliveredRatio > amo.deliveredRatio);
});

test('run directory: byte-identical summary.json and timeline.arrow for a seed, push columns on the push panel', async () => {
  const s = loadScenarioFile(FILE, [...SCALED, 'push.devices.count=20k', 'duration=5m', 'push.event[2].at=4m30s'], scenarioChecks).scenario;
  const dir = mkdtempSync(join(tmpdir(), 'push-'));
  try {
    const a = await runSim(s, { outDir: join(dir, 'a') });
    const b = await runSim(s, { outDir: join(dir, 'b') });
    assert.equal(a.metrics, b.metrics);
    for (const f of ['summary.json', 'timeline.arrow']) {
      assert.ok(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f))), f);
    }
    const fo = a.metrics.fanout as Record<string, number>;
    for (const k of ['devices', 'connectedAtTrigger', 'delivered', 'deliveredRatio', 'duplicates', 'p50Ms', 'p99Ms', 'completeMs', 'apiPeakRps', 'apiShed', 'reconnects']) {
      assert.type(fo[k], 'number', k);
    }
    const t = tableFromIPC(readFileSync(join(dir, 'a', 'timeline.arrow')));
    for (const c of ['push.deliveredRatio', 'push.apiRps', 'push.proxyConnections', 'push.brokerLag']) {
      const field = t.schema.fields.find((f) => f.name === c);
      assert.ok(field, c);
      assert.is(field!.metadata.get('panel'), 'push');
    }
    assert.is(t.numRows, 300);
    // The delivered ratio climbs to 1 after each trigger.
    const ratio = t.getChild('push.deliveredRatio')!.toArray() as Float64Array;
    assert.is(ratio[59], 0);
    assert.is(ratio[299], 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
