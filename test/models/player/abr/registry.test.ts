/**
 * The ABR rules: exact picks on the default ladder, then properties (fast-check, 1,000 runs) for every
 * rule in the registry: a valid rung under the cap, monotone in throughput, and `thresholds` agreeing
 * with `choose` at random throughputs and exactly at the thresholds themselves.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { abrRuleNames, abrRules, makeAbr } from '../../../../models/player/abr/registry.ts';
import { ladder } from '../../../../models/ingest/ladder.ts';
import type { AbrParams } from '../../../../models/player/abr/rule.ts';
import { DEFAULT_PLAYBACK } from '../../../../models/player/playback.ts';
import { SEC } from '../../../../models/time.ts';

const RUNS = 1000;
const L = ladder(); // 800, 1800, 3500, 6000, 10000, 16000
const params: AbrParams = DEFAULT_PLAYBACK.abr; // safety 0.8, reservoir 2 s, cushion 4 s, low buffer 4 s

test('the registry', () => {
  assert.equal(abrRuleNames, ['throughput', 'buffer', 'hybrid']);
  assert.equal(Object.keys(abrRules), abrRuleNames);
});

test('throughput: the highest rung within 80% of throughput, under the cap', () => {
  const r = makeAbr('throughput', params);
  assert.equal(r.choose(0, 5000, 0, 5, L), 2); // 3500 <= 4000 < 6000
  assert.equal(r.choose(5, 7500, 0, 5, L), 3); // 6000 = 0.8 * 7500
  assert.equal(r.choose(0, 1e9, 0, 5, L), 5);
  assert.equal(r.choose(0, 1e9, 0, 2, L), 2);
  assert.equal(r.choose(3, 0, 0, 5, L), 0);
  assert.equal([...r.thresholds(0, 0, 3, L, new Float64Array(6))], [0, 2250, 4375, 7500, Infinity, Infinity]);
});

test('buffer (BBA-0): the lowest rung in the reservoir, the cap above the cushion, sticky between', () => {
  const r = makeAbr('buffer', params);
  assert.equal(r.choose(4, 1e9, SEC, 5, L), 0);
  assert.equal(r.choose(0, 0, 6 * SEC, 5, L), 5);
  assert.equal(r.choose(0, 0, 6 * SEC, 3, L), 3);
  // At 4 s the target rate is halfway across the ladder: 8400 kbps.
  assert.equal(r.choose(2, 0, 4 * SEC, 5, L), 3); // up to the highest rung at or under it
  assert.equal(r.choose(4, 0, 4 * SEC, 5, L), 4); // 6000 < 8400 < 16000: stays
  assert.equal(r.choose(5, 0, 4 * SEC, 5, L), 4); // down to the lowest rung at or above it
  assert.equal([...r.thresholds(2, 4 * SEC, 5, L, new Float64Array(6))], [Infinity, Infinity, Infinity, 0, Infinity, Infinity]);
});

test('hybrid: up one rung at a time, down only on a low buffer and then to what throughput sustains', () => {
  const r = makeAbr('hybrid', params);
  assert.equal(r.choose(2, 1e9, 6 * SEC, 5, L), 3);
  assert.equal(r.choose(2, 100, 6 * SEC, 5, L), 2);
  assert.equal(r.choose(2, 100, 3 * SEC, 5, L), 0);
  assert.equal(r.choose(2, 3000, 3 * SEC, 5, L), 1);
  assert.equal(r.choose(2, 5000, 3 * SEC, 5, L), 2);
  assert.equal(r.choose(5, 1e9, 6 * SEC, 2, L), 2); // a lowered cap moves the player down at once
  assert.equal([...r.thresholds(2, 6 * SEC, 5, L, new Float64Array(6))], [Infinity, Infinity, 0, 7500, Infinity, Infinity]);
  assert.equal([...r.thresholds(2, 3 * SEC, 5, L, new Float64Array(6))], [0, 2250, 4375, 7500, Infinity, Infinity]);
});

/** A random ladder (ascending, possibly with equal rungs), cap, state and parameters. */
const caseArb = fc
  .record({
    steps: fc.array(fc.integer({ min: 0, max: 8000 }), { minLength: 1, maxLength: 8 }),
    base: fc.integer({ min: 1, max: 2000 }),
    cap: fc.integer({ min: -1, max: 9 }),
    current: fc.integer({ min: 0, max: 9 }),
    buffer: fc.integer({ min: 0, max: 30 * SEC }),
    safety: fc.double({ min: 0.05, max: 1, noNaN: true }),
    reservoir: fc.integer({ min: 0, max: 10 * SEC }),
    cushion: fc.integer({ min: 0, max: 20 * SEC }),
    lowBuffer: fc.integer({ min: 0, max: 20 * SEC }),
  })
  .map((c) => {
    let acc = c.base;
    const kbps = c.steps.map((s, i) => (i === 0 ? acc : (acc += s)));
    return { ...c, ladder: Float64Array.from(kbps), params: { safety: c.safety, reservoir: c.reservoir, cushion: c.cushion, lowBuffer: c.lowBuffer } };
  });
