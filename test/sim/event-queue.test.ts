import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { EventQueue } from '../../sim/event-queue.ts';

/** Pop everything, as `time:kind:arg` strings. */
function drain(q: EventQueue): string[] {
  const out: string[] = [];
  while (q.pop()) out.push(`${q.time}:${q.kind}:${q.arg}`);
  return out;
}

test('pops in time order, FIFO among equal times', () => {
  const q = new EventQueue();
  q.push(5, 1, 0);
  q.push(3, 1, 1);
  q.push(5, 2, 2);
  q.push(0, 3, 3);
  q.push(3, 1, 4);
  q.push(5, 1, 5);
  assert.is(q.size, 6);
  assert.is(q.peekTime(), 0);
  assert.equal(drain(q), ['0:3:3', '3:1:1', '3:1:4', '5:1:0', '5:2:2', '5:1:5']);
  assert.is(q.size, 0);
  assert.is(q.peekTime(), Infinity);
  assert.is(q.pop(), false);
});

test('cancel removes one event; a stale handle never cancels the slot that reused it', () => {
  const q = new EventQueue();
  const a = q.push(10, 1, 1);
  const b = q.push(20, 1, 2);
  q.push(30, 1, 3);
  assert.is(q.cancel(b), true);
  assert.is(q.cancel(b), false);
  assert.is(q.size, 2);
  assert.ok(q.pop());
  assert.is(q.handle, a);
  assert.is(q.cancel(a), false, 'popped');
  // The next push takes a's freed slot; the old handle must not reach it.
  const c = q.push(40, 1, 4);
  assert.is.not(c, a);
  assert.is(q.cancel(a), false);
  assert.is(q.cancel(-1), false);
  assert.is(q.cancel(0.5), false);
  assert.is(q.cancel(1e15), false);
  assert.equal(drain(q), ['30:1:3', '40:1:4']);
});

test('reschedule keeps the handle and goes after events already at the new time', () => {
  const q = new EventQueue();
  const a = q.push(1, 0, 1);
  q.push(5, 0, 2);
  q.push(5, 0, 3);
  assert.is(q.reschedule(a, 5), true);
  q.push(5, 0, 4);
  assert.ok(q.pop());
  assert.is(q.arg, 2);
  assert.ok(q.pop());
  assert.is(q.arg, 3);
  assert.ok(q.pop());
  assert.is(q.arg, 1);
  assert.is(q.handle, a);
  assert.is(q.reschedule(a, 9), false);
  assert.equal(drain(q), ['5:0:4']);
});

test('clear drops everything and makes old handles stale', () => {
  const q = new EventQueue(16);
  const hs = Array.from({ length: 40 }, (_, i) => q.push(i % 7, 0, i));
  q.clear();
  assert.is(q.size, 0);
  assert.is(q.peekTime(), Infinity);
  assert.ok(hs.every((h) => !q.cancel(h)));
  q.push(3, 0, 1);
  assert.equal(drain(q), ['3:0:1']);
});

test('grows past its initial capacity and keeps order across calendar rebuilds', () => {
  const q = new EventQueue(16);
  // A hold-model run small enough to pin: 50 pending, 5,000 pops, deterministic delays. The figures
  // come from the same run on Python's heapq with (time, seq) keys.
  // Park-Miller: exact in doubles, so the sequence (and the pinned figures) are portable.
  let x = 12345;
  const delay = (): number => {
    x = (x * 48271) % 2147483647;
    return x % 1000;
  };
  for (let i = 0; i < 50; i++) q.push(delay(), 0, i);
  let last = -1;
  let sum = 0;
  for (let i = 0; i < 5000; i++) {
    assert.ok(q.pop());
    assert.ok(q.time >= last);
    last = q.time;
    sum += q.arg * (i % 13);
    q.push(q.time + delay(), 0, q.arg);
  }
  assert.is(q.size, 50);
  assert.is(last, 50357);
  assert.is(sum, 734119);
});

