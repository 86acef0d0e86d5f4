import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { GONE, NOT_FOUND, OK, UNAVAILABLE } from '../../../models/cdn/delivery.ts';
import { cachePolicyNames } from '../../../models/edge/cache/registry.ts';
import { MS, SEC } from '../../../models/time.ts';
import { bytesOf, Harness, siteOptions, type Delivery } from './_harness.ts';

const R = 6;
const idOf = (segment: number, r: number): number => segment * R + r;

test('two tiers on a fixed case: one origin fetch, one fill per sibling edge, exact times and bytes', () => {
  const h = new Harness(siteOptions());
  const s = h.site;
  const obj = idOf(10, 4); // 10 Mbps rendition: 2.5 MB; its fill node is edge 4 % 3 = 1
  const bytes = bytesOf(4);
  s.request(0, obj, 4, bytes, 5, 1, SEC);
  s.request(1, obj, 4, bytes, 3, 2, SEC);
  s.request(2, obj, 4, bytes, 1, 3, SEC);
  s.request(0, obj, 4, bytes, 2, 4, SEC);
  assert.equal(h.fetches, [{ site: 3, objectId: obj, rendition: 4, now: SEC }]);
  assert.equal(h.deliveries, []);
  assert.equal([s.misses, s.collapsed, s.fillFetches, s.fillCollapsed], [6, 5, 2, 1]);

  // Leaves the origin at 1.05 s; 20 Mbit over 1 Gbps is 20 ms, plus 10 ms: lands at 1.08 s.
  s.originReply(obj, OK, Infinity, bytes, 1_050 * MS);
  const landed = 1_080 * MS;
  assert.equal(h.deliveries, [
    { tag: 1, count: 5, status: OK, readyAt: landed + 200, edge: 0 },
    { tag: 4, count: 2, status: OK, readyAt: landed + 200, edge: 0 },
    { tag: 2, count: 3, status: OK, readyAt: landed, edge: 1 },
    { tag: 3, count: 1, status: OK, readyAt: landed + 200, edge: 2 },
  ]);
  assert.equal([s.bytesBackbone, s.bytesFill, s.bytesEdge], [bytes, 2 * bytes, 11 * bytes]);

  // Before it lands, a newcomer is answered when it lands, not earlier; after, it is a hit.
  let mark = h.deliveries.length;
  s.request(2, obj, 4, bytes, 1, 5, 1_060 * MS);
  assert.equal(h.since(mark), [{ tag: 5, count: 1, status: OK, readyAt: landed + 200, edge: 2 }]);
  mark = h.deliveries.length;
  s.request(2, obj, 4, bytes, 4, 6, 1_100 * MS);
  assert.equal(h.since(mark), [{ tag: 6, count: 4, status: OK, readyAt: 1_100 * MS, edge: 2 }]);
  assert.equal([s.requests, s.hits, s.collapsed, s.misses], [16, 4, 6, 6]);
  assert.is(h.fetches.length, 1);
  s.checkInvariants();
});

test('a sibling that misses later fills from the fill node without going to the origin', () => {
  const h = new Harness(siteOptions({ fillBps: 8e9 })); // 1 GB/s in-site
  const s = h.site;
  const obj = idOf(3, 0); // fill node 0
  s.request(0, obj, 0, bytesOf(0), 1, 1, 0);
  s.originReply(obj, OK, 60 * SEC, bytesOf(0), 10 * MS);
  const mark = h.deliveries.length;
  s.request(2, obj, 0, bytesOf(0), 7, 2, SEC);
  // 200 kB at 1 GB/s is 200 µs, plus the 200 µs hop.
  assert.equal(h.since(mark), [{ tag: 2, count: 7, status: OK, readyAt: SEC + 400, edge: 2 }]);
  assert.equal([h.fetches.length, s.fillFetches, s.fillCollapsed, s.misses], [1, 1, 0, 8]);
  // The sibling's copy expires when the origin said: 10 ms + 60 s.
  assert.ok(s.edges[2]!.cache.contains(obj, 60 * SEC + 10 * MS - 1));
  assert.not.ok(s.edges[2]!.cache.contains(obj, 60 * SEC + 10 * MS));
  s.checkInvariants();
});

