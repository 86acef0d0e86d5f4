import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { NO_CANDIDATE, selectCandidate } from '../../../models/origin/candidate.ts';
import { NEVER } from '../../../models/ingest/pipeline.ts';

const pick = (times: number[], defects: number[], active: number, now: number) =>
  selectCandidate(times, defects, 0, times.length, active, now);

test('the active pipeline\'s good candidate first, else the other good one', () => {
  assert.is(pick([10, 10], [0, 0], 1, 10), 1);
  assert.is(pick([10, 10], [0, 0], 0, 10), 0);
  assert.is(pick([10, 20], [0, 0], 1, 15), 0, 'the active one is not readable yet');
  assert.is(pick([NEVER, 10], [0, 0], 0, 15), 1);
});

test('never a defective candidate: the good one wins even off the active pipeline', () => {
  assert.is(pick([10, 10], [1, 0], 0, 10), 1);
  assert.is(pick([10, 10], [0, 1], 1, 10), 0);
});

test('only defective (or nothing readable): no candidate', () => {
  assert.is(pick([10, 10], [1, 1], 0, 10), NO_CANDIDATE);
  assert.is(pick([10, NEVER], [1, 0], 0, 10), NO_CANDIDATE);
  assert.is(pick([NEVER, NEVER], [0, 0], 0, 1e15), NO_CANDIDATE);
});

test('reads the candidates at base, in a larger array', () => {
  const times = new Float64Array([0, 0, 5, 5, 0, 0]);
  const defects = new Uint8Array([0, 0, 1, 0, 0, 0]);
  assert.is(selectCandidate(times, defects, 2, 2, 0, 5), 1);
});

test('property: never defective while a good one exists; the active good one when it exists', () => {
  const candidate = fc.record({
    time: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(NEVER)),
    defective: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(candidate, { minLength: 1, maxLength: 4 }), fc.integer({ min: -1, max: 4 }), fc.integer({ min: 0, max: 20 }), (cs, active, now) => {
      const times = cs.map((c) => c.time);
      const defects = cs.map((c) => (c.defective ? 1 : 0));
      const chosen = pick(times, defects, active, now);
      const good = (p: number) => times[p] <= now && defects[p] === 0;
      const anyGood = cs.some((_, p) => good(p));
      if (!anyGood) return chosen === NO_CANDIDATE;
      if (chosen === NO_CANDIDATE || !good(chosen)) return false;
      return active >= 0 && active < cs.length && good(active) ? chosen === active : true;
    }),
    { numRuns: 1000 },
  );
});

test.run();