test('a burst crowding one bucket is split into finer rungs and keeps (time, seq) order', () => {
  const q = new EventQueue(16);
  const expected: Array<[number, number]> = [];
  const add = (time: number, arg: number): void => {
    q.push(time, 0, arg);
    expected.push([time, arg]);
  };
  add(0, 0);
  add(1_000_000, 1);
  // 38 events on 13 distinct µs, three or so per µs, all inside one bucket of the first calendar.
  for (let i = 0; i < 38; i++) add(500_000 + ((i * 7) % 13), 100 + i);
  // Array.prototype.sort is stable, so this is (time, insertion order).
  expected.sort((a, b) => a[0] - b[0]);
  const got = drain(q);
  assert.equal(got.slice(0, 6), [
    '0:0:0',
    '500000:0:100',
    '500000:0:113',
    '500000:0:126',
    '500001:0:102',
    '500001:0:115',
  ]);
  assert.equal(
    got,
    expected.map(([t, a]) => `${t}:0:${a}`),
  );
});

test('events pushed while a split bucket drains land in the right rung', () => {
  const q = new EventQueue(16);
  q.push(0, 0, 0);
  q.push(2_000_000, 0, 1);
  for (let i = 0; i < 100; i++) q.push(1_000_000 + (i % 50) * 2, 0, 10 + i);
  const out: string[] = [];
  let followUps = 0;
  while (q.pop()) {
    out.push(`${q.time}:${q.arg}`);
    // Each burst event schedules one follow-up 3 µs later: into the rung being drained, or the heap.
    if (q.arg >= 10 && q.arg < 110) {
      q.push(q.time + 3, 0, 1000 + q.arg);
      followUps++;
    }
  }
  assert.is(followUps, 100);
  assert.is(out.length, 202);
  assert.equal(out.slice(0, 8), [
    '0:0',
    '1000000:10',
    '1000000:60',
    '1000002:11',
    '1000002:61',
    '1000003:1010',
    '1000003:1060',
    '1000004:12',
  ]);
  assert.equal(out.slice(-5), ['1000099:1058', '1000099:1108', '1000101:1059', '1000101:1109', '2000000:1']);
});

// ---- Model-based test against a deliberately simple reference: an array kept sorted by (time, seq).

interface RefEvent {
  time: number;
  seq: number;
  kind: number;
  arg: number;
  handle: number;
}

interface Model {
  events: RefEvent[];
  /** Handles of the events in `events`. */
  live: Set<number>;
  seq: number;
  /** Every handle ever issued, live or not, so cancel/reschedule also try stale ones. */
  issued: number[];
  /** Time of the last pop: relative pushes schedule from it, as the kernel does. */
  now: number;
  nextArg: number;
}

/** Insert keeping (time, seq) order; the event's seq is the largest yet, so it goes after its time's ties. */
function insert(events: RefEvent[], e: RefEvent): void {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.time <= e.time) lo = mid + 1;
    else hi = mid;
  }
  events.splice(lo, 0, e);
}

function checkSize(m: Model, q: EventQueue): void {
  assert.is(q.size, m.events.length);
  assert.is(q.peekTime(), m.events.length > 0 ? m.events[0]!.time : Infinity);
}

class Push implements fc.Command<Model, EventQueue> {
  constructor(
    readonly at: number,
    readonly relative: boolean,
    readonly kind: number,
  ) {}
  check = (): boolean => true;
  run(m: Model, q: EventQueue): void {
    const time = this.relative ? m.now + this.at : this.at;
    const arg = m.nextArg++;
    const handle = q.push(time, this.kind, arg);
    assert.not.ok(m.live.has(handle), 'handle of a live event reissued');
    m.live.add(handle);
    insert(m.events, { time, seq: m.seq++, kind: this.kind, arg, handle });
    m.issued.push(handle);
    checkSize(m, q);
  }
  toString = (): string => `push(${this.relative ? 'now+' : ''}${this.at}, ${this.kind})`;
}

/** Many events within a few µs: crowds one bucket, so the ladder has to split it into finer rungs. */
class Burst implements fc.Command<Model, EventQueue> {
  constructor(
    readonly at: number,
    readonly offsets: number[],
  ) {}
  check = (): boolean => true;
  run(m: Model, q: EventQueue): void {
    for (const [i, off] of this.offsets.entries()) new Push(m.now + this.at + off, false, i % 4).run(m, q);
  }
  toString = (): string => `burst(now+${this.at}, [${this.offsets.join(',')}])`;
}

