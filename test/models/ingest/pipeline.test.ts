import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { addRegionLoss, NEVER, Pipeline, PublishResult, redundantPair } from '../../../models/ingest/pipeline.ts';
import { SEC, MS } from '../../../models/time.ts';

// D = 2 s, encode latency 1 s: segment n is published at 2n + 3 s (3, 5, 7, 9, 11, 13, 15, 17, ...).
const make = (skew = 0) => new Pipeline({ name: 'A', region: 0, encodeLatency: SEC, skew });
const out = new PublishResult();
const schedule = (p: Pipeline, upTo = 8) =>
  Array.from({ length: upTo }, (_, n) => {
    p.publishOf(n, out);
    return out.at === NEVER ? 'never' : `${out.at / SEC}${out.defective ? '!' : ''}`;
  });

test('with no fault, segment n is published at (n+1)·D + encodeLatency + skew', () => {
  assert.equal(schedule(make(), 4), ['3', '5', '7', '9']);
  assert.equal(schedule(make(100 * MS), 2), ['3.1', '5.1']);
  assert.is(make().nominalAt(0), 3 * SEC);
});

test('n < 0 and non-integers are never published', () => {
  const p = make();
  for (const n of [-1, 0.5, NaN, Infinity]) assert.is(p.publishOf(n, out).at, NEVER, String(n));
});

test('stall: segments due in [from, until) are skipped for good; output resumes after', () => {
  const p = make();
  p.addFault('stall', 10 * SEC, 16 * SEC);
  assert.equal(schedule(p), ['3', '5', '7', '9', 'never', 'never', 'never', '17']);
});

test('crash: nothing from `from` on; until Infinity is the rest of the event', () => {
  const p = make();
  p.addFault('crash', 10 * SEC, Infinity);
  assert.equal(schedule(p), ['3', '5', '7', '9', 'never', 'never', 'never', 'never']);
  assert.is(p.publishOf(1_000_000, out).at, NEVER);
});

test('defective: segments due in the window are published, marked defective', () => {
  const p = make();
  p.addFault('defective', 10 * SEC, 14 * SEC);
  assert.equal(schedule(p), ['3', '5', '7', '9', '11!', '13!', '15', '17']);
});

test('windows are half-open and matched on the skewed publish time', () => {
  const p = make(-1 * SEC); // publishes at 2, 4, 6, 8, 10, ...
  p.addFault('stall', 4 * SEC, 8 * SEC);
  assert.equal(schedule(p, 5), ['2', 'never', 'never', '8', '10']);
});

test('not producing wins over producing defective', () => {
  const p = make();
  p.addFault('defective', 0, 12 * SEC);
  p.addFault('stall', 8 * SEC, 10 * SEC);
  assert.equal(schedule(p, 6), ['3!', '5!', '7!', 'never', '11!', '13']);
});

test('region loss hits every pipeline in the region, and acts like a crash', () => {
  const [a, b] = redundantPair(SEC);
  const a2 = new Pipeline({ name: 'A2', region: 0, encodeLatency: SEC });
  assert.is(addRegionLoss([a, b, a2], 0, 10 * SEC, 14 * SEC), 2);
  assert.equal(schedule(a, 7), ['3', '5', '7', '9', 'never', 'never', '15']);
  assert.equal(schedule(a2, 7), schedule(a, 7));
  assert.equal(schedule(b, 7), ['3', '5', '7', '9', '11', '13', '15']);
  assert.equal(a.faults, [{ kind: 'regionLoss', from: 10 * SEC, until: 14 * SEC }]);
  assert.equal([a.region, b.region, a.name, b.name], [0, 1, 'A', 'B']);
});

test('unhealthy runs merge overlapping and touching windows', () => {
  const p = make();
  p.addFault('crash', 90, Infinity);
  p.addFault('defective', 60, 90);
  p.addFault('stall', 10, 20);
  p.addFault('stall', 15, 30);
  assert.equal(p.unhealthyRuns(), [[10, 30], [60, Infinity]]);
  assert.is(p.version, 4);
});

test('bad options and fault windows are errors that name the field', () => {
  assert.throws(() => make().addFault('stall', 10, 10), /from < until/);
  assert.throws(() => make().addFault('melt' as 'stall', 0, 1), /unknown fault kind "melt".*stall, crash/);
  assert.throws(() => new Pipeline({ name: 'X', region: 0, encodeLatency: -1 }), /encodeLatency/);
  assert.throws(() => new Pipeline({ name: 'X', region: 0, encodeLatency: 0, segmentDuration: 0 }), /segmentDuration/);
});

const windowArb = fc.record({
  kind: fc.constantFrom('stall', 'crash', 'defective', 'regionLoss' as const),
  from: fc.integer({ min: 0, max: 60 }).map((s) => s * SEC),
  len: fc.oneof(fc.integer({ min: 1, max: 20 }).map((s) => s * SEC), fc.constant(Infinity)),
});

test('property: published good iff no window covers the publish time; never iff a non-defective one does', () => {
  fc.assert(
    fc.property(fc.array(windowArb, { maxLength: 5 }), fc.integer({ min: -500, max: 500 }), fc.integer({ min: 0, max: 40 }), (ws, skewMs, n) => {
      const p = make(skewMs * MS);
      for (const w of ws) p.addFault(w.kind, w.from, w.from + w.len);
      const t = p.nominalAt(n);
      const covering = ws.filter((w) => t >= w.from && t < w.from + w.len);
      p.publishOf(n, out);
      if (covering.some((w) => w.kind !== 'defective')) return out.at === NEVER && !out.defective;
      return out.at === t && out.defective === covering.length > 0 && p.healthyAt(t) === !out.defective;
    }),
    { numRuns: 500 },
  );
});

test.run();