test('a fill node that has forgotten when its copy expires fetches it again rather than guess', () => {
  const h = new Harness(siteOptions({ metaSlots: 1 }));
  const s = h.site;
  const a = idOf(1, 0);
  const b = idOf(2, 0);
  for (const obj of [a, b]) {
    s.request(0, obj, 0, 1000, 1, obj, 0);
    s.originReply(obj, OK, Infinity, 1000, 0);
  }
  s.request(1, a, 0, 1000, 1, 99, SEC); // b took a's slot in the site's table
  assert.is(h.fetches.length, 3);
  s.request(1, b, 0, 1000, 1, 98, SEC); // b is remembered: filled in-site
  assert.is(h.fetches.length, 3);
});

test('property: N simultaneous misses for one segment make exactly one fetch per tier, and each requester one delivery', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }), // edges
      fc.integer({ min: 0, max: R - 1 }), // rendition
      fc.integer({ min: 0, max: 1000 }), // segment
      fc.array(fc.record({ edge: fc.nat(), count: fc.integer({ min: 1, max: 1000 }), offset: fc.integer({ min: 0, max: 40 * MS }) }), {
        minLength: 1,
        maxLength: 40,
      }),
      fc.constantFrom(...cachePolicyNames),
      (edges, r, segment, asks, policy) => {
        const h = new Harness(siteOptions({ edges }, { policy }));
        const s = h.site;
        const obj = idOf(segment, r);
        const t0 = 5 * SEC;
        const reqs = asks.map((a, i) => ({ ...a, edge: a.edge % edges, tag: i, at: t0 + a.offset }));
        reqs.sort((x, y) => x.at - y.at);
        for (const q of reqs) s.request(q.edge, obj, r, bytesOf(r), q.count, q.tag, q.at);
        const fill = s.fillNode(r);
        const askingEdges = new Set(reqs.map((q) => q.edge));
        assert.equal(h.fetches, [{ site: 3, objectId: obj, rendition: r, now: reqs[0]!.at }]);
        assert.is(s.fillFetches, [...askingEdges].filter((e) => e !== fill).length);
        assert.is(h.deliveries.length, 0);
        const readyAt = t0 + 50 * MS;
        s.originReply(obj, OK, Infinity, bytesOf(r), readyAt);
        const landed = readyAt + Math.ceil((bytesOf(r) * 8 * SEC) / 1e9) + 10 * MS;
        assert.is(h.deliveries.length, reqs.length);
        const byTag = new Map<number, Delivery>(h.deliveries.map((d) => [d.tag, d]));
        for (const q of reqs) {
          const d = byTag.get(q.tag)!;
          assert.equal(d, { tag: q.tag, count: q.count, status: OK, readyAt: landed + (q.edge === fill ? 0 : 200), edge: q.edge });
        }
        const total = reqs.reduce((n, q) => n + q.count, 0);
        assert.is(s.misses + s.collapsed, total);
        assert.is(s.bytesEdge, total * bytesOf(r));
        assert.is(h.fetches.length, 1);
        s.checkInvariants();
      },
    ),
    { numRuns: 300 },
  );
});

