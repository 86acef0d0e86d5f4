/**
 * The batched fan-out (a proxy's send loop delivering to a block of its devices per event, drawing
 * each delivery time) against the plain model (one kernel event per device: its send, then a latency
 * drawn with the direct sampler), at a million devices, where one event per device is still
 * affordable. Same send schedule, same latency law: the delivery-time distributions must agree.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Kernel } from '../../../../sim/kernel.ts';
import { createStreams } from '../../../../sim/rng.ts';
import { durationSampler } from '../../../../sim/build/samplers.ts';
import { run, scenario } from './_world.ts';

const N = 1_000_000;
const PROXIES = 5;

test('batched send loops deliver with the same time distribution as one event per device', () => {
  const s = scenario({
    duration: '30s',
    push: {
      devices: { count: N, asleep: 0, sleepChance: 0, reconnectEvery: '10h', reconnectGap: { min: '1ms', max: '1ms' } },
      proxies: { count: PROXIES, sendRate: '20k/s', latency: { dist: 'lognormal', mean: '80ms', cv: 1 } },
      event: [{ state: 'kickoff', at: '1s' }],
      broker: { partitions: PROXIES, background: '0/s' },
    },
  });

  // Batched: record each device's delivery time, relative to the trigger.
  const batched = new Float64Array(N);
  let nb = 0;
  let sentAt = 0;
  const r = run(s, {
    sent: (t) => (sentAt = t.at),
    processed: (_id, _seq, at) => (batched[nb++] = at - sentAt),
  });
  assert.is(nb, N);

  // One event per device: proxy p starts when the router's dispatch reaches it and sends its
  // devices one by one at its rate; each delivery draws its latency directly.
  const c = r.config;
  const k = new Kernel();
  const latency = durationSampler(c.latency, createStreams(99).stream('reference/latency'));
  const plain = new Float64Array(N);
  let np = 0;
  const start = c.brokerLatencyUs + c.dispatchUs;
  const deliver = k.register(() => (plain[np++] = k.now() + latency()));
  const spacing = 1e6 / c.sendRatePerSec;
  for (let p = 0; p < PROXIES; p++) {
    for (let j = 0; j < r.world.load[p]!; j++) k.at(Math.round(start + j * spacing), deliver, 0);
  }
  k.run();
  assert.is(np, N);

  batched.sort();
  plain.sort();
  // Two-sample Kolmogorov–Smirnov: the critical value at alpha = 0.001 for 1M + 1M is 1.95·sqrt(2/N).
  let d = 0;
  for (let i = 0, j = 0; i < N && j < N; ) {
    if (batched[i]! <= plain[j]!) i++;
    else j++;
    d = Math.max(d, Math.abs(i - j) / N);
  }
  assert.ok(d < 1.95 * Math.sqrt(2 / N), `KS distance ${d}`);
  for (const q of [0.01, 0.5, 0.9, 0.99, 0.999]) {
    const a = batched[Math.floor(q * N)]!;
    const b = plain[Math.floor(q * N)]!;
    assert.ok(Math.abs(a / b - 1) < 0.01, `q${q}: ${a} vs ${b}`);
  }
  // The fan-out takes as long as a proxy needs to send to its 200k devices at 20k/s (plus latency).
  const p999 = batched[Math.floor(0.999 * N)]!;
  assert.ok(p999 > 9.5e6 && p999 < 11e6, String(p999));
});

test.run();
