import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Admitted, Edge, type EdgeOptions } from '../../../models/cdn/edge.ts';
import { cachePolicyNames } from '../../../models/edge/cache/registry.ts';
import { MS, SEC } from '../../../models/time.ts';

const base: EdgeOptions = { capacity: 1e9, rps: 10, maxQueue: 5, egressBps: 8e6 };

function admit(edge: Edge, count: number, now: number): [number, number, number, number] {
  const a = edge.admit(count, now, new Admitted());
  return [a.now, a.later, a.delay, a.refused];
}

test('overload: 10 rps and a backlog of 5 take 10, queue 5 (0.1 s apart) and refuse 5 of 20', () => {
  const edge = new Edge(base);
  const got = Array.from({ length: 20 }, () => admit(edge, 1, 0));
  assert.equal(got.slice(0, 10), Array(10).fill([1, 0, 0, 0]));
  assert.equal(got.slice(10, 15).map((a) => a[2]), [100, 200, 300, 400, 500].map((ms) => ms * MS));
  assert.equal(got.slice(15), Array(5).fill([0, 0, 0, 1]));
  assert.equal([edge.requests, edge.queued, edge.refused, edge.waiting], [20, 5, 5, 5]);
});

test('a cohort is split the same way: 20 at once -> 10 now, 5 after 0.5 s, 5 refused', () => {
  const edge = new Edge(base);
  assert.equal(admit(edge, 20, 0), [10, 5, 500 * MS, 5]);
});

test('the next window serves the backlog first; windows passed drain it at capacity each', () => {
  const edge = new Edge(base);
  admit(edge, 15, 0); // 10 now, 5 waiting
  assert.equal(admit(edge, 10, SEC + 1), [5, 5, 500 * MS, 0], 'window 1: 5 of its 10 go to the backlog');
  // Three windows later the 5 carried have long been served: a fresh window.
  const edge2 = new Edge({ ...base, maxQueue: 100 });
  admit(edge2, 40, 0); // 10 now, 30 waiting
  assert.equal(edge2.waiting, 30);
  assert.equal(admit(edge2, 1, 2 * SEC), [0, 1, 1_100 * MS, 0], 'window 2: 30 - 10 (window 1) - 10 (window 2) = 10 left');
  assert.equal(admit(edge2, 1, 4 * SEC), [1, 0, 0, 0]);
  assert.is(edge2.waiting, 0);
});

test('sustained overload keeps the backlog full and refuses the excess every second', () => {
  const edge = new Edge(base);
  let refused = 0;
  for (let s = 0; s < 10; s++) refused += admit(edge, 20, s * SEC)[3];
  // Second 0: 10 + 5 queued, 5 refused; then each second 5 carried + 5 new fit, 5 queued, 10 refused.
  assert.is(refused, 5 + 9 * 10);
});

test('no backlog: everything beyond the window is refused', () => {
  const edge = new Edge({ ...base, maxQueue: 0 });
  assert.equal(admit(edge, 12, 0), [10, 0, 0, 2]);
});

test('property: taken + queued + refused = count; taken never exceeds rps per window, nor backlog maxQueue', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 0, max: 30 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 300 * MS })), { maxLength: 60 }),
      (rps, maxQueue, arrivals) => {
        const edge = new Edge({ ...base, rps, maxQueue });
        const perWindow = new Map<number, number>();
        let t = 0;
        for (const [count, gap] of arrivals) {
          t += gap;
          const [now, later, delay, refused] = admit(edge, count, t);
          assert.is(now + later + refused, count);
          const w = Math.floor(t / SEC);
          perWindow.set(w, (perWindow.get(w) ?? 0) + now);
          assert.ok(perWindow.get(w)! <= rps);
          assert.ok(edge.waiting <= maxQueue);
          assert.ok(later === 0 ? delay === 0 : delay > 0 && delay <= Math.ceil((maxQueue * SEC) / rps));
          if (refused > 0) assert.is(edge.waiting, maxQueue, 'refuses only with a full backlog');
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('egress share: 1 up to the bandwidth, bandwidth / demand beyond it, reset each window', () => {
  const edge = new Edge(base); // 8 Mbps = 1 MB/s
  assert.is(edge.share(0), 1);
  edge.send(500_000, 0);
  assert.is(edge.share(10), 1);
  edge.send(1_500_000, 100); // 2 MB in this second: demand 16 Mbps
  assert.is(edge.share(200), 0.5);
  edge.send(2_000_000, 300); // 4 MB
  assert.is(edge.share(400), 0.25);
  assert.is(edge.share(SEC), 1, 'a new window has no demand yet');
  edge.send(1_000_000, SEC + 5);
  assert.is(edge.share(SEC + 6), 1);
  assert.is(edge.egressBytes, 5_000_000);
});

test('faults: degraded scales request capacity and bandwidth, down refuses all, slow adds latency', () => {
  const edge = new Edge({ ...base, rps: 100 });
  edge.setFaults([{ kind: 'degraded', factor: 0.25, latency: 0 }]);
  assert.equal(admit(edge, 30, 0), [25, 5, 200 * MS, 0]);
  edge.send(500_000, 0); // 4 Mbps on a link degraded to 2
  assert.is(edge.share(1), 0.5);
  edge.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  assert.equal(admit(edge, 3, 1), [0, 0, 0, 3]);
  edge.setFaults([{ kind: 'slow', factor: 1, latency: 40 * MS }]);
  assert.is(edge.latency, 40 * MS);
  assert.equal(admit(edge, 1, 2 * SEC), [1, 0, 0, 0]);
});

test('builds with every cache policy in the registry; an unknown name lists the known ones', () => {
  for (const policy of cachePolicyNames) {
    const edge = new Edge({ ...base, policy, capacity: 3, objects: 1 });
    for (let t = 0; t < 20; t++) edge.cache.get(t % 5, 1, 100, t);
    edge.cache.checkInvariants();
    assert.is(edge.cache.objects, 3, policy);
  }
  // @ts-expect-error not a registered policy
  assert.throws(() => new Edge({ ...base, policy: 'arc' }), /unknown cache policy 'arc' \(known: lru, fifo, sieve\)/);
});

test.run();
