import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { BackboneLink } from '../../../models/cdn/backbone.ts';
import { MS, SEC } from '../../../models/time.ts';

test('one transfer: bits / bandwidth, then the latency', () => {
  const link = new BackboneLink({ bps: 1e9, latency: 20 * MS });
  // A 4 Mbyte segment (16 Mbps × 2 s) takes 32 ms on 1 Gbps.
  assert.is(link.transfer(4_000_000, SEC), SEC + 32 * MS + 20 * MS);
  assert.is(link.bytes, 4_000_000);
});

test('concurrent fills share the bandwidth: the last lands when all the bits have crossed', () => {
  const link = new BackboneLink({ bps: 8e6, latency: 0 }); // 1 MB/s
  assert.equal([0, 0, 0].map(() => link.transfer(250_000, 0)), [250 * MS, 500 * MS, 750 * MS]);
  // Idle again by 2 s: no queue.
  assert.is(link.transfer(250_000, 2 * SEC), 2 * SEC + 250 * MS);
});

test('faults: degraded halves the bandwidth, slow adds latency, down (or degraded to 0) is down', () => {
  const link = new BackboneLink({ bps: 8e6, latency: 10 * MS });
  link.setFaults([{ kind: 'degraded', factor: 0.5, latency: 0 }, { kind: 'slow', factor: 1, latency: 5 * MS }]);
  assert.is(link.transfer(1_000_000, 0), 2 * SEC + 15 * MS);
  assert.is(link.down, false);
  link.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  assert.is(link.down, true);
  link.setFaults([{ kind: 'degraded', factor: 0, latency: 0 }]);
  assert.is(link.down, true);
  link.setFaults([]);
  assert.is(link.down, false);
});

test('property: work-conserving fluid: landing times are ordered, and none before send + bits/bps + latency', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 100 * MS }), fc.integer({ min: 0, max: 5_000_000 })), { maxLength: 40 }),
      (fills) => {
        const bps = 1e8;
        const latency = 7 * MS;
        const link = new BackboneLink({ bps, latency });
        let t = 0;
        let prev = -1;
        let busy = 0; // the exact fluid, in real-valued µs
        for (const [gap, bytes] of fills) {
          t += gap;
          const landed = link.transfer(bytes, t);
          busy = Math.max(t, busy) + (bytes * 8 * SEC) / bps;
          assert.ok(landed >= prev);
          assert.ok(landed >= t + Math.ceil((bytes * 8 * SEC) / bps) + latency);
          // Idle only when nothing waits: within a µs of rounding per fill of the exact fluid.
          assert.ok(landed >= busy + latency && landed <= busy + latency + fills.length);
          prev = landed;
        }
      },
    ),
    { numRuns: 300 },
  );
});

test.run();
