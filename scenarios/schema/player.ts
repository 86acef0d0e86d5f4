/** `player`: how a player starts playback, retries, and when its viewer gives up or presses Play again. */
import { z } from 'zod';
import { backoffPolicyNames } from '../../models/backoff/registry.ts';
import { abrRuleNames } from '../../models/player/abr/registry.ts';
import { DEFAULT_PLAYBACK } from '../../models/player/playback.ts';
import { durationDist } from './common.ts';
import { bandwidth, duration, fraction, positiveCount, wholeCount } from './quantities.ts';

const us = (v: number) => `${v}us`;
const dflt = DEFAULT_PLAYBACK;

/** Steady playback once started: the buffer, ABR, CDN switching, last mile and clocks (segment delivery). */
export const playbackSection = z
  .strictObject({
    targetBuffer: duration().prefault(us(dflt.targetBuffer)).meta({ description: 'Media buffered at start; players join this far behind live.' }),
    slowFactor: z.number().positive().default(dflt.slowFactor).meta({ description: 'A fetch slower than this many segment durations is slow.' }),
    errorsToSwitch: positiveCount().default(dflt.errorsToSwitch).meta({ description: 'Consecutive failed fetches (503) before moving to another CDN site.' }),
    slowToSwitch: positiveCount().default(dflt.slowToSwitch).meta({ description: 'Consecutive slow fetches before moving to another CDN site.' }),
    stallGiveUp: duration().prefault(us(dflt.stallGiveUp)).meta({ description: 'Frozen (or failing) this long, the viewer stops and presses Play again.' }),
    abr: z
      .strictObject({
        rule: z.enum(abrRuleNames).default(dflt.abr.rule),
        safety: fraction().default(dflt.abr.safety),
        reservoir: duration().prefault(us(dflt.abr.reservoir)),
        cushion: duration().prefault(us(dflt.abr.cushion)),
        lowBuffer: duration().prefault(us(dflt.abr.lowBuffer)),
      })
      .prefault({}),
    lastMile: z
      .strictObject({
        mean: bandwidth().prefault('25Mbps'),
        cv: z.number().min(0).default(1).meta({ description: 'Coefficient of variation of the lognormal over viewers.' }),
        classes: positiveCount().default(4).meta({ description: 'Equiprobable throughput classes the distribution is cut into (at most 16).' }),
      })
      .prefault({})
      .meta({ description: 'Each viewer\'s download throughput, drawn once per playback.' }),
    clockSkew: z
      .strictObject({
        share: fraction().default(0).meta({ description: 'Share of players whose clock runs ahead.' }),
        ahead: duration().prefault('4s').meta({ description: 'How far ahead: they ask for segments this early.' }),
      })
      .prefault({}),
  })
  .prefault({});

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
  playback: playbackSection,
});
export type PlayerSection = z.output<typeof playerSection>;
