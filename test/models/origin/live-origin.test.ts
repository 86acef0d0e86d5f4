import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { AUTO, LiveOrigin, OriginResponse, type LiveOriginOptions } from '../../../models/origin/live-origin.ts';
import { DVR, LIVE_EDGE } from '../../../models/origin/throttle.ts';
import { NEVER } from '../../../models/ingest/pipeline.ts';
import { MS, SEC } from '../../../models/time.ts';

// D = 2 s, publishLatency 1 s: segment n is expected at 2n + 3 s; the live edge at t is floor((t - 1 s) / 2 s) - 1.
const make = (o: Partial<LiveOriginOptions> = {}) =>
  new LiveOrigin({ segments: 100, renditions: 2, publishLatency: SEC, readRps: 1e6, publishRps: 1e6, ...o });
const res = new OriginResponse();
const ask = (o: LiveOrigin, n: number, r: number, now: number, count = 1, priority = AUTO) => ({ ...o.request(n, r, priority, count, now, res) });
const counters = (o: LiveOrigin) => ({
  requests: o.requests, s200: o.status200, s404: o.status404, s410: o.status410, s503: o.status503, held: o.held,
  backendReads: o.backendReads, live: o.requestsLiveEdge, dvr: o.requestsDvr, shedLive: o.shedLiveEdge, shedDvr: o.shedDvr,
});

test('the template: expected publish time and live edge', () => {
  const o = make();
  assert.is(o.expectedAt(0), 3 * SEC);
  assert.is(o.expectedAt(5), 13 * SEC);
  assert.equal([0, 3 * SEC - 1, 3 * SEC, 10 * SEC].map((t) => o.liveEdgeAt(t)), [-2, -1, 0, 3]);
});

test('200: a published good segment, from the read cache when written through', () => {
  const o = make();
  assert.is(o.publish(0, 0, 0, false, 3 * SEC), 3 * SEC);
  const r = ask(o, 0, 0, 3 * SEC + 1);
  assert.equal([r.ok, r.pipeline, r.backendRead, r.latency], [1, 0, 0, MS]);
  assert.equal([o.segmentsPublished, o.segmentsDefective, o.backendReads], [1, 0, 0]);
});

test('200 on a miss: one backend read per miss, not per count, then cached', () => {
  const o = make({ writeThrough: false });
  o.publish(0, 1, 1, false, 3 * SEC);
  const r = ask(o, 0, 1, 4 * SEC, 1000);
  assert.equal([r.ok, r.pipeline, r.backendRead, r.latency], [1000, 1, 1, 10 * MS]);
  assert.is(ask(o, 0, 1, 5 * SEC, 1000).backendRead, 0);
  assert.equal([o.backendReads, o.status200], [1, 2000]);
});

test('the active pipeline\'s good candidate is preferred; a defective one is never served', () => {
  let active = 1;
  const o = make({ active: { activeAt: () => active } });
  o.publish(0, 0, 0, false, 3 * SEC);
  o.publish(0, 0, 1, false, 3 * SEC);
  assert.is(ask(o, 0, 0, 4 * SEC).pipeline, 1);
  active = 0;
  assert.is(ask(o, 0, 0, 4 * SEC).pipeline, 0);
  o.publish(1, 0, 0, true, 5 * SEC);
  o.publish(1, 0, 1, false, 5 * SEC);
  assert.is(ask(o, 1, 0, 6 * SEC).pipeline, 1);
  assert.equal([o.segmentsPublished, o.segmentsDefective, o.segmentsServedDefective], [4, 1, 0]);
});

test('404 with a TTL ending exactly at the expected publish time; the cached 404 costs no second read', () => {
  const o = make({ maxHold: 0 });
  const first = ask(o, 5, 0, 10 * SEC, 3);
  assert.equal([first.notFound, first.ttl, first.backendRead], [3, 3 * SEC, 1]);
  const second = ask(o, 5, 0, 11 * SEC);
  assert.equal([second.notFound, second.ttl, second.backendRead], [1, 2 * SEC, 0]);
  o.publish(5, 0, 0, false, 13 * SEC);
  const third = ask(o, 5, 0, 13 * SEC);
  assert.equal([third.ok, third.backendRead], [1, 0]);
  assert.equal([o.status404, o.status200, o.backendReads], [4, 1, 1]);
});

