import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  atSessionEnd, DUPLICATE, FALL_ASLEEP, FETCH_MISSING, FROM_PREFETCH, hasPrefetched, jittered, lastRefresh, onTrigger,
  RECONNECT, STAY_ASLEEP, WAKE,
} from '../../../models/push/device.ts';

test('a trigger already processed is a duplicate, whatever the cache holds', () => {
  assert.is(onTrigger(0b101, 0b100, true), DUPLICATE);
  assert.is(onTrigger(0b101, 0b001, false), DUPLICATE);
});

test('a new trigger is served from the prefetch cache or fetched', () => {
  assert.is(onTrigger(0b001, 0b010, true), FROM_PREFETCH);
  assert.is(onTrigger(0b001, 0b010, false), FETCH_MISSING);
});

test('the refresh lattice: the latest point at or before t', () => {
  // phase 0.25 of a 100-unit TTL: refreshes at 25, 125, 225, ...
  assert.is(lastRefresh(0.25, 100, 224.9), 125);
  assert.is(lastRefresh(0.25, 100, 225), 225);
  assert.is(lastRefresh(0.25, 100, 24), -75);
});

test('content published after the last refresh is not prefetched', () => {
  assert.ok(hasPrefetched(0.25, 100, 230, 200)); // refreshed at 225, published at 200
  assert.not.ok(hasPrefetched(0.25, 100, 230, 226)); // published after the refresh at 225
  assert.ok(hasPrefetched(0.25, 100, 330, 226)); // ...but the refresh at 325 picked it up
});

test('jitter stays within ±spread', () => {
  assert.is(jittered(100, 0.2, 0), 80);
  assert.is(jittered(100, 0.2, 0.5), 100);
  assert.ok(Math.abs(jittered(100, 0.2, 1) - 120) < 1e-9);
  assert.is(jittered(100, 0, 0.9), 100);
});

test('session end: awake devices reconnect or sleep, asleep ones wake or stay', () => {
  assert.is(atSessionEnd(false, 0.01, 0.02, 0.5), FALL_ASLEEP);
  assert.is(atSessionEnd(false, 0.03, 0.02, 0.5), RECONNECT);
  assert.is(atSessionEnd(true, 0.49, 0.02, 0.5), WAKE);
  assert.is(atSessionEnd(true, 0.5, 0.02, 0.5), STAY_ASLEEP);
});

test.run();