test('a cached 404 is served until the TTL the origin gave, and fetched again from that instant', () => {
  const h = new Harness(siteOptions({ edges: 1 }));
  const s = h.site;
  const obj = idOf(50, 2); // a segment not published yet
  s.request(0, obj, 2, bytesOf(2), 4, 1, 0);
  s.originReply(obj, NOT_FOUND, 500 * MS, 300, 5 * MS); // fresh until 505 ms
  assert.equal(h.deliveries.map((d) => [d.count, d.status]), [[4, NOT_FOUND]]);
  s.request(0, obj, 2, bytesOf(2), 2, 2, 505 * MS - 1);
  assert.equal(h.deliveries.at(-1), { tag: 2, count: 2, status: NOT_FOUND, readyAt: 505 * MS - 1, edge: 0 });
  assert.equal([h.fetches.length, s.negativeHits, s.notFound], [1, 2, 6]);
  s.request(0, obj, 2, bytesOf(2), 1, 3, 505 * MS);
  assert.is(h.fetches.length, 2);
  s.originReply(obj, OK, Infinity, bytesOf(2), 510 * MS);
  assert.is(h.deliveries.at(-1)!.status, OK);
  s.request(0, obj, 2, bytesOf(2), 1, 4, 600 * MS);
  assert.is(h.deliveries.at(-1)!.status, OK, 'the 404 is forgotten once the segment exists');
  // 410 is cached the same way.
  const old = idOf(1, 2);
  s.request(0, old, 2, bytesOf(2), 1, 5, SEC);
  s.originReply(old, GONE, 10 * SEC, 0, SEC);
  s.request(0, old, 2, bytesOf(2), 1, 6, 2 * SEC);
  assert.equal(h.deliveries.slice(-2).map((d) => d.status), [GONE, GONE]);
  assert.is(h.fetches.length, 3);
});

test('property: a cached 404 is never served past its TTL, on any edge, at any time', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.record({ edge: fc.nat(), gap: fc.integer({ min: 0, max: 300 * MS }) }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.record({ delay: fc.integer({ min: 0, max: 200 * MS }), ttl: fc.integer({ min: 1, max: 1_000 * MS }) }), {
        minLength: 1,
        maxLength: 20,
      }),
      fc.constantFrom(...cachePolicyNames),
      (edges, asks, answers, policy) => {
        const h = new Harness(siteOptions({ edges }, { policy }));
        const s = h.site;
        const r = 5;
        const obj = idOf(7, r);
        const pending: { at: number; ttl: number }[] = [];
        let replies = 0;
        let maxExpiry = -Infinity; // over the replies given so far
        let t = 0;
        const answerUpTo = (now: number): void => {
          while (pending.length > 0 && pending[0]!.at <= now) {
            const p = pending.shift()!;
            maxExpiry = Math.max(maxExpiry, p.at + p.ttl);
            s.originReply(obj, NOT_FOUND, p.ttl, 200, p.at);
          }
        };
        asks.forEach((a, i) => {
          t += a.gap;
          answerUpTo(t);
          const before = h.fetches.length;
          const mark = h.deliveries.length;
          s.request(a.edge % edges, obj, r, bytesOf(r), 1, i, t);
          if (h.fetches.length > before) {
            const ans = answers[replies++ % answers.length]!;
            pending.push({ at: t + ans.delay, ttl: ans.ttl });
          }
          // Answered at once: from a cached (or landing) 404, which must still be fresh.
          for (const d of h.since(mark)) {
            assert.is(d.status, NOT_FOUND);
            assert.ok(t < maxExpiry, `404 served at ${t}, last expiry ${maxExpiry}`);
          }
        });
        answerUpTo(Infinity);
        assert.is(h.deliveries.length, asks.length);
        assert.ok(h.deliveries.every((d) => d.status === NOT_FOUND));
        s.checkInvariants();
      },
    ),
    { numRuns: 300 },
  );
});

test('overload at a site: 20 viewers on a 10 rps edge get 10 answers now, 5 queued, 5 errors', () => {
  const h = new Harness(siteOptions({}, { rps: 10, maxQueue: 5 }));
  const s = h.site;
  const obj = idOf(0, 0);
  s.request(0, obj, 0, 100, 1, -1, 0); // warm the cache (one request of the first window)
  s.originReply(obj, OK, Infinity, 100, 0);
  const mark = h.deliveries.length;
  for (let i = 0; i < 20; i++) s.request(0, obj, 0, 100, 1, i, SEC);
  const got = h.since(mark);
  assert.equal(got.filter((d) => d.status === OK && d.readyAt === SEC).length, 10);
  assert.equal(
    got.filter((d) => d.status === OK && d.readyAt > SEC).map((d) => d.readyAt - SEC),
    [100, 200, 300, 400, 500].map((ms) => ms * MS),
  );
  assert.equal(got.filter((d) => d.status === UNAVAILABLE).map((d) => [d.tag, d.readyAt]), [15, 16, 17, 18, 19].map((i) => [i, SEC]));
  assert.equal([s.hits, s.refused, s.errors], [15, 5, 5]);
});

