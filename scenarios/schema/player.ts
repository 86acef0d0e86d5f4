/** `player`: how a player starts playback, retries, and when its viewer gives up or presses Play again. */
import { z } from 'zod';
import { backoffPolicyNames } from '../../models/backoff/registry.ts';
import { durationDist } from './common.ts';
import { duration, fraction, positiveCount, wholeCount } from './quantities.ts';

export const playerSection = z.strictObject({
  timeout: duration().prefault('10s').meta({ description: 'A play request unanswered this long has failed.' }),
  maxAttempts: positiveCount().prefault(5).meta({ description: 'Automatic attempts per press of Play.' }),
  giveUpAfter: duration().prefault('2m').meta({ description: 'A viewer waiting this long since pressing Play leaves.' }),
  backoff: z
    .strictObject({
      policy: z.enum(backoffPolicyNames),
      base: duration().prefault('1s'),
      cap: duration().prefault('30s'),
      spread: z.number().min(0).default(0.5).meta({ description: 'server-guided: jitter above Retry-After, as a fraction of it.' }),
    })
    .meta({ description: 'Backoff between automatic retries.' }),
  restart: z
    .strictObject({
      probability: fraction().prefault(0.6).meta({ description: 'Chance a viewer presses Play again after the error screen.' }),
      max: wholeCount().prefault(3),
      thinkTime: durationDist().prefault({ dist: 'lognormal', mean: '8s', cv: 0.5 }),
    })
    .prefault({}),
  resume: durationDist()
    .prefault({ dist: 'lognormal', mean: '30s', cv: 0.3 })
    .meta({ description: 'After a playback interruption, how long until the viewer presses Play again.' }),
});
export type PlayerSection = z.output<typeof playerSection>;
