import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Kernel } from '../../../sim/kernel.ts';
import { RunRecorder } from '../../../sim/record/recorder.ts';
import { ControlRegion, OK, REFUSED, SHED, QUEUED, STARTED, ANSWERED, type RegionOptions } from '../../../models/control-plane/region.ts';
import { MS, SEC } from '../../../models/time.ts';

function setup(over: Partial<RegionOptions> = {}, audience = 0) {
  const clock = new Kernel();
  const answers: Array<{ id: number; status: number; ra: number; t: number }> = [];
  const o: RegionOptions = {
    name: 'r', workers: 2, queueLimit: 3, serviceTime: () => 100 * MS, meanService: 100 * MS, personalizationShare: 0.3,
    background: { prefetch: { perViewer: 0, service: 20 * MS }, bookmarks: { perViewer: 0, service: 5 * MS }, personalization: { perViewer: 0, service: 30 * MS } },
    priorities: false, maxQueueWait: 0, dropExpired: false, degradation: { enabled: false, enterAt: 0.9, exitAt: 0.6 },
    retryAfter: null, tick: SEC, ...over,
  };
  const region = new ControlRegion(clock, new RunRecorder(), o, {
    respond: (id, status, ra) => answers.push({ id, status, ra, t: clock.now() }),
    audience: () => audience,
  });
  return { clock, region, answers };
}

test('serves up to its workers, queues up to the limit, sheds the rest', () => {
  const { clock, region, answers } = setup();
  const outcomes = [1, 2, 3, 4, 5, 6].map((id) => region.request(id, Infinity));
  assert.equal(outcomes, [STARTED, STARTED, QUEUED, QUEUED, QUEUED, ANSWERED]);
  assert.equal(answers, [{ id: 6, status: SHED, ra: 0, t: 0 }]);
  clock.run(SEC);
  assert.equal(answers.slice(1).map((a) => [a.id, a.status, a.t]), [
    [1, OK, 100 * MS], [2, OK, 100 * MS], [3, OK, 200 * MS], [4, OK, 200 * MS], [5, OK, 300 * MS],
  ]);
});

test('Retry-After appointments follow the region\'s throughput, never sooner than the minimum', () => {
  const { region, answers } = setup({ retryAfter: { min: SEC, max: 60 * SEC } });
  for (let id = 1; id <= 10; id++) region.request(id, Infinity);
  // 2 workers at 100 ms: 20 req/s, so appointments 50 ms apart, starting at the 1 s minimum.
  assert.equal(answers.map((a) => a.ra), [SEC, SEC + 50 * MS, SEC + 100 * MS, SEC + 150 * MS, SEC + 200 * MS]);
});

test('maxQueueWait sheds at once instead of queueing past it', () => {
  const { region } = setup({ queueLimit: 100, maxQueueWait: 120 * MS });
  const outcomes = [1, 2, 3, 4, 5, 6].map((id) => region.request(id, Infinity));
  // Expected waits 50, 100, 150 ms for the 1st, 2nd, 3rd in queue: the third is shed.
  assert.equal(outcomes, [STARTED, STARTED, QUEUED, QUEUED, ANSWERED, ANSWERED]);
});

test('dropExpired skips queued requests whose client has given up', () => {
  const { clock, region, answers } = setup({ dropExpired: true });
  region.request(1, Infinity);
  region.request(2, Infinity);
  region.request(3, 50 * MS); // its client leaves at 50 ms, before a worker frees up
  region.request(4, Infinity);
  clock.run(SEC);
  // #1 finishing frees a worker: the queue head (#3) has expired and is skipped, #4 starts.
  assert.equal(answers.map((a) => [a.id, a.status, a.t]), [[1, OK, 100 * MS], [3, SHED, 100 * MS], [2, OK, 100 * MS], [4, OK, 200 * MS]]);
});

test('a region going down refuses new requests and resets the queued ones', () => {
  const { clock, region, answers } = setup();
  [1, 2, 3].forEach((id) => region.request(id, Infinity));
  region.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
  assert.equal(answers.map((a) => [a.id, a.status]), [[3, REFUSED]]);
  assert.is(region.request(9, Infinity), ANSWERED);
  region.setFaults([]);
  clock.run(SEC);
  assert.equal(answers.map((a) => [a.id, a.status]), [[3, REFUSED], [9, REFUSED], [1, OK], [2, OK]]);
});

test('degradation steps up one rung per tick under load and back down below exitAt', () => {
  const { clock, region } = setup({ workers: 1, queueLimit: 1000, serviceTime: () => 10 * SEC, meanService: 10 * SEC, degradation: { enabled: true, enterAt: 0.9, exitAt: 0.6 } });
  for (let id = 0; id < 500; id++) region.request(id, Infinity);
  const levels: number[] = [];
  for (let s = 1; s <= 5; s++) {
    clock.run(s * SEC);
    levels.push(region.degradationLevel());
  }
  assert.equal(levels, [2, 3, 3, 3, 3]);
});

test('with priorities, background traffic only gets the workers play leaves free', () => {
  // 10 workers. Background wants 8 workers' worth (400 viewers x 1 req/s x 20 ms); play offers 10
  // (100 requests in the last second x 100 ms).
  const bg = { prefetch: { perViewer: 1, service: 20 * MS }, bookmarks: { perViewer: 0, service: 5 * MS }, personalization: { perViewer: 0, service: 30 * MS } };
  const background = (priorities: boolean) => {
    const { clock, region } = setup({ workers: 10, queueLimit: 10_000, background: bg, priorities }, 400);
    clock.run(SEC / 2);
    for (let id = 0; id < 100; id++) region.request(id, Infinity);
    clock.run(SEC);
    return region.backgroundWorkers();
  };
  assert.is(background(true), 0);
  assert.ok(Math.abs(background(false) - (10 * 8) / 18) < 1e-9); // a proportional share of the overload
});

test.run();
