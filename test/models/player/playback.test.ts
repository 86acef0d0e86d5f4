/** The playing part's parameters: documented defaults, and partial options merged over them. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_PLAYBACK, playbackParams } from '../../../models/player/playback.ts';
import { SEC } from '../../../models/time.ts';

test('defaults', () => {
  assert.equal(playbackParams(), {
    segment: 2 * SEC, targetBuffer: 6 * SEC, slowFactor: 1, errorsToSwitch: 2, slowToSwitch: 3, stallGiveUp: 10 * SEC,
    abr: { rule: 'hybrid', safety: 0.8, reservoir: 2 * SEC, cushion: 4 * SEC, lowBuffer: 4 * SEC },
  });
});

test('options override field by field, including inside abr, and leave the defaults alone', () => {
  const p = playbackParams({ targetBuffer: 4 * SEC, abr: { rule: 'buffer', cushion: 8 * SEC } });
  assert.equal(p.targetBuffer, 4 * SEC);
  assert.equal(p.abr, { rule: 'buffer', safety: 0.8, reservoir: 2 * SEC, cushion: 8 * SEC, lowBuffer: 4 * SEC });
  assert.equal(DEFAULT_PLAYBACK.abr.rule, 'hybrid');
  assert.equal(DEFAULT_PLAYBACK.targetBuffer, 6 * SEC);
});

test.run();
