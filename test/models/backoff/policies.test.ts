/**
 * Property-based tests of the backoff family (fast-check, >= 1,000 runs each): bounds, Retry-After,
 * attempt limits, the promised means, and what a herd of clients does to a server of capacity C.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { backoffPolicies, backoffPolicyNames, makeBackoff, type BackoffPolicyName } from '../../../models/backoff/registry.ts';
import { afterFailure, ABANDON, RETRY, StartupDecision, type StartupPolicy } from '../../../models/player/startup.ts';
import { createStreams } from '../../../sim/rng.ts';
import { SEC } from '../../../models/time.ts';
import type { Rng } from '../../../models/ports.ts';

const RUNS = 1000;

const params = fc.record({
  base: fc.integer({ min: 1_000, max: 5 * SEC }),
  capFactor: fc.integer({ min: 1, max: 200 }),
  spread: fc.double({ min: 0, max: 2, noNaN: true }),
});

/** A random failure: which attempt failed, what came before, what the server said. */
const failure = fc.record({
  attempt: fc.integer({ min: 1, max: 40 }),
  prev: fc.integer({ min: 0, max: 120 * SEC }),
  retryAfter: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 * SEC })),
  load: fc.double({ min: 0, max: 1, noNaN: true }),
});

const seeded = (seed: number): Rng => createStreams(seed).stream('test/backoff');

for (const name of backoffPolicyNames) {
  test(`${name}: every delay lies within its bounds`, () => {
    fc.assert(
      fc.property(params, fc.array(failure, { minLength: 1, maxLength: 30 }), fc.integer(), (p, fails, seed) => {
        const policy = makeBackoff(name, { base: p.base, cap: p.base * p.capFactor, spread: p.spread });
        const rng = seeded(seed);
        for (const f of fails) {
          const d = policy.delay(f.attempt, f.prev, f.retryAfter, f.load, rng);
          const [lo, hi] = policy.bounds(f.attempt, f.prev, f.retryAfter, f.load);
          if (!(Number.isInteger(d) && d >= lo && d <= hi && lo >= 0)) return false;
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  test(`${name}: jittered delays have the mean the formula promises`, () => {
    fc.assert(
      fc.property(params, failure, fc.integer(), (p, f, seed) => {
        const policy = makeBackoff(name, { base: p.base, cap: p.base * p.capFactor, spread: p.spread });
        const rng = seeded(seed);
        const n = 400;
        let sum = 0;
        for (let i = 0; i < n; i++) sum += policy.delay(f.attempt, f.prev, f.retryAfter, f.load, rng);
        const [lo, hi] = policy.bounds(f.attempt, f.prev, f.retryAfter, f.load);
        // A variable confined to [lo, hi] has sd <= (hi - lo) / 2: 6 standard errors, plus 1 µs of rounding.
        const tolerance = (6 * (hi - lo)) / 2 / Math.sqrt(n) + 1;
        return Math.abs(sum / n - policy.mean(f.attempt, f.prev, f.retryAfter, f.load)) <= tolerance;
      }),
      { numRuns: RUNS },
    );
  });
}

test('server-guided: never before the server\'s Retry-After, and the load hint widens the spread', () => {
  fc.assert(
    fc.property(params, failure, fc.integer(), (p, f, seed) => {
      const policy = backoffPolicies['server-guided']({ base: p.base, cap: p.base * p.capFactor, spread: p.spread });
      const rng = seeded(seed);
      const d = policy.delay(f.attempt, f.prev, f.retryAfter, f.load, rng);
      if (f.retryAfter > 0 && d < f.retryAfter) return false;
      const calm = policy.bounds(f.attempt, f.prev, f.retryAfter, 0)[1];
      const busy = policy.bounds(f.attempt, f.prev, f.retryAfter, 1)[1];
      return busy >= calm;
    }),
    { numRuns: RUNS },
  );
});

test('the player never exceeds its attempt limit, and never waits past the viewer\'s patience', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...backoffPolicyNames),
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 0, max: 4 }),
      fc.array(fc.record({ ra: fc.integer({ min: 0, max: 60 * SEC }), latency: fc.integer({ min: 0, max: 10 * SEC }) }), { minLength: 1, maxLength: 200 }),
      fc.integer(),
      (name: BackoffPolicyName, maxAttempts, maxRestarts, answers, seed) => {
        const rng = seeded(seed);
        const policy: StartupPolicy = {
          maxAttempts, giveUpAfter: 300 * SEC, honourServer: name === 'server-guided', restartProbability: 0.7, maxRestarts,
          backoff: makeBackoff(name, { base: SEC, cap: 30 * SEC, spread: 0.5 }), restartDelay: () => 5 * SEC,
        };
        const out = new StartupDecision();
        let attempt = 0;
        let restarts = 0;
        let waited = 0;
        let prev = 0;
        let requests = 0;
        for (const a of answers) {
          attempt++;
          requests++;
          waited += a.latency;
          if (attempt > maxAttempts || restarts > maxRestarts) return false;
          afterFailure(policy, attempt, restarts, waited, prev, a.ra, 0.5, rng, out);
          if (out.next === ABANDON) return waited + out.delay <= policy.giveUpAfter || out.delay === 0;
          if (waited + out.delay >= policy.giveUpAfter) return false;
          waited += out.delay;
          if (out.next === RETRY) prev = out.delay;
          else {
            restarts++;
            attempt = 0;
            prev = 0;
          }
        }
        // Every press is bounded: at most maxAttempts requests per press, maxRestarts + 1 presses.
        return requests <= maxAttempts * (maxRestarts + 1);
      },
    ),
    { numRuns: RUNS },
  );
});