test('hold: near the live edge and within maxHold, held until the expected publish time', () => {
  const o = make();
  const held = ask(o, 5, 0, 12.5 * SEC, 4);
  assert.equal([held.held, held.holdUntil, held.notFound, held.backendRead], [4, 13 * SEC, 0, 0]);
  assert.equal([ask(o, 5, 0, 11 * SEC).notFound, ask(o, 5, 0, 11 * SEC).ttl], [1, 2 * SEC], 'more than maxHold away');
  const far = ask(o, 7, 0, 16.5 * SEC); // live edge 6, holdAhead 2: segment 7 may be held...
  assert.equal([far.held, far.holdUntil], [1, 17 * SEC]);
  const tooFar = ask(make({ holdAhead: 0, maxHold: 10 * SEC }), 7, 0, 14.5 * SEC); // ...not with holdAhead 0
  assert.equal([tooFar.notFound, tooFar.ttl], [1, 2.5 * SEC]);
  assert.is(o.held, 5);
});

test('a late segment is re-expected on the lateRetry grid, then 410 once lateLimit has passed', () => {
  const o = make({ maxHold: 0 });
  const late = ask(o, 5, 0, 14.2 * SEC); // expected at 13 s
  assert.equal([late.notFound, late.ttl], [1, 0.3 * SEC]);
  assert.equal([ask(o, 5, 0, 14.3 * SEC).backendRead, ask(o, 5, 0, 14.5 * SEC).backendRead], [0, 1], 'one read per grid cell');
  assert.equal([ask(o, 5, 0, 17 * SEC).ttl, ask(o, 5, 0, 17 * SEC + 1).gone], [0.5 * SEC, 1]);
});

test('410 for segments that will never exist', () => {
  const o = make();
  assert.equal([ask(o, -1, 0, 0).gone, ask(o, 100, 0, 0).gone, o.backendReads], [1, 1, 0], 'outside the event: from the template');
  o.publish(4, 0, 0, false, 11 * SEC); // both pipelines skipped segment 3 (a stall on every pipeline)
  o.publish(4, 0, 1, false, 11 * SEC);
  const r = ask(o, 3, 0, 11 * SEC, 7);
  assert.equal([r.gone, r.backendRead], [7, 1]);
  assert.equal([ask(o, 3, 0, 12 * SEC).backendRead, ask(o, 3, 1, 12 * SEC).held], [0, 1], 'cached; rendition 1 still expected');
  assert.is(o.status410, 10);
});

test('only defective copies: not served; 404 while a good one can come, 410 once none can', () => {
  const o = make({ maxHold: 0 });
  o.publish(3, 0, 0, true, 9 * SEC);
  const wait = ask(o, 3, 0, 9.2 * SEC);
  assert.equal([wait.ok, wait.notFound, wait.ttl], [0, 1, 0.3 * SEC]);
  o.publish(3, 0, 1, true, 9.3 * SEC);
  assert.is(ask(o, 3, 0, 9.4 * SEC).gone, 1);
  assert.is(o.segmentsServedDefective, 0);
  o.publish(3, 1, 0, true, 9 * SEC);
  o.publish(3, 1, 1, false, 9.5 * SEC);
  const good = ask(o, 3, 1, 9.5 * SEC);
  assert.equal([good.ok, good.pipeline], [1, 1]);
});

test('a publish delayed by the publish window: the 404 TTL ends when it becomes readable', () => {
  const o = make({ publishRps: 1, maxHold: 0 });
  assert.is(o.publish(0, 0, 0, false, 3 * SEC), 3 * SEC);
  assert.is(o.publish(1, 0, 0, false, 3.1 * SEC), 4 * SEC); // early (skew), but the window is full
  o.publish(1, 0, 1, false, 4.5 * SEC); // B lands at 5 s
  const r = ask(o, 1, 0, 3.5 * SEC);
  assert.equal([r.notFound, r.ttl], [1, 0.5 * SEC]);
  assert.equal([ask(o, 1, 0, 4 * SEC).ok, o.publishDelayed], [1, 2]);
});

