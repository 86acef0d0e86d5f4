/**
 * The push fan-out builder: the scenario's `push` section becomes a PushWorld (sim/build/push/world.ts)
 * — devices in typed columns, proxies, broker, router, producer and API tier — and its summary becomes
 * summary.json's `fanout` object.
 */
import { MAX_TRIGGERS } from '../../models/push/trigger.ts';
import type { Builder } from './types.ts';
import { pushConfig } from './push/config.ts';
import { PushWorld } from './push/world.ts';

/** Summary metrics SLOs may name, under `fanout.`. */
export const FANOUT_METRICS = [
  'devices', 'triggersSent', 'connectedAtTrigger', 'delivered', 'deliveredRatio', 'duplicates', 'p50Ms', 'p99Ms',
  'completeMs', 'apiPeakRps', 'apiShed', 'reconnects', 'stormReconnects', 'sleptBeforeDelivery', 'caughtUp',
  'retries', 'lostInNetwork', 'lostInGap', 'apiRequests', 'apiFromTriggers', 'apiFailed', 'apiMaxWaitMs',
  'brokerPeakLag', 'proxyCrashes',
] as const;

type Problem = { path: string; message: string };

export const pushBuilder: Builder = {
  name: 'push',
  applies: (s) => s.push !== undefined,
  metrics: () => FANOUT_METRICS.map((m) => `fanout.${m}`),
  targets: (s) => {
    const p = s.push!;
    return [
      ...Array.from({ length: p.proxies.count }, (_, i) => `push/proxy/${i}`),
      ...Array.from({ length: p.broker.partitions }, (_, q) => `push/broker/partition/${q}`),
      'push/api',
      'push/network',
    ];
  },
  check(s) {
    const p = s.push;
    if (!p) return [];
    const out: Problem[] = [];
    const d = p.devices;
    if (d.count > 2 ** 31 - 1) out.push({ path: 'push.devices.count', message: 'at most 2147483647 devices' });
    if (p.proxies.count > 65535) out.push({ path: 'push.proxies.count', message: 'at most 65535 proxies' });
    if (d.count > p.proxies.count * p.proxies.maxConnections) {
      out.push({ path: 'push.devices.count', message: `more devices than the proxies can hold (${p.proxies.count} × ${p.proxies.maxConnections})` });
    }
    if (p.event.length > MAX_TRIGGERS) out.push({ path: 'push.event', message: `at most ${MAX_TRIGGERS} states (one broadcast each)` });
    p.event.forEach((e, i) => {
      if (i > 0 && e.at <= p.event[i - 1]!.at) out.push({ path: `push.event[${i}].at`, message: 'expected states in time order' });
      if (i > 0 && e.state === p.event[i - 1]!.state) out.push({ path: `push.event[${i}].state`, message: 'the same state twice in a row is not a change; the producer would not broadcast it' });
    });
    if (d.reconnectGap.min > d.reconnectGap.max) out.push({ path: 'push.devices.reconnectGap', message: 'expected min <= max' });
    if (d.reconnectEvery < 1000 || d.reconnectGap.max * 2 > d.reconnectEvery) {
      out.push({ path: 'push.devices.reconnectEvery', message: 'expected at least 1ms and at least twice reconnectGap.max' });
    }
    // Sessions are stored in ms in Int32 columns.
    if (s.duration + 2 * d.reconnectEvery > 2e12) out.push({ path: 'duration', message: 'push runs are limited to about 23 days' });
    if (p.devices.prefetch.ttl <= 0) out.push({ path: 'push.devices.prefetch.ttl', message: 'expected a positive duration' });
    if (p.proxies.sendRate <= 0) out.push({ path: 'push.proxies.sendRate', message: 'expected a positive rate' });
    if (p.broker.consumeRate <= 0) out.push({ path: 'push.broker.consumeRate', message: 'expected a positive rate' });
    return out;
  },
  build({ scenario, clock, rngs, recorder, faultTargets }) {
    const world = new PushWorld(pushConfig(scenario), clock, rngs, recorder, faultTargets);
    return { summary: () => ({ fanout: world.summary() }) };
  },
};