test('overload on a miss: a cohort of 20 is answered in parts when the fill lands', () => {
  const h = new Harness(siteOptions({ edges: 1, backbone: { bps: 1e9, latency: 0 } }, { rps: 10, maxQueue: 5 }));
  const s = h.site;
  s.request(0, 0, 0, 1000, 20, 7, 0);
  assert.equal(h.deliveries, [{ tag: 7, count: 5, status: UNAVAILABLE, readyAt: 0, edge: 0 }]);
  s.originReply(0, OK, Infinity, 1000, 100 * MS); // lands at 100 ms + 8 µs
  assert.equal(h.deliveries.slice(1), [
    { tag: 7, count: 10, status: OK, readyAt: 100 * MS + 8, edge: 0 },
    { tag: 7, count: 5, status: OK, readyAt: 500 * MS, edge: 0 },
  ]);
  assert.equal([s.misses, s.refused, s.collapsed], [15, 5, 0]);
  s.checkInvariants();
});

test('egress share: the site reports bandwidth / demand for an edge whose window is saturated', () => {
  const h = new Harness(siteOptions({}, { egressBps: 80e6 })); // 10 MB/s
  const s = h.site;
  const obj = idOf(0, 5); // 4 MB
  s.request(2, obj, 5, bytesOf(5), 1, 0, 0);
  s.originReply(obj, OK, Infinity, bytesOf(5), 0); // sent at 0: 4 MB of demand on edge 2
  assert.is(s.egressShare(2, 1), 1);
  s.request(2, obj, 5, bytesOf(5), 4, 1, 500 * MS); // 16 MB more: 20 MB in this second
  assert.is(s.egressShare(2, 500 * MS), 0.5);
  assert.is(s.egressShare(0, 500 * MS), 1);
  assert.is(s.egressShare(2, SEC), 1);
  assert.is(s.edges[2]!.egressBytes, 5 * bytesOf(5));
});

test('site down: every request is a 503 at once, nothing goes upstream; back up, service resumes', () => {
  const h = new Harness(siteOptions());
  const s = h.site;
  s.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  for (let e = 0; e < 3; e++) s.request(e, idOf(1, e), e, 1000, 10, e, SEC);
  assert.equal(h.deliveries.map((d) => [d.tag, d.count, d.status, d.readyAt, d.edge]), [0, 1, 2].map((e) => [e, 10, UNAVAILABLE, SEC, e]));
  assert.equal([h.fetches.length, s.unavailable, s.errors, s.refused], [0, 30, 30, 0]);
  s.setFaults([]);
  s.request(0, idOf(1, 0), 0, 1000, 1, 9, 2 * SEC);
  assert.is(h.fetches.length, 1);
  s.checkInvariants();
});

test('site slow and degraded: latency added to every answer, capacity scaled', () => {
  const h = new Harness(siteOptions({}, { rps: 100, maxQueue: 0 }));
  const s = h.site;
  s.setFaults([{ kind: 'slow', factor: 1, latency: 30 * MS }, { kind: 'degraded', factor: 0.1, latency: 0 }]);
  s.request(0, 0, 0, 1000, 12, 1, 0); // 10 rps left
  assert.equal(h.deliveries, [{ tag: 1, count: 2, status: UNAVAILABLE, readyAt: 30 * MS, edge: 0 }]);
  s.originReply(0, OK, Infinity, 1000, 0);
  assert.equal(h.deliveries[1]!.readyAt, 10 * MS + 8 + 30 * MS);
});

