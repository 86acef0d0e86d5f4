import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectionOpen, proxyCondition, shouldSend } from '../../../models/push/proxy.ts';

test('faults: down is a crash, degraded scales the send rate, slow adds latency', () => {
  assert.equal(proxyCondition(20_000, []), { up: true, ratePerSec: 20_000, extraLatency: 0 });
  assert.equal(proxyCondition(20_000, [{ kind: 'down', factor: 1, latency: 0 }]), { up: false, ratePerSec: 0, extraLatency: 0 });
  assert.equal(
    proxyCondition(20_000, [{ kind: 'degraded', factor: 0.5, latency: 0 }, { kind: 'slow', factor: 1, latency: 300 }]),
    { up: true, ratePerSec: 10_000, extraLatency: 300 },
  );
});

test('the broadcast skips devices that left or are already acked', () => {
  assert.ok(shouldSend(true, 0b01, 0b10));
  assert.not.ok(shouldSend(true, 0b10, 0b10));
  assert.not.ok(shouldSend(false, 0, 0b10));
});

test('a send in the reconnect gap finds the connection closed', () => {
  // session ends at 1000 with a 200 gap: closed from 800.
  assert.ok(connectionOpen(799, 1000, 200));
  assert.not.ok(connectionOpen(800, 1000, 200));
  assert.not.ok(connectionOpen(999, 1000, 200));
});

test.run();