test('throttling sheds dvr before liveEdge, with 503 maxAge; publishes are not affected', () => {
  const o = make({ readRps: 10, liveReserve: 0.2, publishRps: 5 });
  const t = 100 * SEC; // live edge 48
  const dvr = ask(o, 1, 0, t, 20);
  assert.equal([dvr.priority, dvr.unavailable, dvr.maxAge], [DVR, 12, 1]);
  const live = ask(o, 48, 0, t, 5);
  assert.equal([live.priority, live.unavailable, live.held + live.notFound + live.ok + live.gone], [LIVE_EDGE, 3, 2]);
  assert.equal([o.shedDvr, o.shedLiveEdge, o.status503], [12, 3, 15]);
  for (let r = 0; r < 2; r++) for (let p = 0; p < 2; p++) assert.is(o.publish(49, r, p, false, t + 500 * MS), t + 500 * MS);
  assert.is(o.publishDelayed, 0);
  assert.is(ask(o, 49, 0, t + 600 * MS).unavailable, 1, 'and reads stay throttled');
});

test('heavy publishing leaves read capacity alone', () => {
  const o = make({ readRps: 10, publishRps: 2 });
  for (let n = 0; n < 40; n++) o.publish(n, 0, 0, false, 100 * SEC);
  assert.is(o.publishDelayed, 38);
  assert.is(ask(o, 48, 0, 100 * SEC, 10).unavailable, 0);
});

test('AUTO classifies by distance behind the live edge', () => {
  const o = make({ dvrAfter: 3 });
  const t = 100 * SEC; // live edge 48
  assert.equal([44, 45, 48, 60].map((n) => ask(o, n, 0, t).priority), [DVR, LIVE_EDGE, LIVE_EDGE, LIVE_EDGE]);
  assert.is(ask(o, 48, 0, t, 1, DVR).priority, DVR, 'an explicit class is taken as given');
});

test('faults: down is 503 everywhere and drops publishes; degraded scales capacity; slow adds latency', () => {
  const o = make({ readRps: 10 });
  o.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  const down = ask(o, 0, 0, 10 * SEC, 3);
  assert.equal([down.unavailable, down.maxAge], [3, 5]);
  assert.is(o.publish(0, 0, 0, false, 10 * SEC), NEVER);
  assert.is(o.publishLost, 1);
  o.setFaults([{ kind: 'degraded', factor: 0.5, latency: 0 }, { kind: 'slow', factor: 1, latency: 50 * MS }]);
  o.publish(0, 0, 0, false, 11 * SEC);
  const slow = ask(o, 0, 0, 11 * SEC, 8, LIVE_EDGE);
  assert.equal([slow.ok, slow.unavailable, slow.latency], [5, 3, 51 * MS]);
  o.setFaults([]);
  assert.is(ask(o, 0, 0, 12 * SEC, 10, LIVE_EDGE).ok, 10);
});

test('bad arguments are errors', () => {
  const o = make();
  assert.throws(() => ask(o, 0, 2, 0), /rendition 2 outside 0..1/);
  assert.throws(() => ask(o, 0.5, 0, 0), /segment must be an integer/);
  assert.throws(() => ask(o, 0, 0, 0, -1), /count/);
  assert.throws(() => o.publish(100, 0, 0, false, 0), /segment 100/);
});

