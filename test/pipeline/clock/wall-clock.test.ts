/** The wall clock: the Clock port on real time (kept short: tens of milliseconds each). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { WallClock, epochNow } from '../../../pipeline/clock/wall-clock.ts';
import { MS } from '../../../models/time.ts';

test('time stands at 0 until start; events set before then are due that long after it', async () => {
  const c = new WallClock();
  const fired: number[] = [];
  c.after(5 * MS, () => fired.push(c.now()));
  assert.is(c.now(), 0);
  await sleep(20);
  assert.equal(fired, []);
  c.start();
  await sleep(40);
  c.stop();
  assert.is(fired.length, 1);
  assert.ok(fired[0] >= 5 * MS && fired[0] < 1000 * MS, String(fired[0]));
});

test('events run in time order, ties in the order set; now() is whole µs and never runs backwards', async () => {
  const c = new WallClock();
  const order: string[] = [];
  const kind = c.register((arg) => order.push(`k${arg}`));
  c.start();
  c.after(20 * MS, () => order.push('c'));
  c.schedule(10 * MS, kind, 1);
  c.after(10 * MS, () => order.push('b'));
  c.schedule(10 * MS, kind, 2);
  c.after(0, () => order.push('a'));
  let last = -1;
  let whole = true;
  for (let i = 0; i < 1000; i++) {
    const t = c.now();
    whole &&= Number.isInteger(t) && t >= last;
    last = t;
  }
  await sleep(60);
  c.stop();
  assert.ok(whole);
  // Events set in the same instant share a time only if now() did not move between the calls; all
  // that is promised is time order, and set order among equal times.
  assert.is(order[0], 'a');
  assert.is(order[order.length - 1], 'c');
  assert.ok(order.indexOf('k1') < order.indexOf('k2'));
  assert.is(c.pending, 0);
});

test('cancel: a cancelled timer never fires; cancelling twice says false', async () => {
  const c = new WallClock();
  c.start();
  let fired = false;
  const id = c.after(5 * MS, () => { fired = true; });
  assert.ok(c.cancel(id));
  assert.not.ok(c.cancel(id));
  await sleep(20);
  c.stop();
  assert.not.ok(fired);
});

test('speed: at 10x the clock runs ten times the wall, and its timers fire ten times sooner', async () => {
  const c = new WallClock(10);
  const w0 = performance.now();
  c.start();
  await sleep(30);
  const clockMs = c.now() / MS;
  const wallMs = performance.now() - w0;
  assert.ok(clockMs >= 10 * 29 && clockMs <= 10 * wallMs, `${clockMs} ms of clock in ${wallMs} ms of wall`);
  const set = performance.now();
  const firedAfter = await new Promise<number>((resolve) => c.after(200 * MS, () => resolve(performance.now() - set)));
  c.stop();
  assert.ok(firedAfter >= 19, `${firedAfter} ms`);
});

test('clocks started on one epoch tell the same time', () => {
  const epoch = epochNow();
  const a = new WallClock();
  const b = new WallClock();
  a.start(epoch);
  b.start(epoch);
  const d = Math.abs(a.now() - b.now());
  a.stop();
  b.stop();
  assert.ok(d < 500, `${d} µs apart`);
});

test('a fractional or negative delay is a bug in the caller, reported at once', () => {
  const c = new WallClock();
  assert.throws(() => c.after(1.5, () => {}), /whole number/);
  assert.throws(() => c.after(-1, () => {}), /whole number/);
});

test.run();
