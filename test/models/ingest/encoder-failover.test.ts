/**
 * The encoder-failover preset end to end through the models: pipeline A publishes defective segments
 * from t1 to t2 and crashes at t2; B is healthy. Every segment stays available (from B where A failed),
 * the switch happens failoverDelay after the first defect, and nothing defective is ever served.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Failover } from '../../../models/ingest/failover.ts';
import { NEVER, PublishResult, redundantPair } from '../../../models/ingest/pipeline.ts';
import { AUTO, LiveOrigin, OriginResponse } from '../../../models/origin/live-origin.ts';
import { MS, SEC } from '../../../models/time.ts';

const SEGMENTS = 150; // 300 s
const R = 3;
const t1 = 60 * SEC;
const t2 = 90 * SEC;

function run() {
  const [a, b] = redundantPair(SEC);
  a.addFault('defective', t1, t2);
  a.addFault('crash', t2, Infinity);
  const failover = new Failover([a, b]);
  const origin = new LiveOrigin({
    segments: SEGMENTS, renditions: R, publishLatency: SEC, readRps: 1e6, publishRps: 1e6, maxHold: 0, active: failover,
  });
  // Publishes and requests in time order: B publishes 200 ms after A (pipelines are not frame-aligned),
  // and viewers ask for each segment 100 ms after A's publish, i.e. in the gap when only A's copy exists.
  type Ev = { at: number; kind: 0 | 1; n: number; p: number; defective: boolean };
  const evs: Ev[] = [];
  const pub = new PublishResult();
  for (let n = 0; n < SEGMENTS; n++) {
    for (const [p, pipeline] of [a, b].entries()) {
      pipeline.publishOf(n, pub);
      if (pub.at !== NEVER) evs.push({ at: pub.at + p * 200 * MS, kind: 0, n, p, defective: pub.defective });
    }
    evs.push({ at: a.nominalAt(n) + 100 * MS, kind: 1, n, p: -1, defective: false });
  }
  evs.sort((x, y) => x.at - y.at || x.kind - y.kind);
  const res = new OriginResponse();
  const servedBy = new Int8Array(SEGMENTS).fill(-1);
  for (const e of evs) {
    if (e.kind === 0) origin.publish(e.n, 0, e.p, e.defective, e.at);
    if (e.kind === 0) for (let r = 1; r < R; r++) origin.publish(e.n, r, e.p, e.defective, e.at);
    else {
      origin.request(e.n, 0, AUTO, 1000, e.at, res);
      if (res.ok) servedBy[e.n] = res.pipeline;
    }
  }
  return { a, origin, failover, servedBy, res };
}

test('one failover, failoverDelay after the first defect', () => {
  const { failover } = run();
  assert.equal(failover.events, [{ at: t1 + 6 * SEC, from: 0, to: 1 }]);
});

test('at the live edge: A serves before the defects, B where A is defective or gone; nothing defective', () => {
  const { a, origin, servedBy } = run();
  for (let n = 0; n < SEGMENTS; n++) {
    const publishedByA = a.nominalAt(n);
    const expected = publishedByA < t1 ? 0 : -1; // in the 100 ms gap only A's copy exists: good before t1, else none
    assert.is(servedBy[n], expected, `segment ${n}`);
  }
  assert.is(origin.segmentsServedDefective, 0);
  assert.is(origin.segmentsDefective, 15 * R); // A's publishes in [60 s, 90 s): 15 segments
  assert.is(origin.status200 + origin.status404, SEGMENTS * 1000);
});

test('afterwards every segment of every rendition is available, from B wherever A was defective or crashed', () => {
  const { a, origin } = run();
  const res = new OriginResponse();
  const end = 400 * SEC;
  for (let n = 0; n < SEGMENTS; n++) {
    for (let r = 0; r < R; r++) {
      origin.request(n, r, AUTO, 1, end, res);
      assert.is(res.ok, 1, `segment ${n}/${r}`);
      if (a.nominalAt(n) >= t1) assert.is(res.pipeline, 1, `segment ${n}/${r}`);
    }
  }
  assert.is(origin.segmentsServedDefective, 0);
});

test.run();
