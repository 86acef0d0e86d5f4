import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { BlockQueue } from '../../sim/block-queue.ts';

/** A queue that numbers pushes itself, as the kernel does. */
function numbered(capacity?: number): { q: BlockQueue; push: (time: number, kind: number, arg: number) => void } {
  const q = new BlockQueue(capacity);
  let seq = 0;
  return { q, push: (time, kind, arg) => q.push(time, seq++, kind, arg) };
}

function drain(q: BlockQueue): string[] {
  const out: string[] = [];
  while (q.pop()) out.push(`${q.time}:${q.kind}:${q.arg}`);
  return out;
}

test('pops in (time, seq) order, FIFO among equal times', () => {
  const { q, push } = numbered();
  push(5, 1, 0);
  push(3, 1, 1);
  push(5, 2, 2);
  push(0, 3, 3);
  push(3, 1, 4);
  push(5, 1, 5);
  assert.is(q.size, 6);
  assert.is(q.peekTime(), 0);
  assert.is(q.peekSeq(), 3);
  assert.equal(drain(q), ['0:3:3', '3:1:1', '3:1:4', '5:1:0', '5:2:2', '5:1:5']);
  assert.is(q.peekTime(), Infinity);
  assert.is(q.pop(), false);
});

test('the seq the caller gives orders ties, not the order of pushes', () => {
  const q = new BlockQueue();
  q.push(7, 9, 0, 1);
  q.push(7, 4, 0, 2);
  q.push(7, 6, 0, 3);
  assert.equal(drain(q), ['7:0:2', '7:0:3', '7:0:1']);
});

test('the hold model pins the same figures as the slot-linked queue (same order, same run)', () => {
  const { q, push } = numbered(16);
  let x = 12345;
  const delay = (): number => {
    x = (x * 48271) % 2147483647;
    return x % 1000;
  };
  for (let i = 0; i < 50; i++) push(delay(), 0, i);
  let last = -1;
  let sum = 0;
  for (let i = 0; i < 5000; i++) {
    assert.ok(q.pop());
    assert.ok(q.time >= last);
    last = q.time;
    sum += q.arg * (i % 13);
    push(q.time + delay(), 0, q.arg);
  }
  assert.is(q.size, 50);
  assert.is(last, 50357);
  assert.is(sum, 734119);
});

test('a burst crowding one bucket is split into finer rungs, and pushes during the drain land right', () => {
  const { q, push } = numbered(16);
  push(0, 0, 0);
  push(2_000_000, 0, 1);
  for (let i = 0; i < 500; i++) push(1_000_000 + (i % 50) * 2, 0, 10 + i);
  const out: string[] = [];
  while (q.pop()) {
    out.push(`${q.time}:${q.arg}`);
    if (q.arg >= 10 && q.arg < 510) push(q.time + 3, 0, 1000 + q.arg);
  }
  assert.is(out.length, 1002);
  assert.equal(out.slice(0, 4), ['0:0', '1000000:10', '1000000:60', '1000000:110']);
  assert.equal(out.slice(-3), ['1000101:1459', '1000101:1509', '2000000:1']);
});

// ---- Model-based: random pushes (absolute, relative, bursts) and pops against a sorted array.

type Op = { push: number; relative: boolean } | { burst: number; offsets: number[] } | { pop: number };

test('matches a sorted-array reference under random pushes, bursts and pops', () => {
  const op = fc.oneof(
    fc.record({ push: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5_000_000 })), relative: fc.boolean() }),
    fc.record({ burst: fc.integer({ min: 0, max: 1000 }), offsets: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }) }),
    fc.record({ pop: fc.integer({ min: 1, max: 300 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops: Op[]) => {
      const q = new BlockQueue(16);
      const ref: Array<[number, number, number]> = [];
      let seq = 0;
      let now = 0;
      const add = (time: number): void => {
        const s = seq++;
        q.push(time, s, s % 5, s);
        let lo = 0;
        let hi = ref.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ref[mid]![0] <= time) lo = mid + 1;
          else hi = mid;
        }
        ref.splice(lo, 0, [time, s, s % 5]);
      };
      for (const o of ops) {
        if ('push' in o) add(o.relative ? now + o.push : Math.max(now, o.push));
        else if ('burst' in o) for (const off of o.offsets) add(now + o.burst + off);
        else {
          for (let i = 0; i < o.pop; i++) {
            const e = ref.shift();
            assert.is(q.pop(), e !== undefined);
            if (!e) break;
            assert.equal([q.time, q.seq, q.kind, q.arg], [e[0], e[1], e[2], e[1]]);
            now = e[0];
          }
        }
        assert.is(q.size, ref.length);
        assert.is(q.peekTime(), ref.length > 0 ? ref[0]![0] : Infinity);
      }
    }),
    { numRuns: 300 },
  );
});

test('clear empties it and it works afterwards', () => {
  const { q, push } = numbered(16);
  for (let i = 0; i < 100; i++) push(i % 7, 0, i);
  q.pop();
  q.clear();
  assert.is(q.size, 0);
  assert.is(q.peekTime(), Infinity);
  push(3, 0, 1);
  assert.equal(drain(q), ['3:0:1']);
});

test.run();
