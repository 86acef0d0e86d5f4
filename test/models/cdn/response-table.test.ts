import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

test.run();
