import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Failover, FAILOVER_DELAYS } from '../../../models/ingest/failover.ts';
import { redundantPair, type Pipeline } from '../../../models/ingest/pipeline.ts';
import { SEC } from '../../../models/time.ts';

const pair = () => redundantPair(SEC);

test('default delays: automatic detection 6 s, an operator 10 s', () => {
  assert.equal(FAILOVER_DELAYS, { automatic: 6 * SEC, operator: 10 * SEC });
  assert.is(new Failover(pair()).failoverDelay, 6 * SEC);
  assert.is(new Failover(pair(), { mode: 'operator' }).failoverDelay, 10 * SEC);
});

test('no fault: A stays active, no failover', () => {
  const f = new Failover(pair());
  assert.equal(f.events, []);
  assert.is(f.activeAt(0), 0);
  assert.is(f.activeAt(1e12), 0);
});

test('a crash of A fails over to B exactly failoverDelay later', () => {
  for (const mode of ['automatic', 'operator'] as const) {
    const [a, b] = pair();
    a.addFault('crash', 100 * SEC, Infinity);
    const f = new Failover([a, b], { mode });
    const at = 100 * SEC + FAILOVER_DELAYS[mode];
    assert.equal(f.events, [{ at, from: 0, to: 1 }], mode);
    assert.is(f.activeAt(at - 1), 0, mode);
    assert.is(f.activeAt(at), 1, mode);
  }
});

test('a stall and defective output fail over too; a custom delay is honoured', () => {
  for (const kind of ['stall', 'defective', 'regionLoss'] as const) {
    const [a, b] = pair();
    a.addFault(kind, 50 * SEC, 80 * SEC);
    assert.equal(new Failover([a, b], { failoverDelay: 3 * SEC }).events, [{ at: 53 * SEC, from: 0, to: 1 }], kind);
  }
});

test('a fault shorter than the delay is not detected: no failover', () => {
  const [a, b] = pair();
  a.addFault('stall', 50 * SEC, 56 * SEC - 1);
  assert.equal(new Failover([a, b]).events, []);
});

test('defective then crashed (the encoder-failover preset) fails over once, at the first defect + delay', () => {
  const [a, b] = pair();
  a.addFault('defective', 60 * SEC, 90 * SEC);
  a.addFault('crash', 90 * SEC, Infinity);
  assert.equal(new Failover([a, b]).events, [{ at: 66 * SEC, from: 0, to: 1 }]);
});

test('no switch back on recovery; a later failure of B fails back to A', () => {
  const [a, b] = pair();
  a.addFault('crash', 10 * SEC, 30 * SEC);
  b.addFault('crash', 100 * SEC, Infinity);
  const f = new Failover([a, b]);
  assert.equal(f.events, [{ at: 16 * SEC, from: 0, to: 1 }, { at: 106 * SEC, from: 1, to: 0 }]);
  assert.is(f.activeAt(50 * SEC), 1);
  assert.is(f.countIn(0, 60 * SEC), 1);
  assert.is(f.countIn(0, 106 * SEC), 1);
  assert.is(f.countIn(0, 106 * SEC + 1), 2);
});

test('the standby unhealthy at detection: switch when it recovers, unless the active recovers first', () => {
  const [a, b] = pair();
  a.addFault('crash', 10 * SEC, 40 * SEC);
  b.addFault('stall', 0, 20 * SEC);
  assert.equal(new Failover([a, b]).events, [{ at: 20 * SEC, from: 0, to: 1 }]);
  const [c, d] = pair();
  c.addFault('crash', 10 * SEC, 40 * SEC);
  d.addFault('stall', 0, 50 * SEC);
  assert.equal(new Failover([c, d]).events, []);
});

test('faults added after a query are taken into account', () => {
  const [a, b] = pair();
  const f = new Failover([a, b]);
  assert.equal(f.events, []);
  a.addFault('crash', 0, Infinity);
  assert.is(f.activeAt(6 * SEC), 1);
});

test('bad options are errors', () => {
  assert.throws(() => new Failover([]), /at least one/);
  assert.throws(() => new Failover(pair(), { initial: 2 }), /initial/);
  assert.throws(() => new Failover(pair(), { failoverDelay: -1 }), /failoverDelay/);
});

const windowArb = fc.record({
  kind: fc.constantFrom('stall', 'crash', 'defective', 'regionLoss' as const),
  from: fc.integer({ min: 0, max: 100 }).map((s) => s * SEC),
  len: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 30 }).map((s) => s * SEC) }, { weight: 1, arbitrary: fc.constant(Infinity) }),
});

/** Whether p is unhealthy throughout [from, to]. */
const downThroughout = (p: Pipeline, from: number, to: number) => p.unhealthyRuns().some(([f, u]) => f <= from && u > to);

test('property: every switch is to a healthy pipeline from one down for the whole delay, and none is missed', () => {
  fc.assert(
    fc.property(fc.array(windowArb, { maxLength: 4 }), fc.array(windowArb, { maxLength: 4 }), fc.integer({ min: 0, max: 10 }), (wa, wb, delayS) => {
      const ps = pair();
      for (const w of wa) ps[0].addFault(w.kind, w.from, w.from + w.len);
      for (const w of wb) ps[1].addFault(w.kind, w.from, w.from + w.len);
      const delay = delayS * SEC;
      const f = new Failover(ps, { failoverDelay: delay });
      let active = 0;
      for (const e of f.events) {
        if (e.from !== active || e.to === e.from) return false;
        if (!ps[e.to].healthyAt(e.at) || !downThroughout(ps[e.from], e.at - delay, e.at)) return false;
        active = e.to;
      }
      // Not missed: at no second is the active pipeline down for the whole delay while the other is healthy.
      for (let t = 0; t <= 200 * SEC; t += SEC) {
        const a = f.activeAt(t);
        if (downThroughout(ps[a], t - delay, t) && ps[1 - a].healthyAt(t)) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
});

test.run();
