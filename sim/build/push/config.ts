/** The push section in the units the wiring works in (µs, per-µs rates), with the switches resolved. */
import type { Scenario } from '../../../scenarios/schema/scenario.ts';
import type { DurationDist } from '../../../scenarios/schema/common.ts';
import type { Delivery, RetryPolicy } from '../../../models/push/router.ts';
import { MS } from '../../../models/time.ts';

export interface PushConfig {
  devices: number;
  proxies: number;
  maxConnections: number;
  asleepAtStart: number;
  sleepChance: number;
  wakeChance: number;
  /** Session length, µs (a whole number of ms). */
  sessionUs: number;
  gapMinUs: number;
  gapMaxUs: number;
  reconnectDelayUs: number;
  /** Spread of reconnects after a crash (0 when jitter is off), µs. */
  reconnectJitterUs: number;
  prefetch: boolean;
  ttlUs: number;
  leadUs: number;
  /** TTL jitter as a share (0 when jitter is off). */
  ttlJitter: number;
  /** Spread of API calls after a trigger (0 when jitter is off), µs. */
  apiDelayUs: number;
  event: Array<{ state: string; at: number }>;
  producerDelayUs: number;
  partitions: number;
  backgroundPerSec: number;
  consumePerSec: number;
  brokerLatencyUs: number;
  delivery: Delivery;
  retry: RetryPolicy;
  dispatchUs: number;
  sendRatePerSec: number;
  latency: DurationDist;
  api: { capacityPerSec: number; queueLimit: number; retries: number; retryDelayUs: number };
  loss: number;
  durationUs: number;
  intervalUs: number;
  /** How often a busy proxy's send loop runs (each run sends what fits since the last), µs. */
  tickUs: number;
  /** How often session boundaries, wake-ups and reconnects are processed, µs. */
  sweepUs: number;
  /** API tier bin, µs. */
  apiBinUs: number;
}

export function pushConfig(s: Scenario): PushConfig {
  const p = s.push!;
  const d = p.devices;
  const jitter = d.jitter.enabled;
  return {
    devices: d.count,
    proxies: p.proxies.count,
    maxConnections: p.proxies.maxConnections,
    asleepAtStart: d.asleep,
    sleepChance: d.sleepChance,
    wakeChance: d.wakeChance,
    sessionUs: Math.round(d.reconnectEvery / MS) * MS,
    gapMinUs: d.reconnectGap.min,
    gapMaxUs: d.reconnectGap.max,
    reconnectDelayUs: d.reconnectDelay,
    reconnectJitterUs: jitter ? d.jitter.reconnect : 0,
    prefetch: d.prefetch.enabled,
    ttlUs: d.prefetch.ttl,
    leadUs: d.prefetch.lead,
    ttlJitter: jitter ? d.jitter.ttl : 0,
    apiDelayUs: jitter ? d.jitter.apiDelay : 0,
    event: p.event.map((e) => ({ state: e.state, at: e.at })),
    producerDelayUs: p.producer.delay,
    partitions: p.broker.partitions,
    backgroundPerSec: p.broker.background,
    consumePerSec: p.broker.consumeRate,
    brokerLatencyUs: p.broker.latency,
    delivery: p.router.delivery,
    retry: { ackTimeout: p.router.ackTimeout, base: p.router.backoff.base, max: p.router.backoff.max },
    dispatchUs: p.router.dispatchLatency,
    sendRatePerSec: p.proxies.sendRate,
    latency: p.proxies.latency,
    api: { capacityPerSec: p.api.capacity, queueLimit: p.api.queueLimit, retries: p.api.retries, retryDelayUs: p.api.retryDelay },
    loss: p.network.loss,
    durationUs: s.duration,
    intervalUs: s.interval,
    tickUs: 10 * MS,
    sweepUs: 50 * MS,
    apiBinUs: 10 * MS,
  };
}
