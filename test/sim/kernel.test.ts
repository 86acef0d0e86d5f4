import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Clock } from '../../models/ports.ts';
import { Kernel } from '../../sim/kernel.ts';

/** A kernel with one logging handler: each event appends `now:arg`. */
function logging(): { k: Kernel; log: string[]; kind: number } {
  const k = new Kernel();
  const log: string[] = [];
  const kind = k.register((arg) => log.push(`${k.now()}:${arg}`));
  return { k, log, kind };
}

test('run(until) runs events at exactly until and leaves now() at until', () => {
  const { k, log, kind } = logging();
  k.at(10, kind, 1);
  k.at(20, kind, 2);
  k.at(20, kind, 3);
  k.at(21, kind, 4);
  assert.is(k.run(20), 3);
  assert.equal(log, ['10:1', '20:2', '20:3']);
  assert.is(k.now(), 20);
  assert.is(k.pending, 1);
  assert.is(k.run(20), 0);
  assert.is(k.now(), 20);
  assert.is(k.run(100), 1);
  assert.equal(log, ['10:1', '20:2', '20:3', '21:4']);
  assert.is(k.now(), 100);
  assert.is(k.eventsProcessed, 4);
});

test('run(until) over an empty stretch still advances the clock to until', () => {
  const { k, log, kind } = logging();
  assert.is(k.run(500), 0);
  assert.is(k.now(), 500);
  k.in(0, kind, 1);
  assert.is(k.run(500), 1);
  assert.equal(log, ['500:1']);
});

test('run() with no bound drains the queue; now() is the last event time', () => {
  const { k, log, kind } = logging();
  k.in(5, kind, 1);
  k.in(0, kind, 0);
  assert.is(k.run(), 2);
  assert.equal(log, ['0:0', '5:1']);
  assert.is(k.now(), 5);
  assert.is(k.run(), 0);
  assert.is(k.now(), 5);
});

test('handlers dispatch by kind with their arg; events they schedule keep (time, order)', () => {
  const k = new Kernel();
  const log: string[] = [];
  const ping = k.register((arg) => {
    log.push(`ping${arg}@${k.now()}`);
    if (arg < 3) k.in(10, pong, arg + 1);
  });
  const pong = k.register((arg) => {
    log.push(`pong${arg}@${k.now()}`);
    k.in(0, ping, arg);
  });
  assert.is.not(ping, pong);
  k.at(0, ping, 0);
  k.at(10, pong, 100);
  k.run();
  assert.equal(log, [
    'ping0@0',
    'pong100@10',
    'pong1@10',
    'ping100@10',
    'ping1@10',
    'pong2@20',
    'ping2@20',
    'pong3@30',
    'ping3@30',
  ]);
});

test('stop() ends the run after the current event; the next run resumes', () => {
  const k = new Kernel();
  const log: number[] = [];
  const kind = k.register((arg) => {
    log.push(arg);
    if (arg === 2) k.stop();
  });
  for (let i = 1; i <= 4; i++) k.at(i * 10, kind, i);
  assert.is(k.run(1000), 2);
  assert.equal(log, [1, 2]);
  assert.is(k.now(), 20, 'a stopped run leaves the clock at the stopping event');
  k.stop(); // outside a run: no effect on the next one
  assert.is(k.run(1000), 2);
  assert.equal(log, [1, 2, 3, 4]);
  assert.is(k.now(), 1000);
  assert.is(k.eventsProcessed, 4);
});

test('after() closures fire in time order, FIFO among ties; cancel() stops one', () => {
  const k = new Kernel();
  const log: string[] = [];
  k.after(30, () => log.push('c'));
  k.after(10, () => log.push('a'));
  const dropped = k.after(10, () => log.push('x'));
  k.after(10, () => log.push('b'));
  k.after(20, () => {
    log.push('d');
    // Reuses the slot just freed; must fire once, after 'c' (same time, set later).
    k.after(10, () => log.push('e'));
  });
  assert.is(k.cancel(dropped), true);
  assert.is(k.cancel(dropped), false);
  k.run();
  assert.equal(log, ['a', 'b', 'd', 'c', 'e']);
  assert.is(k.now(), 30);
  assert.is(k.eventsProcessed, 5);
});

test('cancel() of a timer that already fired is false and does not touch the slot reusing it', () => {
  const k = new Kernel();
  const log: string[] = [];
  const first = k.after(1, () => log.push('first'));
  k.run();
  const second = k.after(1, () => log.push('second'));
  assert.is(k.cancel(first), false);
  k.run();
  assert.equal(log, ['first', 'second']);
  assert.is(k.cancel(second), false);
});