test('backbone down: fills fail with 503 at once; a fetch already in flight still lands', () => {
  const h = new Harness(siteOptions());
  const s = h.site;
  s.request(1, idOf(1, 0), 0, 1000, 2, 1, 0); // in flight before the fault
  s.backbone.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  s.request(1, idOf(2, 0), 0, 1000, 3, 2, 0);
  assert.equal(h.deliveries, [{ tag: 2, count: 3, status: UNAVAILABLE, readyAt: 200, edge: 1 }]);
  assert.is(h.fetches.length, 1);
  s.originReply(idOf(1, 0), OK, Infinity, 1000, 5 * MS);
  assert.equal(h.deliveries.at(-1)!.status, OK);
  s.backbone.setFaults([]);
  s.request(1, idOf(2, 0), 0, 1000, 1, 3, SEC); // the 503 was not cached
  assert.is(h.fetches.length, 2);
  assert.is(s.strayReplies, 0);
  s.originReply(idOf(9, 0), OK, Infinity, 1000, SEC);
  assert.is(s.strayReplies, 1);
});

test('an origin 503 reaches every waiter and is not cached', () => {
  const h = new Harness(siteOptions());
  const s = h.site;
  s.request(0, 3, 3, 1000, 2, 1, 0);
  s.request(1, 3, 3, 1000, 4, 2, 0);
  s.originReply(3, UNAVAILABLE, 0, 0, 20 * MS);
  assert.equal(h.deliveries.map((d) => [d.tag, d.count, d.status]), [[1, 2, UNAVAILABLE], [2, 4, UNAVAILABLE]]);
  s.request(1, 3, 3, 1000, 1, 3, 40 * MS);
  assert.is(h.fetches.length, 2);
});

/**
 * A live event in miniature: a segment of every rendition published every 2 s; on every edge viewers
 * ask for the newest (1 + edge + rendition of them), one asks for the next too early (404, cached 1 s),
 * and one catches up 5 segments behind. The cache holds `segments` segments of the whole ladder.
 */
function liveRun(policy: (typeof cachePolicyNames)[number], segments: number): Harness {
  const h = new Harness(siteOptions({}, { policy, capacity: segments * 9_525_000, objects: 64 }));
  const s = h.site;
  const asked = new Map<number, number>();
  let tag = 0;
  const ask = (e: number, seg: number, r: number, count: number, at: number): void => {
    asked.set(tag, count);
    s.request(e, idOf(seg, r), r, bytesOf(r), count, tag++, at);
  };
  for (let n = 0; n < 40; n++) {
    const t = (n + 1) * 2 * SEC;
    for (let e = 0; e < 3; e++) {
      for (let r = 0; r < R; r++) {
        ask(e, n, r, 1 + e + r, t + e * MS);
        ask(e, n + 1, r, 1, t + e * MS);
        if (n >= 5) ask(e, n - 5, r, 1, t + e * MS + 1);
      }
    }
    for (const f of h.fetches.splice(0)) {
      const published = Math.floor(f.objectId / R) <= n;
      const bytes = published ? bytesOf(f.objectId % R) : 200;
      s.originReply(f.objectId, published ? OK : NOT_FOUND, published ? Infinity : SEC, bytes, t + 20 * MS);
    }
    s.checkInvariants();
  }
  assert.equal(h.countsByTag(), asked, 'every request answered in full');
  return h;
}

const summary = (h: Harness): number[] => {
  const s = h.site;
  return [s.requests, s.hits, s.negativeHits, s.misses, s.collapsed, s.originFetches, s.fillFetches, s.notFound];
};

test('works with every cache policy in the registry: the same answers while everything fits', () => {
  const runs = cachePolicyNames.map((p) => liveRun(p, 50));
  for (const h of runs) assert.equal(summary(h), summary(runs[0]!));
  // 40 rounds × 12 objects (6 segments, 6 early 404s) fetched once each from the origin, and each
  // filled into 2 sibling edges; catch-up requests (35 rounds × 18) are all hits.
  assert.equal(summary(runs[0]!), [4590, 630, 0, 2920, 1040, 480, 960, 720]);
});

