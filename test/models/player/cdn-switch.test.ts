/** CDN switching: exactly after the configured runs of failures or slow fetches, and runs reset as documented. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { afterFetchResult, CdnSwitch } from '../../../models/player/cdn-switch.ts';

type Fetch = 'ok' | 'slow' | 'fail';
const p = { errorsToSwitch: 2, slowToSwitch: 3 };

/** Feeds fetches in order; returns the 1-based positions at which the player switched. */
function switches(fetches: readonly Fetch[], params = p): number[] {
  const out = new CdnSwitch();
  const at: number[] = [];
  fetches.forEach((f, i) => {
    afterFetchResult(out.errors, out.slow, f !== 'fail', f === 'slow', params, out);
    if (out.switchSite) at.push(i + 1);
  });
  return at;
}

test('switches on the second consecutive failure', () => {
  assert.equal(switches(['fail', 'fail']), [2]);
  assert.equal(switches(['fail', 'fail', 'fail', 'fail']), [2, 4]); // the count restarts on the new site
});

test('switches on the third consecutive slow fetch', () => {
  assert.equal(switches(['slow', 'slow', 'slow']), [3]);
  assert.equal(switches(['ok', 'slow', 'slow', 'slow', 'slow']), [4]);
});

test('a success resets the failure count; a fast success or a failure resets the slow count', () => {
  assert.equal(switches(['fail', 'ok', 'fail', 'slow', 'fail']), []);
  assert.equal(switches(['slow', 'slow', 'ok', 'slow', 'slow']), []);
  assert.equal(switches(['slow', 'slow', 'fail', 'slow', 'slow']), []);
  const out = afterFetchResult(1, 2, true, false, p, new CdnSwitch());
  assert.equal({ ...out }, { errors: 0, slow: 0, switchSite: false });
});

test('property: agrees with a reference that counts runs', () => {
  const fetch = fc.constantFrom<Fetch>('ok', 'slow', 'fail');
  fc.assert(
    fc.property(fc.array(fetch, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (fs, e, s) => {
      const expected: number[] = [];
      let errors = 0;
      let slow = 0;
      fs.forEach((f, i) => {
        errors = f === 'fail' ? errors + 1 : 0;
        slow = f === 'slow' ? slow + 1 : 0;
        if (errors === e || slow === s) {
          expected.push(i + 1);
          errors = 0;
          slow = 0;
        }
      });
      assert.equal(switches(fs, { errorsToSwitch: e, slowToSwitch: s }), expected);
    }),
    { numRuns: 300 },
  );
});

test.run();
