import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Producer } from '../../../models/push/producer.ts';
import type { Trigger } from '../../../models/push/trigger.ts';
import { Kernel } from '../../../sim/kernel.ts';

test('each state change becomes one numbered trigger, sent after the delay', () => {
  const k = new Kernel();
  const out: Trigger[] = [];
  const p = new Producer(k, { delayUs: 250 }, (t) => out.push(t));
  p.watch([{ state: 'kickoff', at: 1000 }, { state: 'kickoff', at: 1500 }, { state: 'half-time', at: 3000 }]);
  k.run();
  assert.equal(out, [{ seq: 0, key: 'kickoff', at: 1250 }, { seq: 1, key: 'half-time', at: 3250 }]);
  assert.equal(p.sent, out);
});

test('observe reports the sequence number or -1 for a repeat', () => {
  const k = new Kernel();
  const p = new Producer(k, { delayUs: 0 }, () => {});
  assert.is(p.observe('a'), 0);
  assert.is(p.observe('a'), -1);
  assert.is(p.observe('b'), 1);
  assert.is(p.observe('a'), 2);
});

test('at most eight broadcasts', () => {
  const k = new Kernel();
  const p = new Producer(k, { delayUs: 0 }, () => {});
  for (let i = 0; i < 8; i++) p.observe(`s${i}`);
  assert.throws(() => p.observe('s8'), /more than 8/);
});

test.run();
