import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { NO_SLOT, ResponseTable } from '../../../models/cdn/response-table.ts';

test('an answer is found while fresh, not from its expiry on', () => {
  const t = new ResponseTable(8);
  t.record(5, 404, 100);
  const s = t.find(5, 99);
  assert.ok(s !== NO_SLOT);
  assert.equal([t.status(s), t.expiry(s)], [404, 100]);
  assert.is(t.find(5, 100), NO_SLOT);
  assert.is(t.find(6, 0), NO_SLOT);
});

test('direct-mapped: the last `slots` dense ids coexist; an id `slots` later overwrites', () => {
  const t = new ResponseTable(5); // rounds to 8
  assert.is(t.slots, 8);
  for (let id = 10; id < 18; id++) t.record(id, 404, 1_000);
  for (let id = 10; id < 18; id++) assert.ok(t.find(id, 0) !== NO_SLOT, String(id));
  t.record(18, 410, 1_000);
  assert.is(t.find(10, 0), NO_SLOT);
  assert.is(t.status(t.find(18, 0)), 410);
});

test('forget removes only the id asked for', () => {
  const t = new ResponseTable(4);
  t.record(1, 404, 10);
  t.forget(5); // same slot, other id
  assert.ok(t.find(1, 0) !== NO_SLOT);
  t.forget(1);
  assert.is(t.find(1, 0), NO_SLOT);
});

// The table against a plain model of what it promises: each slot remembers the last id recorded into
// it (direct-mapped by the id's low bits) until forgotten, and find answers while now < expiry. Times
// go back and forth and expiries come in any order, so the early exit once every answer is stale
// (the latest expiry recorded) is checked against answers recorded with earlier expiries after it.
test('matches a model of direct-mapped answers under any mix of record, forget and find', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('record' as const), id: fc.nat(40), status: fc.constantFrom(404, 410), expiry: fc.nat(200) }),
    fc.record({ kind: fc.constant('forget' as const), id: fc.nat(40) }),
    fc.record({ kind: fc.constant('find' as const), id: fc.nat(40), now: fc.nat(220) }),
  );
  fc.assert(
    fc.property(fc.constantFrom(1, 4, 16), fc.array(op, { maxLength: 80 }), (slots, ops) => {
      const t = new ResponseTable(slots);
      const model = new Map<number, { id: number; status: number; expiry: number }>();
      for (const o of ops) {
        const slot = o.id % slots;
        if (o.kind === 'record') {
          t.record(o.id, o.status, o.expiry);
          model.set(slot, { id: o.id, status: o.status, expiry: o.expiry });
        } else if (o.kind === 'forget') {
          t.forget(o.id);
          if (model.get(slot)?.id === o.id) model.delete(slot);
        } else {
          const m = model.get(slot);
          const s = t.find(o.id, o.now);
          if (m !== undefined && m.id === o.id && o.now < m.expiry) {
            assert.ok(s !== NO_SLOT, `id ${o.id} at ${o.now}`);
            assert.equal([t.status(s), t.expiry(s)], [m.status, m.expiry]);
          } else assert.is(s, NO_SLOT, `id ${o.id} at ${o.now}`);
        }
      }
    }),
    { numRuns: 500 },
  );
});

test.run();
