/** The memory bench on small sizes: its cycles are single cycles and its figures hang together. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchMemory, randomCycle } from '../../../sim/bench/memory.ts';

test('randomCycle is one cycle through every entry (Sattolo), different per seed', () => {
  for (const n of [2, 3, 17, 4096]) {
    const a = randomCycle(n, 7);
    const seen = new Uint8Array(n);
    let p = 0;
    for (let k = 0; k < n; k++) {
      assert.is(seen[p], 0, `n=${n}: entry ${p} visited twice before the cycle closed`);
      seen[p] = 1;
      p = a[p]!;
    }
    assert.is(p, 0, `n=${n}: the walk did not come back to its start after n steps`);
  }
  assert.not.equal([...randomCycle(64, 1)], [...randomCycle(64, 2)]);
  assert.throws(() => randomCycle(1, 1), /n must be an integer >= 2/);
});

test('one figure per size, positive; bad sizes are refused', () => {
  const r = benchMemory({ sizes: [4096, 65536], loads: 100_000, runs: 1 });
  assert.is(r.name, 'memory');
  assert.equal(r.sizesMiB, [0.004, 0.063]);
  assert.is(r.latencyNs.length, 2);
  assert.is(r.eightChainsNs.length, 2);
  for (const x of [...r.latencyNs, ...r.eightChainsNs]) assert.ok(x > 0 && Number.isFinite(x), JSON.stringify(r));
  assert.throws(() => benchMemory({ sizes: [10] }), /sizes must be whole bytes/);
  assert.throws(() => benchMemory({ sizes: [4096], loads: 3 }), /loads must be an integer >= 8/);
});

test.run();
