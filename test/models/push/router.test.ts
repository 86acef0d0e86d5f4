import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLost, partitionOfProxy, ReleasedTriggers, replayMask, retries, retryAt } from '../../../models/push/router.ts';

test('a reconnecting device is replayed what is released and not acked, at least once only', () => {
  assert.is(replayMask(0b111, 0b101, 'at-least-once'), 0b010);
  assert.is(replayMask(0b011, 0b011, 'at-least-once'), 0);
  assert.is(replayMask(0b111, 0, 'at-most-once'), 0);
});

test('only at-least-once retries', () => {
  assert.ok(retries('at-least-once'));
  assert.not.ok(retries('at-most-once'));
});

test('retry times: ack timeout plus jittered exponential backoff, capped', () => {
  const policy = { ackTimeout: 2_000_000, base: 500_000, max: 30_000_000 };
  assert.is(retryAt(policy, 0, 10_000_000, 0.5), 12_500_000);
  assert.is(retryAt(policy, 2, 0, 0.5), 4_000_000);
  assert.is(retryAt(policy, 2, 0, 0), 3_000_000);
  assert.is(retryAt(policy, 10, 0, 0.5), 32_000_000);
});

test('loss: a uniform below the drop probability is lost', () => {
  assert.ok(isLost(0.1, 0.05));
  assert.not.ok(isLost(0.1, 0.1));
  assert.not.ok(isLost(0, 0));
});

test('partitions serve proxy shards; released triggers are per partition', () => {
  assert.is(partitionOfProxy(17, 32), 17);
  assert.is(partitionOfProxy(49, 32), 17);
  const r = new ReleasedTriggers(4);
  assert.ok(r.release(1, 0b10));
  assert.not.ok(r.release(1, 0b10));
  assert.is(r.forProxy(5), 0b10);
  assert.is(r.forProxy(4), 0);
});

test.run();