test('a cache of 30 segments: LRU and FIFO keep the catch-up segment, SIEVE evicts it once full', () => {
  // SIEVE keeps what was hit (old segments, hit once 5 rounds after they were new) and lets
  // newcomers go quickly: here the newcomers are the ones about to be asked for.
  const hits = cachePolicyNames.map((p) => liveRun(p, 30).site.hits);
  assert.equal(hits, [630, 630, 468]);
});

test('evicting policies under a small cache still answer every request exactly once', () => {
  for (const policy of cachePolicyNames) {
    const h = new Harness(siteOptions({}, { policy, capacity: 4 * 9_525_000, objects: 8 }));
    const s = h.site;
    let tag = 0;
    const asked = new Map<number, number>();
    for (let n = 0; n < 30; n++) {
      const t = (n + 1) * 2 * SEC;
      for (let e = 0; e < 3; e++) {
        for (let r = 0; r < R; r++) {
          const seg = (n * 7 + e + r) % (n + 1);
          asked.set(tag, 2);
          s.request(e, idOf(seg, r), r, bytesOf(r), 2, tag++, t);
        }
      }
      for (const f of h.fetches.splice(0)) s.originReply(f.objectId, OK, Infinity, bytesOf(f.objectId % R), t + 5 * MS);
      s.checkInvariants();
    }
    assert.equal(h.countsByTag(), asked, policy);
    assert.ok(s.edges.some((e) => e.cache.evictions > 0), policy);
  }
});

test('property: random traffic and answers: no second fetch while one is in flight, every request answered in full', () => {
  const statuses = [OK, OK, OK, NOT_FOUND, GONE, UNAVAILABLE];
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(...cachePolicyNames),
      fc.integer({ min: 1, max: 40 }), // rps
      fc.integer({ min: 0, max: 20 }), // maxQueue
      fc.array(
        fc.record({
          gap: fc.integer({ min: 0, max: 100 * MS }),
          edge: fc.nat(),
          obj: fc.integer({ min: 0, max: 23 }),
          count: fc.integer({ min: 1, max: 8 }),
          status: fc.nat({ max: statuses.length - 1 }),
          delay: fc.integer({ min: 0, max: 150 * MS }),
          ttl: fc.integer({ min: 1, max: 3 * SEC }),
        }),
        { minLength: 1, maxLength: 80 },
      ),
      (edges, policy, rps, maxQueue, steps) => {
        const h = new Harness(siteOptions({ edges }, { policy, rps, maxQueue, capacity: 5 * 9_525_000, objects: 4 }));
        const s = h.site;
        const inFlight = new Set<number>();
        const pending: { at: number; obj: number; status: number; ttl: number }[] = [];
        const asked = new Map<number, { count: number; at: number }>();
        let t = 0;
        const answerUpTo = (now: number): void => {
          pending.sort((a, b) => a.at - b.at);
          while (pending.length > 0 && pending[0]!.at <= now) {
            const p = pending.shift()!;
            inFlight.delete(p.obj);
            const status = statuses[p.status]!;
            s.originReply(p.obj, status, p.ttl, status === OK ? bytesOf(p.obj % R) : 100, p.at);
          }
        };
        steps.forEach((q, tag) => {
          t += q.gap;
          answerUpTo(t);
          const before = h.fetches.length;
          asked.set(tag, { count: q.count, at: t });
          s.request(q.edge % edges, q.obj, q.obj % R, bytesOf(q.obj % R), q.count, tag, t);
          for (const f of h.fetches.slice(before)) {
            assert.not.ok(inFlight.has(f.objectId), `second fetch for ${f.objectId} while one is in flight`);
            inFlight.add(f.objectId);
            pending.push({ at: t + q.delay, obj: f.objectId, status: q.status, ttl: q.ttl });
          }
        });
        answerUpTo(Infinity);
        const got = h.countsByTag();
        for (const [tag, a] of asked) assert.is(got.get(tag), a.count, `tag ${tag}`);
        for (const d of h.deliveries) assert.ok(d.readyAt >= asked.get(d.tag)!.at);
        assert.is(s.originFetches, h.fetches.length);
        s.checkInvariants();
      },
    ),
    { numRuns: 300 },
  );
});

test.run();
