import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SegmentIndex } from '../../../models/origin/segment-index.ts';
import { NEVER } from '../../../models/ingest/pipeline.ts';

test('candidates of one (n, r) are adjacent: (n·R + r)·P + p', () => {
  const ix = new SegmentIndex(10, 3, 2);
  assert.is(ix.base(0, 0), 0);
  assert.is(ix.base(0, 1), 2);
  assert.is(ix.base(1, 0), 6);
  assert.is(ix.times.length, 60);
});

test('unpublished candidates read NEVER; a record keeps time and defect state; the first publish wins', () => {
  const ix = new SegmentIndex(10, 3, 2);
  assert.is(ix.publishedAt(4, 2, 1), NEVER);
  assert.ok(ix.record(4, 2, 1, 1234, true));
  assert.is(ix.publishedAt(4, 2, 1), 1234);
  assert.ok(ix.defective(4, 2, 1));
  assert.not.ok(ix.record(4, 2, 1, 99, false));
  assert.is(ix.publishedAt(4, 2, 1), 1234);
  assert.ok(ix.defective(4, 2, 1));
  assert.is(ix.publishedAt(4, 2, 0), NEVER, 'the other pipeline is untouched');
});

test('skipped: a pipeline that published a later segment of the rendition will never publish this one', () => {
  const ix = new SegmentIndex(10, 2, 2);
  ix.record(3, 0, 0, 1, false);
  ix.record(5, 0, 0, 2, false);
  assert.equal([2, 3, 4, 5, 6].map((n) => ix.skipped(n, 0, 0)), [true, false, true, false, false]);
  assert.not.ok(ix.skipped(2, 1, 0), 'per rendition');
  assert.not.ok(ix.skipped(2, 0, 1), 'per pipeline');
  assert.is(ix.highestOf(0, 0), 5);
  assert.is(ix.highestOf(1, 0), -1);
});

test('out-of-range records and sizes are errors', () => {
  const ix = new SegmentIndex(10, 2, 2);
  assert.throws(() => ix.record(10, 0, 0, 1, false), /segment 10 outside 0..9/);
  assert.throws(() => ix.record(0, 2, 0, 1, false), /rendition 2/);
  assert.throws(() => ix.record(0, 0, -1, 1, false), /pipeline -1/);
  assert.throws(() => new SegmentIndex(0, 1, 1), /segments must be a positive integer/);
});

test.run();
