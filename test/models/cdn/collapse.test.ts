import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Collapser, IN_FLIGHT, NONE } from '../../../models/cdn/collapse.ts';

/** The waiter list from `head`, as [tag, count, at, kind] tuples. */
function list(c: Collapser, head: number): number[][] {
  const out: number[][] = [];
  for (let w = head; w !== NONE; w = c.next(w)) out.push([c.tag(w), c.count(w), c.at(w), c.kind(w)]);
  return out;
}

test('one entry per id; waiters come back in the order they joined, with their counts', () => {
  const c = new Collapser();
  const e = c.start(42, 0);
  assert.is(c.find(42), e);
  assert.is(c.find(43), NONE);
  assert.is(c.status(e), IN_FLIGHT);
  c.join(e, 7, 3, 0, 0);
  c.join(e, 9, 1, 5, 1);
  c.join(e, 7, 2, 6, 0);
  c.checkInvariants();
  const head = c.settle(e, 100, 200, 1_000);
  assert.equal(list(c, head), [
    [7, 3, 0, 0],
    [9, 1, 5, 1],
    [7, 2, 6, 0],
  ]);
  assert.equal([c.status(e), c.arrivesAt(e), c.expiry(e)], [200, 100, 1_000]);
  assert.is(c.waiters, 3, 'detached waiters stay counted until freed');
  c.freeWaiters(head);
  assert.is(c.waiters, 0);
  c.checkInvariants();
  c.release(e);
  assert.is(c.find(42), NONE);
  assert.is(c.size, 0);
  c.checkInvariants();
});

test('release frees waiters still attached; a released id can start again', () => {
  const c = new Collapser();
  const e = c.start(1, 0);
  c.join(e, 1, 1, 0, 0);
  c.join(e, 2, 1, 0, 0);
  c.release(e);
  assert.is(c.waiters, 0);
  const e2 = c.start(1, 0);
  assert.equal(list(c, c.settle(e2, 0, 404, 0)), []);
  c.checkInvariants();
});

test('grows past its initial sizes, then allocates nothing once warmed', () => {
  const c = new Collapser(2, 2);
  for (let round = 0; round < 3; round++) {
    const entries: number[] = [];
    for (let id = 0; id < 50; id++) {
      const e = c.start(id * 6 + round, 0);
      for (let k = 0; k < 10; k++) c.join(e, id, k + 1, 0, 0);
      entries.push(e);
    }
    c.checkInvariants();
    assert.is(c.size, 50);
    assert.is(c.waiters, 500);
    const bytes = c.byteLength;
    for (const e of entries) {
      c.freeWaiters(c.settle(e, 10, 200, 20));
      c.release(e);
    }
    assert.is(c.byteLength, bytes);
    if (round === 2) assert.is(c.byteLength, bytes, 'third round fits in what the first grew');
  }
  c.checkInvariants();
});

test('a full table reclaims entries that have landed before it grows', () => {
  const c = new Collapser(4, 2);
  for (let id = 0; id < 4; id++) c.settle(c.start(id, 0), 10, 200, 100);
  const bytes = c.byteLength;
  c.start(99, 10); // all four landed at 10: reclaimed, no growth
  assert.is(c.size, 1);
  assert.is(c.byteLength, bytes);
  for (let id = 0; id < 4; id++) c.settle(c.start(id, 10), 50, 200, 100);
  c.start(100, 20); // none landed yet: grows
  assert.is(c.size, 6);
  assert.ok(c.byteLength > bytes);
  c.checkInvariants();
});

test('ids up to 2^53 − 1 and ids that share low bits are kept apart', () => {
  const c = new Collapser(2, 2);
  const ids = [0, 2 ** 32, 2 ** 33, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER, 1, 2 ** 32 + 1];
  const es = ids.map((id) => c.start(id, 0));
  ids.forEach((id, i) => assert.is(c.find(id), es[i], String(id)));
  c.release(es[1]!);
  assert.is(c.find(2 ** 32), NONE);
  assert.is(c.find(2 ** 33), es[2]);
  c.checkInvariants();
});

// Model-based: random commands against a Map of arrays.
type Cmd =
  | { op: 'start'; id: number }
  | { op: 'join'; id: number; tag: number; count: number }
  | { op: 'settle'; id: number }
  | { op: 'release'; id: number };

test('agrees with a Map-of-lists reference on random commands', () => {
  const id = fc.integer({ min: 0, max: 20 });
  const cmd: fc.Arbitrary<Cmd> = fc.oneof(
    fc.record({ op: fc.constant('start' as const), id }),
    fc.record({ op: fc.constant('join' as const), id, tag: fc.integer({ min: 0, max: 1000 }), count: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ op: fc.constant('settle' as const), id }),
    fc.record({ op: fc.constant('release' as const), id }),
  );
  fc.assert(
    fc.property(fc.array(cmd, { maxLength: 200 }), (cmds) => {
      const c = new Collapser(1, 1);
      const ref = new Map<number, { settled: boolean; waiters: number[][] }>();
      for (const k of cmds) {
        const e = c.find(k.id);
        const r = ref.get(k.id);
        assert.is(e !== NONE, r !== undefined);
        if (k.op === 'start' && r === undefined) {
          c.start(k.id, 0);
          ref.set(k.id, { settled: false, waiters: [] });
        } else if (k.op === 'join' && r !== undefined && !r.settled) {
          c.join(e, k.tag, k.count, 0, 0);
          r.waiters.push([k.tag, k.count, 0, 0]);
        } else if (k.op === 'settle' && r !== undefined && !r.settled) {
          // Settled far in the future, so starts never reclaim it.
          const head = c.settle(e, 1e15, 200, 1e15);
          assert.equal(list(c, head), r.waiters);
          c.freeWaiters(head);
          r.settled = true;
          r.waiters = [];
        } else if (k.op === 'release' && r !== undefined) {
          c.release(e);
          ref.delete(k.id);
        }
        c.checkInvariants();
      }
      assert.is(c.size, ref.size);
      assert.is(c.waiters, [...ref.values()].reduce((n, v) => n + v.waiters.length, 0));
    }),
    { numRuns: 300 },
  );
});

test.run();
