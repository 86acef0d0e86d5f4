/**
 * The push fan-out section: devices holding WebSocket connections to proxies, a producer that turns
 * the live event's state changes into broadcast triggers, a partitioned broker, the router and the API
 * tier devices call after a trigger. See models/push/ and sim/build/push.ts.
 */
import { z } from 'zod';
import { durationDist } from './common.ts';
import { duration, fraction, positiveCount, rate, wholeCount } from './quantities.ts';

const devices = z.strictObject({
  count: positiveCount().meta({ description: 'Devices simulated individually (e.g. 100M).' }),
  asleep: fraction().default(0.15).meta({ description: 'Share asleep (app backgrounded, no connection) at the start.' }),
  reconnectEvery: duration().prefault('30m').meta({ description: 'Session length: each device reconnects this often, staggered across devices.' }),
  reconnectGap: z
    .strictObject({ min: duration(), max: duration() })
    .prefault({ min: '200ms', max: '3s' })
    .meta({ description: 'Disconnected time before a periodic reconnect (uniform between min and max).' }),
  reconnectDelay: duration().prefault('500ms').meta({ description: 'Least time before a device whose proxy crashed reconnects (jitter adds to it).' }),
  sleepChance: fraction().default(0.02).meta({ description: 'Chance an awake device goes to sleep at the end of a session.' }),
  wakeChance: fraction().default(0.12).meta({ description: 'Chance an asleep device wakes at its next session boundary.' }),
  prefetch: z
    .strictObject({
      enabled: z.boolean().default(true).meta({ description: 'Devices keep a prefetch cache (off: every trigger means an API call).' }),
      ttl: duration().prefault('15m').meta({ description: 'Cache entry lifetime; an awake device refreshes (one API call) when it expires.' }),
      lead: duration().prefault('14m30s').meta({ description: 'How long before a trigger its content is published for prefetch.' }),
    })
    .prefault({}),
  jitter: z
    .strictObject({
      enabled: z.boolean().default(true).meta({ description: 'Client-side jitter on cache TTLs, API calls after a trigger and reconnects after a crash.' }),
      ttl: fraction().default(0.1).meta({ description: 'Each cache fill draws its TTL within ±this share.' }),
      apiDelay: duration().prefault('30s').meta({ description: 'A device calls the API for missing content after a delay uniform in [0, this).' }),
      reconnect: duration().prefault('20s').meta({ description: 'Reconnects after a proxy crash spread uniformly over this (after reconnectDelay).' }),
    })
    .prefault({}),
});

const proxies = z.strictObject({
  count: positiveCount().meta({ description: 'WebSocket proxies holding the connections.' }),
  maxConnections: positiveCount().default(400_000).meta({ description: 'Connections one proxy may hold; the balancer sends the rest elsewhere.' }),
  sendRate: rate().prefault('20k/s').meta({ description: 'Messages one proxy pushes per second.' }),
  latency: durationDist()
    .prefault({ dist: 'lognormal', mean: '80ms', cv: 1 })
    .meta({ description: 'Proxy-to-device network latency of one message.' }),
});

export const pushSection = z.strictObject({
  devices,
  proxies,
  event: z
    .array(z.strictObject({ state: z.string().min(1), at: duration() }))
    .min(1)
    .meta({ description: 'The live event\'s states and when they begin; the producer broadcasts a trigger at each (at most 8).' }),
  producer: z
    .strictObject({ delay: duration().prefault('0s').meta({ description: 'From a state change to its broadcast.' }) })
    .prefault({}),
  broker: z
    .strictObject({
      partitions: positiveCount().default(32).meta({ description: 'Log partitions; partition q serves the proxies p with p mod partitions = q.' }),
      background: rate().prefault('200k/s').meta({ description: 'Other push traffic sharing the log, over all partitions.' }),
      consumeRate: rate().prefault('20k/s').meta({ description: 'What the router reads from one partition at most.' }),
      latency: duration().prefault('5ms').meta({ description: 'From consuming a trigger to the router dispatching it.' }),
    })
    .prefault({}),
  router: z
    .strictObject({
      delivery: z.enum(['at-least-once', 'at-most-once']).default('at-least-once')
        .meta({ description: 'at-least-once: acks, retries and replays on reconnect; at-most-once: one send.' }),
      ackTimeout: duration().prefault('2s'),
      backoff: z.strictObject({ base: duration(), max: duration() }).prefault({ base: '500ms', max: '30s' }),
      dispatchLatency: duration().prefault('5ms').meta({ description: 'Router to proxy.' }),
    })
    .prefault({}),
  api: z
    .strictObject({
      capacity: rate().prefault('1M/s').meta({ description: 'Requests per second the API tier serves.' }),
      queueLimit: wholeCount().default(500_000).meta({ description: 'Requests that may wait; beyond this they are shed.' }),
      retries: wholeCount().default(1).meta({ description: 'Times a device retries a shed call.' }),
      retryDelay: duration().prefault('5s'),
    })
    .prefault({}),
  network: z
    .strictObject({ loss: fraction().default(0).meta({ description: 'Share of push messages and acks lost (a push/network degraded fault adds to it).' }) })
    .prefault({}),
});
export type PushSection = z.output<typeof pushSection>;
