import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ACKED, COHORT, DeviceRing, GAP, SEEN, TTL } from '../../../../sim/build/push/ring.ts';

function fill(r: DeviceRing, i: number, k: number): void {
  r.u16[6 * i + 2] = 1000 + k;
  r.u8[12 * i + GAP] = k;
  r.u8[12 * i + TTL] = k + 1;
  r.u8[12 * i + SEEN] = k + 2;
  r.u8[12 * i + ACKED] = k + 3;
  r.u8[12 * i + COHORT] = k + 4;
  if (r.id) r.id[i] = 100 + k;
}

function fields(r: DeviceRing, i: number): number[] {
  return [r.due(i), r.u16[6 * i + 2]!, r.u8[12 * i + GAP]!, r.u8[12 * i + TTL]!, r.u8[12 * i + SEEN]!, r.u8[12 * i + ACKED]!, r.u8[12 * i + COHORT]!, r.id![i]!];
}

test('records survive wrap-around and growth, in order, with stable absolute positions', () => {
  const r = new DeviceRing(16, true);
  for (let k = 0; k < 10; k++) fill(r, r.push(k), k);
  for (let k = 0; k < 8; k++) r.shift(); // head at 8
  for (let k = 10; k < 30; k++) fill(r, r.push(k), k); // wraps, then grows
  assert.is(r.head, 8);
  assert.is(r.tail, 30);
  assert.ok(r.cap >= 22);
  for (let pos = r.head; pos < r.tail; pos++) {
    assert.equal(fields(r, r.phys(pos)), [pos, 1000 + pos, pos, pos + 1, pos + 2, pos + 3, pos + 4, 100 + pos]);
  }
});

test('push zeroes the record; pushFrom copies it with a new due', () => {
  const a = new DeviceRing(16, true);
  const b = new DeviceRing(16, true);
  const i = a.push(5);
  fill(a, i, 7);
  const j = b.pushFrom(a, i, 99);
  assert.equal(fields(b, j), [99, 1007, 7, 8, 9, 10, 11, 107]);
  a.shift();
  const k = a.push(6); // reuses nothing it should not: a fresh record
  assert.equal(fields(a, k).slice(1, 7), [0, 0, 0, 0, 0, 0]);
});

test('clear drops everyone and positions continue', () => {
  const r = new DeviceRing(16, false);
  for (let k = 0; k < 5; k++) r.push(k);
  r.clear();
  assert.is(r.size, 0);
  assert.is(r.head, 5);
  const i = r.push(42);
  assert.is(r.phys(5), i);
  assert.is(r.due(i), 42);
});

test.run();