test('the Clock port works for a model that knows nothing of the kernel', () => {
  // A tiny model written against Clock: a heartbeat every 1,000 µs, stopped after three beats.
  function heartbeat(clock: Clock, beats: number[]): void {
    let id = 0;
    const beat = (): void => {
      beats.push(clock.now());
      if (beats.length < 3) id = clock.after(1_000, beat);
    };
    id = clock.after(1_000, beat);
    clock.after(2_500, () => clock.cancel(id));
  }
  const k = new Kernel();
  const beats: number[] = [];
  heartbeat(k, beats);
  k.run();
  assert.equal(beats, [1_000, 2_000]);
  assert.is(k.now(), 2_500);
});

test('the Clock port hot path: register once, schedule with an arg', () => {
  function ticker(clock: Clock, out: string[]): void {
    const kind = clock.register((n) => {
      out.push(`${n}@${clock.now()}`);
      if (n < 2) clock.schedule(250, kind, n + 1);
    });
    clock.schedule(0, kind, 0);
  }
  const k = new Kernel();
  const out: string[] = [];
  ticker(k, out);
  assert.is(k.run(1_000), 3);
  assert.equal(out, ['0@0', '1@250', '2@500']);
});

test('reschedule() moves a timer, keeps its handle, and queues it after events already there', () => {
  const { k, log, kind } = logging();
  const h = k.after(5, () => log.push(`moved@${k.now()}`));
  k.at(10, kind, 2);
  assert.is(k.reschedule(h, 10), true);
  k.at(10, kind, 3);
  const t = k.after(50, () => log.push(`timer@${k.now()}`));
  assert.is(k.reschedule(t, 7), true);
  k.run();
  assert.equal(log, ['timer@7', '10:2', 'moved@10', '10:3']);
  assert.is(k.reschedule(h, 20), false, 'already fired');
  assert.is(k.cancel(h), false);
});

test('hot-path events cannot be cancelled or moved, and saying so is an error', () => {
  const { k, kind } = logging();
  const h = k.at(5, kind, 1);
  assert.ok(h < 0);
  assert.throws(() => k.cancel(h), /cannot be cancelled/);
  assert.throws(() => k.reschedule(h, 9), /cannot be cancelled/);
  assert.is(k.run(), 1);
});

test('times must be integers at or after now', () => {
  const { k, kind } = logging();
  k.at(100, kind, 0);
  k.run(50);
  assert.is(k.now(), 50);
  assert.throws(() => k.at(49, kind, 0), /at or after now/);
  assert.throws(() => k.in(-1, kind, 0), /delay -1/);
  assert.throws(() => k.in(0.5, kind, 0), /delay 0.5/);
  assert.throws(() => k.at(60.25, kind, 0), RangeError);
  assert.throws(() => k.at(NaN, kind, 0), RangeError);
  assert.throws(() => k.at(Infinity, kind, 0), RangeError);
  assert.throws(() => k.after(-5, () => {}), RangeError);
  assert.throws(() => k.after(1.5, () => {}), RangeError);
  assert.throws(() => k.run(49), /Kernel.run/);
  assert.throws(() => k.run(60.5), /Kernel.run/);
  const h = k.after(20, () => {});
  assert.throws(() => k.reschedule(h, 10), /Kernel.reschedule/);
  k.cancel(h);
  k.at(70, kind, 0);
  // Now itself is fine, and nothing above was scheduled.
  k.at(50, kind, 1);
  k.in(0, kind, 2);
  assert.is(k.pending, 4);
  assert.is(k.run(), 4);
});

test('run() is not re-entrant', () => {
  const k = new Kernel();
  let error: unknown;
  k.after(1, () => {
    try {
      k.run();
    } catch (e) {
      error = e;
    }
  });
  k.run();
  assert.instance(error, Error);
  assert.match(String(error), /already running/);
  // The outer run finished normally and the kernel is usable again.
  k.after(1, () => {});
  assert.is(k.run(), 1);
});

test('a throwing handler aborts the run but leaves the kernel usable', () => {
  const { k, log, kind } = logging();
  const boom = k.register(() => {
    throw new Error('boom');
  });
  k.at(1, boom, 0);
  k.at(2, kind, 2);
  assert.throws(() => k.run(), /boom/);
  assert.is(k.now(), 1);
  assert.is(k.eventsProcessed, 1);
  assert.is(k.run(), 1);
  assert.equal(log, ['2:2']);
});

test.run();