test('property: no 404 TTL extends beyond the expected publish time', () => {
  const reqArb = fc.record({ n: fc.integer({ min: 0, max: 19 }), r: fc.integer({ min: 0, max: 1 }), at: fc.integer({ min: 0, max: 50_000 }) });
  const pubArb = fc.record({ n: fc.integer({ min: 0, max: 19 }), r: fc.integer({ min: 0, max: 1 }), p: fc.integer({ min: 0, max: 1 }), skew: fc.integer({ min: -500, max: 3000 }), defective: fc.boolean() });
  fc.assert(
    fc.property(fc.array(reqArb, { maxLength: 40 }), fc.array(pubArb, { maxLength: 30 }), fc.integer({ min: 0, max: 2000 }), (reqs, pubs, maxHoldMs) => {
      const o = make({ segments: 20, maxHold: maxHoldMs * MS });
      type Ev = { at: number; pub?: (typeof pubs)[number]; req?: (typeof reqs)[number] };
      const evs: Ev[] = [
        ...pubs.map((p) => ({ at: o.expectedAt(p.n) + p.skew * MS, pub: p })),
        ...reqs.map((q) => ({ at: q.at * MS, req: q })),
      ].sort((a, b) => a.at - b.at);
      for (const e of evs) {
        if (e.pub) o.publish(e.pub.n, e.pub.r, e.pub.p, e.pub.defective, e.at);
        else if (e.req) {
          const r = o.request(e.req.n, e.req.r, AUTO, 1, e.at, res);
          if (r.held && !(r.holdUntil > e.at && r.holdUntil - e.at <= maxHoldMs * MS)) return false;
          if (!r.notFound) continue;
          const expected = o.expectedAt(e.req.n);
          if (!(r.ttl > 0)) return false;
          if (e.at < expected ? e.at + r.ttl > expected : r.ttl > 500 * MS) return false;
        }
      }
      return o.segmentsServedDefective === 0;
    }),
    { numRuns: 300 },
  );
});

test('property: a 404 storm costs at most one backend read per (n, r) per TTL', () => {
  const reqArb = fc.record({ n: fc.integer({ min: 10, max: 12 }), r: fc.integer({ min: 0, max: 1 }), at: fc.integer({ min: 0, max: 27_000 }), count: fc.integer({ min: 1, max: 1000 }) });
  fc.assert(
    fc.property(fc.array(reqArb, { minLength: 1, maxLength: 200 }), (reqs) => {
      const o = make({ maxHold: 0 });
      const windows = new Set<string>();
      const ids = new Set<string>();
      for (const q of [...reqs].sort((a, b) => a.at - b.at)) {
        const now = q.at * MS;
        const r = o.request(q.n, q.r, AUTO, q.count, now, res);
        if (r.notFound !== q.count) return false;
        const expected = o.expectedAt(q.n);
        // One TTL before the expected time; on the 500 ms late grid after it.
        windows.add(`${q.n}/${q.r}/${now < expected ? 'early' : Math.floor(now / (500 * MS))}`);
        ids.add(`${q.n}/${q.r}`);
      }
      return o.backendReads <= windows.size && o.backendReads >= ids.size;
    }),
    { numRuns: 200 },
  );
});

test('property: a weighted request of count k equals k single requests in outcome totals', () => {
  const step = fc.record({
    n: fc.integer({ min: -1, max: 20 }), r: fc.integer({ min: 0, max: 1 }), count: fc.integer({ min: 0, max: 6 }),
    priority: fc.constantFrom(AUTO, LIVE_EDGE, DVR), dt: fc.integer({ min: 0, max: 700 }),
    publish: fc.option(fc.record({ p: fc.integer({ min: 0, max: 1 }), defective: fc.boolean() }), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 1500 }), (steps, readRps, maxHoldMs) => {
      const opts = { segments: 20, readRps, maxHold: maxHoldMs * MS, cacheObjects: 8, writeThrough: readRps % 2 === 0 };
      const w = make(opts);
      const s = make(opts);
      const totW = [0, 0, 0, 0, 0];
      const totS = [0, 0, 0, 0, 0];
      const add = (t: number[], x: OriginResponse) => {
        t[0] += x.ok; t[1] += x.notFound; t[2] += x.gone; t[3] += x.unavailable; t[4] += x.held;
      };
      let now = 0;
      for (const st of steps) {
        now += st.dt * MS;
        if (st.publish && st.n >= 0 && st.n < 20) {
          w.publish(st.n, st.r, st.publish.p, st.publish.defective, now);
          s.publish(st.n, st.r, st.publish.p, st.publish.defective, now);
        }
        add(totW, w.request(st.n, st.r, st.priority, st.count, now, res));
        for (let i = 0; i < st.count; i++) add(totS, s.request(st.n, st.r, st.priority, 1, now, res));
      }
      assert.equal(totW, totS);
      assert.equal(counters(w), counters(s));
      assert.is(w.requests, w.status200 + w.status404 + w.status410 + w.status503 + w.held, 'every request has one outcome');
      w.cache.checkInvariants();
    }),
    { numRuns: 300 },
  );
});

test.run();