/**
 * N clients fail together against a server that serves C requests per second and rejects the rest;
 * with guidance on, each rejection carries a Retry-After appointment at the server's rate. Returns
 * the largest per-second request rate after the first wave.
 */
function herd(policyName: BackoffPolicyName, n: number, capacity: number, seed: number): number {
  const rng = seeded(seed);
  const guided = policyName === 'server-guided';
  const policy = makeBackoff(policyName, { base: 100_000, cap: 30 * SEC, spread: 0.2 });
  const seconds = 60;
  const perSecond = new Float64Array(seconds * 10);
  // Clients as (next request time, attempt, prev delay); a bucketed agenda of 100 ms slots.
  const slotUs = 100_000;
  const agenda: number[][] = Array.from({ length: seconds * 10 }, () => []);
  const attempt = new Int32Array(n);
  const prev = new Float64Array(n);
  for (let i = 0; i < n; i++) agenda[0].push(i);
  let nextAppointment = 0;
  for (let slot = 0; slot < agenda.length; slot++) {
    const now = slot * slotUs;
    let served = 0;
    const budget = capacity / 10;
    for (const i of agenda[slot]) {
      perSecond[Math.floor(slot / 10)]++;
      attempt[i]++;
      if (served < budget) {
        served++;
        continue;
      }
      let ra = 0;
      if (guided) {
        const at = Math.max(now + SEC, nextAppointment);
        nextAppointment = at + SEC / capacity;
        ra = at - now;
      }
      // A retry at least one slot later: the failure itself takes a round trip.
      const d = Math.max(slotUs, policy.delay(attempt[i], prev[i], ra, 1, rng));
      prev[i] = d;
      const next = slot + Math.ceil(d / slotUs);
      if (next < agenda.length) agenda[next].push(i);
    }
  }
  let peak = 0;
  for (let s = 1; s < seconds; s++) peak = Math.max(peak, perSecond[s]);
  return peak;
}

test('a herd against capacity C: server-guided stays within k*C after the first wave, no backoff exceeds it', () => {
  // k = 2: each second of the server's appointment book holds at most C returns, but client jitter
  // (up to 2 * spread of the Retry-After) lets early, long appointments overlap late, short ones.
  const k = 2;
  fc.assert(
    // Herds of 5 to 20 seconds of a server's capacity, small enough for 1,000 runs. Capacities start
    // at 100/s: below that a second's count wanders by ~sqrt(C), which the bound is not about.
    fc.property(fc.integer({ min: 100, max: 300 }), fc.integer({ min: 5, max: 20 }), fc.integer(), (capacity, seconds, seed) => {
      const n = capacity * seconds;
      const guided = herd('server-guided', n, capacity, seed);
      const naive = herd('none', n, capacity, seed);
      return guided <= k * capacity && naive > k * capacity;
    }),
    { numRuns: RUNS },
  );
  // One pinned instance, printed as the figures it shows: 10,000 clients, 500 req/s of capacity.
  const guided = herd('server-guided', 10_000, 500, 1);
  const naive = herd('none', 10_000, 500, 1);
  assert.ok(guided <= k * 500, `server-guided peak ${guided}/s`);
  assert.ok(naive > 10 * 500, `no-backoff peak ${naive}/s`);
});

test.run();
