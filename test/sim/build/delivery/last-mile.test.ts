import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastMileClasses, normalQuantile } from '../../../../sim/build/delivery/last-mile.ts';

test('normal quantiles at known points', () => {
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.01) + 2.326347874) < 1e-8);
});

test('four classes of 25 Mbps, cv 1: midpoint quantiles of the lognormal', () => {
  const c = lastMileClasses(25e6, 1, 4);
  assert.equal([...c].map((x) => Math.round(x / 1e3)), [6784, 13559, 23048, 46064]);
  // cv 0: every class is the mean.
  assert.equal([...lastMileClasses(8e6, 0, 3)].map(Math.round), [8e6, 8e6, 8e6]);
});

test.run();
