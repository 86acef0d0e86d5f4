/** Behaviours of the push wiring at small sizes: faults, churn, prefetch load, API shedding. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fanout, run, scenario } from './_world.ts';

/** 20k devices on 4 proxies, one trigger at 30s, no churn unless asked. */
function small(push: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) {
  const { devices, proxies, ...others } = push as { devices?: object; proxies?: object };
  return scenario({
    duration: '2m',
    push: {
      devices: { count: 20_000, asleep: 0, sleepChance: 0, reconnectEvery: '2h', ...devices },
      proxies: { count: 4, sendRate: '2k/s', ...proxies },
      event: [{ state: 'kickoff', at: '30s' }],
      broker: { partitions: 4, background: '4k/s' },
      ...others,
    },
    ...rest,
  });
}

test('a lossy network: at-least-once still reaches everyone, at the price of retries and duplicates', () => {
  const f = fanout(run(small({}, { faults: [{ target: 'push/network', kind: 'degraded', factor: 0.8, at: '25s', for: '20s' }] })));
  assert.is(f.deliveredRatio, 1);
  assert.ok(f.retries > 1000, String(f.retries));
  assert.ok(f.duplicates > 100, String(f.duplicates));
  assert.ok(f.lostInNetwork > 1000, String(f.lostInNetwork));
  // Lost acks mean duplicates: each duplicate was a redelivery after an ack went missing.
  assert.ok(f.duplicates < f.retries);
});

test('a lossy network with at-most-once loses for good, and never duplicates', () => {
  const f = fanout(run(small({ router: { delivery: 'at-most-once' } }, { faults: [{ target: 'push/network', kind: 'degraded', factor: 0.8, at: '25s', for: '20s' }] })));
  assert.ok(f.deliveredRatio < 0.85 && f.deliveredRatio > 0.75, String(f.deliveredRatio));
  assert.is(f.duplicates, 0);
  assert.is(f.retries, 0);
});

test('a partition outage holds back its shard until the backlog drains', () => {
  const calm = fanout(run(small()));
  const out = fanout(run(small({}, { faults: [{ target: 'push/broker/partition/2', kind: 'down', at: '29s', for: '20s' }] })));
  assert.is(out.deliveredRatio, 1);
  assert.ok(calm.completeMs < 6_000, String(calm.completeMs));
  // Proxy 2's devices wait the rest of the outage (19 s) plus the drain of what was held back.
  assert.ok(out.completeMs > 19_000, String(out.completeMs));
  assert.ok(out.brokerPeakLag > 15_000, String(out.brokerPeakLag)); // 20 s of 1k/s held back
});

test('a degraded proxy sends slower; a slow one adds latency', () => {
  const calm = fanout(run(small()));
  const degraded = fanout(run(small({}, { faults: [{ target: 'push/proxy/0', kind: 'degraded', factor: 0.25, at: '0s', for: '2m' }] })));
  const slow = fanout(run(small({}, { faults: [{ target: 'push/proxy/0', kind: 'slow', latency: '5s', at: '0s', for: '2m' }] })));
  assert.ok(degraded.completeMs > 2.5 * calm.completeMs, `${degraded.completeMs} vs ${calm.completeMs}`);
  assert.ok(slow.completeMs > calm.completeMs + 4_000);
  assert.is(degraded.deliveredRatio, 1);
});

test('a proxy crash: its devices reconnect to the others, spread over the jitter, and get the trigger', () => {
  const f = fanout(run(small({}, { faults: [{ target: 'push/proxy/3', kind: 'down', at: '31s', for: '1m' }] })));
  assert.is(f.proxyCrashes, 1);
  assert.ok(f.stormReconnects > 4_500 && f.stormReconnects < 5_500, String(f.stormReconnects));
  assert.is(f.deliveredRatio, 1);
  // Reconnects spread over reconnectDelay + 20 s of jitter: the last ones get it about 20 s late.
  assert.ok(f.completeMs > 19_000 && f.completeMs < 30_000, String(f.completeMs));
});

test('churn: devices reconnect every session, fall asleep and wake; sleepers catch up when they wake', () => {
  const r = run(small({
    devices: { reconnectEvery: '20s', asleep: 0.3, sleepChance: 0.2, wakeChance: 0.5 },
    event: [{ state: 'kickoff', at: '30s' }, { state: 'half-time', at: '70s' }],
  }));
  const f = fanout(r);
  assert.ok(f.reconnects > 20_000, String(f.reconnects));
  assert.ok(f.caughtUp > 1_000, String(f.caughtUp));
  assert.is(f.deliveredRatio, 1);
  assert.ok(f.lostInGap > 0);
  // Load stays balanced by the two-choice balancer.
  const loads = [...r.world.load];
  assert.ok(Math.max(...loads) - Math.min(...loads) < 50, loads.join(','));
});

test('prefetch refreshes are a steady background of about awake devices / TTL', () => {
  const r = run(small({ devices: { prefetch: { ttl: '1m', lead: '1m' } }, event: [{ state: 'kickoff', at: '10m' }] }));
  // 20k devices refreshing every minute: ~333 requests per second.
  const per = r.world.api.arrived / 120;
  assert.ok(Math.abs(per / (20_000 / 60) - 1) < 0.03, String(per));
  assert.is(fanout(r).apiFromTriggers, 0);
});

test('content published too late to prefetch: every device fetches it after the trigger', () => {
  const late = fanout(run(small({ devices: { prefetch: { ttl: '15m', lead: '0s' } } })));
  // All but the few whose refresh fell between the trigger and its arrival.
  assert.ok(late.apiFromTriggers > 19_900, String(late.apiFromTriggers));
  const early = fanout(run(small({ devices: { prefetch: { ttl: '15m', lead: '20m' } } })));
  assert.is(early.apiFromTriggers, 0);
});

test('an API outage sheds everything; shed calls are retried', () => {
  const f = fanout(run(small({ devices: { prefetch: { enabled: false } } }, { faults: [{ target: 'push/api', kind: 'down', at: '0s', for: '2m' }] })));
  assert.is(f.apiFromTriggers, 20_000);
  assert.ok(f.apiShed >= 20_000 && f.apiShed <= 40_000, String(f.apiShed));
  assert.ok(f.apiFailed > 0);
});

test('a trigger scheduled after the end is never sent', () => {
  const f = fanout(run(small({ event: [{ state: 'kickoff', at: '30s' }, { state: 'final', at: '5m' }] })));
  assert.is(f.triggersSent, 1);
  assert.equal(Object.keys(f.byTrigger), ['kickoff']);
});

test('same seed, same numbers; another seed, other numbers', () => {
  const a = JSON.stringify(fanout(run(small({ devices: { reconnectEvery: '30s', sleepChance: 0.1 } }))));
  const b = JSON.stringify(fanout(run(small({ devices: { reconnectEvery: '30s', sleepChance: 0.1 } }))));
  const c = JSON.stringify(fanout(run(small({ devices: { reconnectEvery: '30s', sleepChance: 0.1 } }, { seed: 2 }))));
  assert.is(a, b);
  assert.is.not(a, c);
});

test.run();
