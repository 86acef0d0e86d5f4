import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { NONE, ObjectTable } from '../../../../models/edge/cache/object-table.ts';

for (const direct of [false, true]) {
  const index = direct ? 'direct index' : 'hashed';
  test(`matches a Map under random adds and releases, growing from one slot (${index})`, () => {
    checkAgainstMap(direct);
  });
}

function checkAgainstMap(direct: boolean): void {
  // Ids from a small pool (so they come back), plus, when hashed, two whose 32-bit hashes are equal.
  const id = direct
    ? fc.integer({ min: 0, max: 40 })
    : fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(2 ** 32, 0x85ebca6b, Number.MAX_SAFE_INTEGER));
  const op = fc.tuple(fc.boolean(), id, fc.integer({ min: 0, max: 9 }));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const table = new ObjectTable(1, direct ? 41 : 0);
      const ref = new Map<number, { size: number; expiry: number }>();
      for (const [add, x, size] of ops) {
        const slot = table.lookup(x);
        assert.is(slot !== NONE, ref.has(x));
        if (add && slot === NONE) {
          if (table.full) table.grow();
          const s = table.add(x, size, size * 10);
          assert.is(table.idOf(s), x);
          ref.set(x, { size, expiry: size * 10 });
        } else if (!add && slot !== NONE) {
          table.release(slot);
          ref.delete(x);
        }
        table.checkInvariants();
        assert.is(table.count, ref.size);
        assert.is(table.bytes, [...ref.values()].reduce((sum, e) => sum + e.size, 0));
      }
      for (const [x, e] of ref) {
        const s = table.lookup(x);
        assert.equal([table.sizeOf(s), table.expiryOf(s)], [e.size, e.expiry]);
      }
    }),
    { numRuns: 1000 },
  );
}

for (const direct of [false, true]) {
  const index = direct ? 'direct index' : 'hashed';
  test(`replace is release then add, in the same slot (${index})`, () => {
    const id = direct
      ? fc.integer({ min: 0, max: 40 })
      : fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(2 ** 32, 0x85ebca6b, Number.MAX_SAFE_INTEGER));
    fc.assert(
      fc.property(fc.array(fc.tuple(id, fc.integer({ min: 0, max: 9 })), { maxLength: 60 }), id, (ops, fresh) => {
        // Two tables built alike; one replaces an object, the other releases it and adds the new one.
        const a = new ObjectTable(1, direct ? 41 : 0);
        const b = new ObjectTable(1, direct ? 41 : 0);
        for (const [x, size] of ops) {
          for (const t of [a, b]) {
            if (t.lookup(x) !== NONE) continue;
            if (t.full) t.grow();
            t.add(x, size, size * 10);
          }
        }
        if (a.count === 0 || a.lookup(fresh) !== NONE) return;
        const victim = a.lookup(ops[0]![0]);
        a.replace(victim, fresh, 3);
        a.setExpiry(victim, 77);
        b.release(victim);
        assert.is(b.add(fresh, 3, 77), victim);
        a.checkInvariants();
        assert.equal([a.count, a.bytes, a.liveSlots()], [b.count, b.bytes, b.liveSlots()]);
        for (const s of a.liveSlots()) {
          assert.equal([a.idOf(s), a.sizeOf(s), a.expiryOf(s)], [b.idOf(s), b.sizeOf(s), b.expiryOf(s)]);
          assert.is(a.lookup(a.idOf(s)), s);
        }
        assert.is(a.lookup(ops[0]![0]), NONE);
      }),
      { numRuns: 500 },
    );
  });
}

test('freed slots are reused before new ones, so the arrays stay dense', () => {
  const table = new ObjectTable(4);
  const a = table.add(10, 1, 0);
  const b = table.add(11, 1, 0);
  table.release(a);
  assert.is(table.add(12, 1, 0), a);
  assert.is(table.add(13, 1, 0), 2);
  assert.equal(table.liveSlots(), [a, b, 2]);
});

test('deleting from the middle of a probe run keeps every later key reachable', () => {
  // 16 buckets: fill most of them so runs wrap around the end, then delete in scrambled order.
  const table = new ObjectTable(8);
  const ids = Array.from({ length: 8 }, (_, i) => i * 1_000_003);
  const slots = ids.map((x) => table.add(x, 1, 0));
  for (const i of [3, 0, 7, 5, 1, 6, 2, 4]) {
    table.release(slots[i]!);
    table.checkInvariants();
    for (const [j, x] of ids.entries()) assert.is(table.lookup(x) !== NONE, table.isLive(slots[j]!), `id ${x}`);
  }
  assert.is(table.count, 0);
});

test('a direct index accepts integer ids below its limit and finds nothing outside it', () => {
  const table = new ObjectTable(2, 10);
  assert.equal([0, 9, 10, -1, 2.5, NaN].map((x) => table.accepts(x)), [true, true, false, false, false, false]);
  table.add(3, 1, 0);
  assert.equal([3, 10, 2 ** 40, 3.5].map((x) => table.lookup(x)), [0, NONE, NONE, NONE]);
  assert.ok(new ObjectTable(2).accepts(Number.MAX_SAFE_INTEGER));
});

test('each slot record keeps two link words for its policy, copied when the table grows', () => {
  const table = new ObjectTable(2);
  const a = table.add(5, 1, 7);
  const b = table.add(6, 2, 8);
  table.links[8 * a + 4] = 11;
  table.links[8 * b + 5] = 22;
  const before = table.links;
  table.grow();
  assert.ok(table.links !== before);
  assert.equal([table.links[8 * a + 4], table.links[8 * b + 5]], [11, 22]);
  // The link words share the record with id, expiry and size, and writing them touched neither.
  assert.equal([a, b].map((s) => [table.idOf(s), table.expiryOf(s), table.sizeOf(s)]), [[5, 7, 1], [6, 8, 2]]);
  table.checkInvariants();
});

test('bad slot counts and id limits are rejected', () => {
  assert.throws(() => new ObjectTable(0), /slots.*got 0/);
  assert.throws(() => new ObjectTable(1.5), /slots.*got 1\.5/);
  assert.throws(() => new ObjectTable(1, -1), /idLimit.*got -1/);
  assert.throws(() => new ObjectTable(1, 2 ** 31), /idLimit/);
});

test.run();
