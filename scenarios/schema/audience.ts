/** `audience`: who shows up, when, for how long, and from where. */
import { z } from 'zod';
import { arrivalCurveNames } from '../../models/audience/curves/registry.ts';
import { count, duration, fraction } from './quantities.ts';

export const audienceSection = z.strictObject({
  uniqueViewers: count().meta({ description: 'Distinct viewers over the whole run.' }),
  peakConcurrent: count().meta({ description: 'Forecast peak of viewers watching at once; session lengths are calibrated to it.' }),
  curve: z.enum(arrivalCurveNames).default('live-event').meta({ description: 'Arrival curve shape.' }),
  start: duration().meta({ description: 'When the main event starts, from the start of the run.' }),
  length: duration().meta({ description: 'How long the event runs; the exodus follows.' }),
  spread: duration().prefault('5m').meta({ description: 'Width of the rush around the start.' }),
  preShow: duration().prefault('30m').meta({ description: 'Pre-show trickle before the start.' }),
  lateJoiners: fraction().prefault(0.15).meta({ description: 'Share of viewers joining during the event, after the rush.' }),
  exodus: duration().prefault('10m').meta({ description: 'Mean time for the remaining viewers to leave after the end.' }),
  regions: z.record(z.string(), z.number().positive()).meta({ description: 'Share of viewers homed in each control-plane region (weights).' }),
  dips: z
    .array(z.strictObject({ at: duration(), for: duration(), fraction: fraction(), label: z.string().optional() }))
    .default([])
    .meta({ description: 'Breaks: a share of watchers leave at `at` and press Play again `for` later.' }),
});
export type AudienceSection = z.output<typeof audienceSection>;