const tpArb = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 60000 }));

/** The highest rung whose threshold is at most `tp` (-1 when none is). */
const highestUnder = (out: Float64Array, tp: number): number => {
  let k = -1;
  for (let j = 0; j < out.length; j++) if (out[j] <= tp) k = j;
  return k;
};

for (const name of abrRuleNames) {
  test(`${name}: returns a valid rung, never above the cap`, () => {
    fc.assert(
      fc.property(caseArb, tpArb, (c, tp) => {
        const k = makeAbr(name, c.params).choose(c.current, tp, c.buffer, c.cap, c.ladder);
        return Number.isInteger(k) && k >= 0 && k < c.ladder.length && k <= Math.max(0, c.cap);
      }),
      { numRuns: RUNS },
    );
  });

  test(`${name}: monotone in throughput`, () => {
    fc.assert(
      fc.property(caseArb, tpArb, tpArb, (c, a, b) => {
        const r = makeAbr(name, c.params);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return r.choose(c.current, lo, c.buffer, c.cap, c.ladder) <= r.choose(c.current, hi, c.buffer, c.cap, c.ladder);
      }),
      { numRuns: RUNS },
    );
  });

  test(`${name}: thresholds agree with choose`, () => {
    fc.assert(
      fc.property(caseArb, fc.array(tpArb, { minLength: 1, maxLength: 10 }), (c, tps) => {
        const r = makeAbr(name, c.params);
        const out = r.thresholds(c.current, c.buffer, c.cap, c.ladder, new Float64Array(c.ladder.length));
        // Random throughputs, and each finite threshold exactly (where rounding would show).
        const probes = [...tps, ...[...out].filter(Number.isFinite)];
        for (const tp of probes) {
          if (r.choose(c.current, tp, c.buffer, c.cap, c.ladder) !== highestUnder(out, tp)) return false;
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });
}

test('throughput: the highest rung whose bitrate is at most safety * throughput', () => {
  fc.assert(
    fc.property(caseArb, tpArb, (c, tp) => {
      const cap = Math.max(0, Math.min(c.cap, c.ladder.length - 1));
      let expected = 0;
      for (let k = 1; k <= cap; k++) {
        // Exactly on a rung the rule's division and this product may round apart: such cases say nothing.
        if (Math.abs(c.ladder[k] - c.safety * tp) <= 1e-9 * c.ladder[k]) return true;
        if (c.ladder[k] <= c.safety * tp) expected = k;
      }
      return makeAbr('throughput', c.params).choose(c.current, tp, c.buffer, c.cap, c.ladder) === expected;
    }),
    { numRuns: RUNS },
  );
});

test.run();
