import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { afterFailure, ABANDON, RESTART, RETRY, StartupDecision, type StartupPolicy } from '../../../models/player/startup.ts';
import { makeBackoff } from '../../../models/backoff/registry.ts';
import { SEC } from '../../../models/time.ts';

const rng = { next: () => 0.5 };
const base: StartupPolicy = {
  maxAttempts: 3, giveUpAfter: 60 * SEC, honourServer: true, restartProbability: 1, maxRestarts: 1,
  backoff: makeBackoff('server-guided', { base: SEC, cap: 30 * SEC, spread: 0.5 }), restartDelay: () => 5 * SEC,
};
const decide = (p: StartupPolicy, attempt: number, restarts: number, waited: number, ra = 0) =>
  ({ ...afterFailure(p, attempt, restarts, waited, 0, ra, 0, rng, new StartupDecision()) });

test('retries within the attempt limit, honouring Retry-After', () => {
  assert.equal(decide(base, 1, 0, 0, 4 * SEC), { next: RETRY, delay: 5 * SEC }); // 4 s + half of the 0.5 spread
  assert.equal(decide(base, 2, 0, 0), { next: RETRY, delay: SEC }); // no RA: half of the 2 s ceiling
});

test('after the last attempt the viewer presses Play again, then gives up', () => {
  assert.equal(decide(base, 3, 0, 10 * SEC), { next: RESTART, delay: 5 * SEC });
  assert.equal(decide(base, 3, 1, 10 * SEC), { next: ABANDON, delay: 0 });
  assert.equal(decide({ ...base, restartProbability: 0 }, 3, 0, 10 * SEC), { next: ABANDON, delay: 0 });
});

test('a viewer never waits past their patience', () => {
  assert.equal(decide(base, 1, 0, 58 * SEC, 4 * SEC), { next: ABANDON, delay: 2 * SEC });
  assert.equal(decide(base, 1, 0, 60 * SEC), { next: ABANDON, delay: 0 });
});

test('a naive player ignores the server', () => {
  const naive = { ...base, honourServer: false, backoff: makeBackoff('fixed', { base: SEC, cap: SEC, spread: 0 }) };
  assert.equal(decide(naive, 1, 0, 0, 30 * SEC), { next: RETRY, delay: SEC });
});

test.run();
