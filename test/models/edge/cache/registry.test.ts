import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Cache } from '../../../../models/edge/cache/cache.ts';
import { cachePolicies, cachePolicyNames, type CachePolicyName } from '../../../../models/edge/cache/registry.ts';

test('the registry names every policy, and the names list is its keys', () => {
  assert.equal(cachePolicyNames, ['lru', 'fifo', 'sieve']);
  assert.equal(Object.keys(cachePolicies), cachePolicyNames);
  // A type-level check: a name outside the registry does not compile.
  // @ts-expect-error 'arc' is not a registered policy
  const unknown: CachePolicyName = 'arc';
  assert.is(unknown in cachePolicies, false);
});

test('every registered policy builds a working cache', () => {
  for (const name of cachePolicyNames) {
    const cache = new Cache(cachePolicies[name], { capacity: 3, initialObjects: 1 });
    const pattern = [0, 1, 0, 2, 0, 3, 1, 4];
    for (let t = 0; t < 50; t++) {
      cache.get(pattern[t % pattern.length]!, 1, 20, t);
      cache.checkInvariants();
    }
    assert.ok(cache.hits > 0 && cache.evictions > 0, name);
    assert.is(cache.objects, 3, name);
  }
});

test.run();
