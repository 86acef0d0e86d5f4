import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { DVR, LIVE_EDGE, PublishThrottle, ReadThrottle } from '../../../models/origin/throttle.ts';
import { MS, SEC } from '../../../models/time.ts';

test('dvr may use 1 - liveReserve of the window; liveEdge the rest', () => {
  const t = new ReadThrottle(10, 0.2);
  assert.is(t.admit(DVR, 20, 0), 8);
  assert.is(t.admit(DVR, 1, 1), 0);
  assert.is(t.admit(LIVE_EDGE, 5, 2), 2);
  assert.is(t.admit(LIVE_EDGE, 1, 3), 0);
  assert.is(t.admit(DVR, 20, SEC), 8, 'a new second, a new window');
});

test('liveEdge first leaves dvr only what is left under its share', () => {
  const t = new ReadThrottle(10, 0.2);
  assert.is(t.admit(LIVE_EDGE, 5, 0), 5);
  assert.is(t.admit(DVR, 20, 0), 3);
  assert.is(t.admit(LIVE_EDGE, 5, 0), 2);
});

test('degraded capacity scales, rounded down to whole requests', () => {
  const t = new ReadThrottle(10, 0.2);
  t.setFactor(0.55);
  assert.is(t.admit(LIVE_EDGE, 100, 0), 5);
  assert.is(t.admit(DVR, 100, SEC), 4);
});

test('property: a request of count k admits what k single requests would', () => {
  const req = fc.record({ dvr: fc.boolean(), count: fc.integer({ min: 0, max: 7 }), dt: fc.integer({ min: 0, max: 400 }) });
  fc.assert(
    fc.property(fc.array(req, { maxLength: 30 }), fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (reqs, rps, reserve) => {
      const weighted = new ReadThrottle(rps, reserve);
      const single = new ReadThrottle(rps, reserve);
      let now = 0;
      for (const r of reqs) {
        now += r.dt * MS;
        const cls = r.dvr ? DVR : LIVE_EDGE;
        let ones = 0;
        for (let i = 0; i < r.count; i++) ones += single.admit(cls, 1, now);
        if (weighted.admit(cls, r.count, now) !== ones) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
});

test('publishes over capacity are delayed to the next second with room, in order, never lost', () => {
  const t = new PublishThrottle(2);
  assert.equal([0, 0, 0].map((at) => t.schedule(at)), [0, 0, SEC]);
  assert.is(t.schedule(500 * MS), SEC, 'the backlog window still has one token');
  assert.is(t.schedule(600 * MS), 2 * SEC);
  assert.is(t.schedule(5 * SEC + 1), 5 * SEC + 1, 'the backlog has drained');
  t.setFactor(0);
  assert.equal([6 * SEC, 6 * SEC].map((at) => t.schedule(at)), [6 * SEC, 7 * SEC], 'at least one per second');
});

test.run();
