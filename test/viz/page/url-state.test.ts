/** The permalink's hash round-trips, and nonsense in it is ignored rather than trusted. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatHash, parseHash } from '../../../viz/page/url-state.ts';

test('round trip, names with separators included', () => {
  const s = { zoom: [1800, 3600.5] as [number, number], at: 2000, off: new Set(['a,b', 'c&d=e']), on: new Set(['x.y']) };
  const h = formatHash(s);
  assert.is(h, '#z=1800,3600.5&at=2000&off=a%2Cb,c%26d%3De&on=x.y');
  assert.equal(parseHash(h), s);
});

test('defaults and rejects', () => {
  assert.is(formatHash({ zoom: null, at: null, off: new Set(), on: new Set() }), '');
  const empty = parseHash('');
  assert.equal(empty, { zoom: null, at: null, off: new Set(), on: new Set() });
  assert.is(parseHash('#z=5,1').zoom, null);
  assert.is(parseHash('#z=a,b').zoom, null);
  assert.is(parseHash('#at=x').at, null);
  assert.equal(parseHash('#off=%E0%A4%A').off, new Set(['%E0%A4%A']));
});

test.run();
