import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { LogHistogram } from '../../../sim/record/histogram.ts';

test('quantiles are within 0.5% of the exact order statistic', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (xs, q) => {
      const h = new LogHistogram();
      for (const x of xs) h.record(x);
      const sorted = [...xs].sort((a, b) => a - b);
      const exact = sorted[Math.max(1, Math.ceil(q * xs.length)) - 1];
      const got = h.quantile(q);
      return Math.abs(got - exact) <= exact * 0.0051;
    }),
    { numRuns: 500 },
  );
});

test('empty is NaN; zero is recorded; reset clears', () => {
  const h = new LogHistogram();
  assert.ok(Number.isNaN(h.quantile(0.5)));
  h.record(0);
  h.record(0);
  assert.is(h.quantile(0.99), 0);
  h.reset();
  assert.is(h.count, 0);
});

test.run();
