/** `controlPlane` (regions serving the play API) and the surge's `policies`. */
import { z } from 'zod';
import { durationDist } from './common.ts';
import { bandwidth, duration, fraction, positiveCount, wholeCount } from './quantities.ts';

const background = (perViewer: number, service: string) =>
  z
    .strictObject({
      perViewer: z.number().min(0).default(perViewer).meta({ description: 'Requests per second per watching viewer.' }),
      service: duration().prefault(service),
    })
    .prefault({});

export const controlPlaneSection = z.strictObject({
  regions: z.record(
    z.string(),
    z.strictObject({
      workers: positiveCount().meta({ description: 'Requests served at once.' }),
      queueLimit: wholeCount().prefault(10000),
      service: durationDist().meta({ description: 'Worker time per play request (session, manifest, licence).' }),
      rtt: duration().prefault('60ms').meta({ description: 'Round trip between players and the region.' }),
    }),
  ),
  personalizationShare: fraction().prefault(0.3).meta({ description: 'Share of a play request spent on personalization.' }),
  background: z
    .strictObject({
      prefetch: background(0.0005, '20ms'),
      bookmarks: background(0.0005, '5ms'),
      personalization: background(0.0002, '30ms'),
    })
    .prefault({})
    .meta({ description: 'Lower-priority traffic from viewers already watching.' }),
});
export type ControlPlaneSection = z.output<typeof controlPlaneSection>;

export const surgePolicies = {
  admission: z
    .strictObject({
      priorities: z.boolean().default(false).meta({ description: 'Play requests before background traffic.' }),
      maxQueueWait: duration().optional().meta({ description: 'Shed at once when the expected wait exceeds this.' }),
      dropExpired: z.boolean().default(false).meta({ description: 'Skip queued requests whose client has timed out.' }),
    })
    .prefault({}),
  degradation: z
    .strictObject({
      enabled: z.boolean().default(false),
      enterAt: z.number().positive().default(0.9),
      exitAt: z.number().positive().default(0.6),
      bitrateCap: bandwidth().prefault('6Mbps').meta({ description: 'Top bitrate players may pick once the last step (cap-bitrate) is in force.' }),
    })
    .prefault({}),
  retryAfter: z
    .strictObject({ enabled: z.boolean().default(false), min: duration().prefault('1s'), max: duration().prefault('60s') })
    .prefault({})
    .meta({ description: 'Answer 503s with a Retry-After appointment.' }),
  rebalancing: z
    .strictObject({ enabled: z.boolean().default(false), threshold: z.number().positive().default(0.9), step: fraction().prefault(0.1) })
    .prefault({}),
};
