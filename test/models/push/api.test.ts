import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiTier, type ApiTierOptions } from '../../../models/push/api.ts';

const MS = 1000;
const tier = (o: Partial<ApiTierOptions> = {}) =>
  new ApiTier({ capacityPerSec: 1000, queueLimit: 50, binUs: 10 * MS, horizonUs: 10_000 * MS, retries: 0, retryDelayUs: 100 * MS, retrySpread: false, ...o });

test('under capacity everything is served in its bin', () => {
  const api = tier();
  api.offer(1 * MS, 4);
  api.offer(15 * MS, 6);
  api.advance(20 * MS);
  assert.is(api.arrived, 10);
  assert.is(api.served, 10);
  assert.is(api.queue, 0);
  assert.is(api.shed, 0);
});

test('a bin beyond capacity queues, and beyond the queue limit sheds', () => {
  const api = tier(); // 10 per 10 ms bin
  api.offer(0, 100);
  api.advance(10 * MS);
  assert.is(api.served, 10);
  assert.is(api.shed, 40);
  assert.is(api.queue, 50);
  assert.is(api.failed, 40);
  api.advance(60 * MS); // five more bins drain it
  assert.is(api.queue, 0);
  assert.is(api.served, 60);
  assert.is(api.maxWaitUs, 50 * MS);
});

test('shed requests come back after the retry delay, then fail', () => {
  const api = tier({ retries: 1 });
  api.offer(0, 100);
  api.advance(10 * MS);
  assert.is(api.failed, 0);
  api.advance(100 * MS);
  assert.is(api.arrived, 100);
  api.advance(110 * MS); // bin 10: the 40 retries arrive into an empty queue
  assert.is(api.arrived, 140);
  assert.is(api.shed, 40);
  assert.is(api.failed, 0);
});

test('spread retries arrive over half to one and a half delays', () => {
  const api = tier({ retries: 1, retrySpread: true });
  api.offer(0, 100);
  api.advance(50 * MS);
  assert.is(api.arrived, 100);
  api.advance(160 * MS);
  assert.ok(Math.abs(api.arrived - 140) < 1e-9, String(api.arrived));
});

test('an offer for a processed bin lands in the next open one; negative offers withdraw', () => {
  const api = tier();
  api.advance(30 * MS);
  api.offer(5 * MS, 3);
  api.offer(100 * MS, 2);
  api.offer(100 * MS, -2);
  api.advance(40 * MS);
  assert.is(api.arrived, 3);
  api.advance(200 * MS);
  assert.is(api.arrived, 3);
});

test('an outage drops the queue too', () => {
  const api = tier();
  api.offer(0, 30); // 10 served, 20 wait
  api.advance(10 * MS);
  api.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  api.offer(10 * MS, 5);
  api.advance(20 * MS);
  assert.is(api.queue, 0);
  assert.is(api.shed, 25);
  assert.is(api.failed, 25);
});

test('a withdrawal for a processed time is ignored', () => {
  const api = tier();
  api.offer(5 * MS, 2);
  api.advance(10 * MS);
  api.offer(5 * MS, -1);
  api.advance(20 * MS);
  assert.is(api.arrived, 2);
});

test('down sheds everything; degraded scales capacity; offers past the horizon are ignored', () => {
  const api = tier({ queueLimit: 0 });
  api.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  api.offer(0, 5);
  api.advance(10 * MS);
  assert.is(api.shed, 5);
  api.setFaults([{ kind: 'degraded', factor: 0.5, latency: 0 }]);
  api.offer(10 * MS, 8);
  api.advance(20 * MS);
  assert.is(api.served, 5);
  api.offer(20_000 * MS, 1);
  api.advance(30_000 * MS);
  assert.is(api.arrived, 13);
});

test.run();
