/**
 * Properties of the push fan-out over random small worlds (fast-check, 500 runs each):
 * - over random fault schedules (proxy crashes, partition outages, message drops), every device that
 *   is connected at or after a trigger ends up processing it exactly once, and no device processes a
 *   trigger that was never sent;
 * - jitter spreads API calls: the peak API rate with jitter is below the rate without it, same seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { Trigger } from '../../../../models/push/trigger.ts';
import { fanout, run, scenario } from './_world.ts';

const RUNS = 500;
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261123;

/** Faults end by this time; then a quiet tail lets retries and replays finish. */
const FAULTS_END_S = 90;
const DURATION_S = 200;
/** Enough for a retry after the longest backoff, a replay behind a broadcast, and a sweep. */
const SETTLE_US = 15e6;

const fault = fc.record({
  kind: fc.constantFrom('crash', 'outage', 'drops'),
  index: fc.nat(15),
  at: fc.integer({ min: 0, max: 80_000 }),
  for: fc.integer({ min: 500, max: 20_000 }),
  factor: fc.double({ min: 0.3, max: 0.95, noNaN: true }),
});

const world = fc.record({
  seed: fc.nat(1_000_000),
  devices: fc.integer({ min: 10, max: 120 }),
  proxies: fc.integer({ min: 2, max: 5 }),
  partitions: fc.integer({ min: 1, max: 4 }),
  asleep: fc.double({ min: 0, max: 0.3, noNaN: true }),
  sleepChance: fc.double({ min: 0, max: 0.3, noNaN: true }),
  wakeChance: fc.double({ min: 0.3, max: 1, noNaN: true }),
  sessionS: fc.integer({ min: 10, max: 40 }),
  sendRate: fc.integer({ min: 20, max: 400 }),
  prefetch: fc.boolean(),
  jitter: fc.boolean(),
  triggers: fc.uniqueArray(fc.integer({ min: 2, max: 85 }), { minLength: 1, maxLength: 4 }),
  unsent: fc.boolean(),
  faults: fc.array(fault, { maxLength: 5 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: World) {
  const times = [...w.triggers].sort((a, b) => a - b);
  if (w.unsent) times.push(DURATION_S + 60); // scheduled, never sent
  const faults = w.faults.map((f) => {
    const end = Math.min(f.at + f.for, FAULTS_END_S * 1000);
    const span = { at: `${f.at}ms`, for: `${Math.max(1, end - f.at)}ms` };
    if (f.kind === 'crash') return { target: `push/proxy/${f.index % w.proxies}`, kind: 'down', ...span };
    if (f.kind === 'outage') return { target: `push/broker/partition/${f.index % w.partitions}`, kind: 'down', ...span };
    return { target: 'push/network', kind: 'degraded', factor: f.factor, ...span };
  });
  return scenario({
    seed: w.seed,
    duration: `${DURATION_S}s`,
    push: {
      devices: {
        count: w.devices, asleep: w.asleep, sleepChance: w.sleepChance, wakeChance: w.wakeChance,
        reconnectEvery: `${w.sessionS}s`, reconnectGap: { min: '20ms', max: '1s' },
        prefetch: { enabled: w.prefetch, ttl: '30s', lead: '20s' },
        jitter: { enabled: w.jitter, apiDelay: '5s', reconnect: '5s' },
      },
      proxies: { count: w.proxies, sendRate: `${w.sendRate}/s` },
      event: times.map((t, i) => ({ state: `s${i}`, at: `${t}s` })),
      broker: { partitions: w.partitions, background: '0/s' },
      router: { ackTimeout: '500ms', backoff: { base: '100ms', max: '2s' } },
    },
    faults,
  });
}

test('at-least-once + idempotent devices: exactly once for every device connected at or after a trigger', () => {
  fc.assert(
    fc.property(world, (w) => {
      const s = build(w);
      const sent = new Map<number, number>();
      const count = new Map<number, number>();
      const when = new Map<number, number>();
      const sessions: Array<Array<[number, number]>> = Array.from({ length: w.devices }, () => []);
      const problems: string[] = [];
      run(s, {
        sent: (t: Trigger) => sent.set(t.seq, t.at),
        processed: (id, seq, at) => {
          const t = sent.get(seq);
          if (t === undefined || at < t) problems.push(`device ${id} processed trigger ${seq}, never sent (or before it was)`);
          const key = id * 8 + seq;
          count.set(key, (count.get(key) ?? 0) + 1);
          when.set(key, at);
          if (count.get(key)! > 1) problems.push(`device ${id} processed trigger ${seq} twice`);
        },
        connected: (id, at) => sessions[id]!.push([at, Infinity]),
        disconnected: (id, at) => {
          const open = sessions[id]!.at(-1);
          if (!open || open[1] !== Infinity) problems.push(`device ${id} disconnected while not connected`);
          else open[1] = at;
        },
      });
      const end = s.duration;
      const quiet = FAULTS_END_S * 1e6;
      for (const [seq, at] of sent) {
        for (let id = 0; id < w.devices; id++) {
          // A connection open at or after the trigger, lasting long enough once faults are over, sees
          // it — and within that time (retries and replays, not the next session, deliver it).
          let due = Infinity;
          for (const [a, b] of sessions[id]!) {
            const from = Math.max(a, at, quiet);
            if (Math.min(b, end) - from >= SETTLE_US) due = Math.min(due, from + SETTLE_US);
          }
          if (due === Infinity) continue;
          const key = id * 8 + seq;
          if (count.get(key) !== 1) problems.push(`device ${id} connected after trigger ${seq} never processed it`);
          else if (when.get(key)! > due) problems.push(`device ${id} processed trigger ${seq} only at ${when.get(key)}, due by ${due}`);
        }
      }
      if (w.unsent && [...count.keys()].some((k) => k % 8 === sent.size)) problems.push('a never-sent trigger was processed');
      assert.ok(problems.length === 0, `${problems.length} problems, first: ${problems[0]}`);
    }),
    { numRuns: RUNS, seed },
  );
});

test('jitter spreads API calls: the peak API rate with jitter is below the rate without it', () => {
  const arb = fc.record({
    seed: fc.nat(1_000_000),
    devices: fc.integer({ min: 1000, max: 3000 }),
    proxies: fc.integer({ min: 1, max: 4 }),
    sendRate: fc.integer({ min: 2000, max: 20_000 }),
    apiDelayS: fc.integer({ min: 5, max: 30 }),
    triggerS: fc.integer({ min: 3, max: 20 }),
    prefetch: fc.boolean(),
  });
  fc.assert(
    fc.property(arb, (a) => {
      const peak = (jitter: boolean) =>
        fanout(run(scenario({
          seed: a.seed,
          duration: `${a.triggerS + a.apiDelayS + 5}s`,
          push: {
            devices: {
              count: a.devices, asleep: 0, sleepChance: 0,
              // With prefetch on, content published with the trigger is missing everywhere.
              prefetch: { enabled: a.prefetch, ttl: '15m', lead: '0s' },
              jitter: { enabled: jitter, apiDelay: `${a.apiDelayS}s` },
            },
            proxies: { count: a.proxies, sendRate: `${a.sendRate}/s` },
            event: [{ state: 'kickoff', at: `${a.triggerS}s` }],
            broker: { partitions: a.proxies, background: '0/s' },
          },
        }))).apiPeakRps;
      const withJitter = peak(true);
      const without = peak(false);
      assert.ok(withJitter < without, `peak with jitter ${withJitter} >= without ${without}`);
    }),
    { numRuns: RUNS, seed },
  );
});

test.run();
