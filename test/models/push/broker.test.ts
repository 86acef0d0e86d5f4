import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Broker } from '../../../models/push/broker.ts';
import { Kernel } from '../../../sim/kernel.ts';

const MS = 1000;
const SEC = 1_000_000;

function setup(backgroundPerSec: number, consumePerSec: number, partitions = 2) {
  const k = new Kernel();
  const consumed: Array<[number, number, number]> = [];
  const b = new Broker(k, { partitions, backgroundPerSec, consumePerSec, latencyUs: 5 * MS }, (seq, q) => consumed.push([seq, q, k.now()]));
  return { k, b, consumed };
}

test('an idle log hands a trigger to every partition\'s consumer after the latency', () => {
  const { k, b, consumed } = setup(0, 1000);
  k.after(SEC, () => b.publish(0));
  k.run(10 * SEC);
  assert.equal(consumed, [[0, 0, SEC + 5 * MS], [0, 1, SEC + 5 * MS]]);
});

test('a partition outage buffers writes; the trigger waits for everything ahead of it', () => {
  // 2000/s over 2 partitions = 1000/s each; the consumer reads 2000/s.
  const { k, b, consumed } = setup(2000, 2000);
  k.after(0, () => b.setFaults(0, [{ kind: 'down', factor: 1, latency: 0 }]));
  k.after(SEC, () => b.publish(3));
  k.after(2 * SEC, () => b.setFaults(0, []));
  let lagAt2 = 0;
  k.after(2 * SEC, () => (lagAt2 = b.lag()));
  k.run(10 * SEC);
  // Partition 1 was fine; partition 0 had 1000 messages ahead of the trigger, read from 2 s at a net 2000/s.
  assert.equal(consumed[0], [3, 1, SEC + 5 * MS]);
  assert.equal(consumed[1], [3, 0, 2.5 * SEC + 5 * MS]);
  assert.ok(Math.abs(lagAt2 - 2001) < 1e-6, String(lagAt2));
  // The backlog drains at (2000 - 1000)/s: 2000 messages gone by 4 s.
  let lagLater = -1;
  k.after(0, () => (lagLater = b.lag()));
  k.run(11 * SEC);
  assert.is(lagLater, 0);
});

test('degraded consumers read slower; slow adds latency', () => {
  const { k, b, consumed } = setup(0, 1000, 1);
  k.after(0, () => b.setFaults(0, [{ kind: 'slow', factor: 1, latency: 100 * MS }]));
  k.after(SEC, () => b.publish(0));
  k.run(5 * SEC);
  assert.equal(consumed, [[0, 0, SEC + 105 * MS]]);
});

test('triggers leave a partition in order', () => {
  const { k, b, consumed } = setup(0, 1000, 1);
  k.after(SEC, () => b.setFaults(0, [{ kind: 'down', factor: 1, latency: 0 }]));
  k.after(2 * SEC, () => b.publish(0));
  k.after(3 * SEC, () => b.publish(1));
  k.after(4 * SEC, () => b.setFaults(0, []));
  k.run(10 * SEC);
  assert.equal(consumed.map((c) => c[0]), [0, 1]);
  assert.ok(consumed.every((c) => c[2] >= 4 * SEC));
});

test.run();
