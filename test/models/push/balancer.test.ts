import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickProxy } from '../../../models/push/balancer.ts';
import { createStreams } from '../../../sim/rng.ts';

const up4 = Uint8Array.of(1, 1, 1, 1);

test('one draw names two candidates; the less loaded wins', () => {
  // u = 0.3 over 4 proxies: first candidate floor(1.2) = 1, second floor(0.2 * 4) = 0.
  assert.is(pickProxy(Int32Array.of(5, 9, 0, 0), up4, 100, 0.3), 0);
  assert.is(pickProxy(Int32Array.of(9, 5, 0, 0), up4, 100, 0.3), 1);
});

test('a tie goes to the first candidate', () => {
  assert.is(pickProxy(Int32Array.of(5, 5, 0, 0), up4, 100, 0.3), 1);
});

test('down or full candidates are skipped', () => {
  assert.is(pickProxy(Int32Array.of(5, 9, 0, 0), Uint8Array.of(0, 1, 1, 1), 100, 0.3), 1);
  assert.is(pickProxy(Int32Array.of(100, 9, 0, 0), up4, 100, 0.3), 1);
  // Both candidates unavailable: the next available after the first.
  assert.is(pickProxy(Int32Array.of(1, 1, 7, 3), Uint8Array.of(0, 0, 1, 1), 100, 0.3), 2);
});

test('no proxy can take it', () => {
  assert.is(pickProxy(Int32Array.of(1, 1), Uint8Array.of(0, 0), 100, 0.7), -1);
  assert.is(pickProxy(Int32Array.of(3, 3), Uint8Array.of(1, 1), 3, 0.7), -1);
});

test('u close to 1 stays in range', () => {
  const p = pickProxy(Int32Array.of(0, 0, 0), Uint8Array.of(1, 1, 1), 10, 1 - 2 ** -32);
  assert.ok(p >= 0 && p < 3);
});

test('loads stay balanced under many draws', () => {
  const load = new Int32Array(50);
  const up = new Uint8Array(50).fill(1);
  const rng = createStreams(1).stream('test/balancer');
  for (let i = 0; i < 100_000; i++) load[pickProxy(load, up, 1e9, rng.next())]!++;
  // Two choices: the spread stays a handful of connections (one choice would give ~±90 here).
  const max = Math.max(...load);
  const min = Math.min(...load);
  assert.ok(max - min <= 5, `${min}..${max}`);
});

test.run();