class Pop implements fc.Command<Model, EventQueue> {
  check = (): boolean => true;
  run(m: Model, q: EventQueue): void {
    const expected = m.events.shift();
    assert.is(q.pop(), expected !== undefined);
    if (expected) {
      const e = expected;
      assert.equal([q.time, q.kind, q.arg, q.handle], [e.time, e.kind, e.arg, e.handle]);
      m.live.delete(expected.handle);
      m.now = expected.time;
    }
    checkSize(m, q);
  }
  toString = (): string => 'pop';
}

/** A handle from the issued list (live or stale), or a never-issued one when the list is empty. */
const pick = (m: Model, i: number): number => (m.issued.length > 0 ? m.issued[i % m.issued.length]! : 12345);

class Cancel implements fc.Command<Model, EventQueue> {
  constructor(readonly i: number) {}
  check = (): boolean => true;
  run(m: Model, q: EventQueue): void {
    const handle = pick(m, this.i);
    const at = m.live.has(handle) ? m.events.findIndex((e) => e.handle === handle) : -1;
    assert.is(q.cancel(handle), at >= 0);
    if (at >= 0) {
      m.events.splice(at, 1);
      m.live.delete(handle);
    }
    checkSize(m, q);
  }
  toString = (): string => `cancel(#${this.i})`;
}

class Reschedule implements fc.Command<Model, EventQueue> {
  constructor(
    readonly i: number,
    readonly at: number,
  ) {}
  check = (): boolean => true;
  run(m: Model, q: EventQueue): void {
    const handle = pick(m, this.i);
    const at = m.live.has(handle) ? m.events.findIndex((e) => e.handle === handle) : -1;
    const time = m.now + this.at;
    assert.is(q.reschedule(handle, time), at >= 0);
    if (at >= 0) {
      const [e] = m.events.splice(at, 1);
      insert(m.events, { ...e!, time, seq: m.seq++ });
    }
    checkSize(m, q);
  }
  toString = (): string => `reschedule(#${this.i}, now+${this.at})`;
}

class Clear implements fc.Command<Model, EventQueue> {
  check = (): boolean => true;
  run(m: Model, q: EventQueue): void {
    q.clear();
    m.events = [];
    m.live.clear();
    checkSize(m, q);
  }
  toString = (): string => 'clear';
}

/** Small times make ties common; large ones exercise wide calendars; relative ones follow the clock. */
const time = fc.oneof(
  fc.integer({ min: 0, max: 8 }),
  fc.integer({ min: 0, max: 1_000 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
);
const kind = fc.integer({ min: 0, max: 3 });

function commandArbs(clear: boolean) {
  const push = fc.tuple(time, fc.boolean(), kind).map(([t, rel, k]) => new Push(t, rel, k));
  const burst = fc
    .tuple(time, fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 30, maxLength: 120 }))
    .map(([t, offsets]) => new Burst(t, offsets));
  const arbs: Array<fc.Arbitrary<fc.Command<Model, EventQueue>>> = [
    push,
    push,
    push,
    burst,
    fc.constant(new Pop()),
    fc.constant(new Pop()),
    fc.constant(new Pop()),
    fc.constant(new Pop()),
    fc.nat().map((i) => new Cancel(i)),
    fc.tuple(fc.nat(), time).map(([i, t]) => new Reschedule(i, t)),
  ];
  if (clear) arbs.push(fc.constant(new Clear()));
  return arbs;
}

const setup = () => ({
  model: { events: [], live: new Set(), seq: 0, issued: [], now: 0, nextArg: 0 } as Model,
  real: new EventQueue(16),
});

test('model: random push/pop/cancel/reschedule/clear match a sorted array', () => {
  fc.assert(
    fc.property(fc.commands(commandArbs(true), { maxCommands: 200 }), (cmds) => fc.modelRun(setup, cmds)),
    { numRuns: 1000 },
  );
});

test('model: long runs force growth and calendar rebuilds', () => {
  fc.assert(
    fc.property(fc.commands(commandArbs(false), { maxCommands: 3000, size: 'max' }), (cmds) =>
      fc.modelRun(setup, cmds),
    ),
    { numRuns: 60 },
  );
});

test.run();
