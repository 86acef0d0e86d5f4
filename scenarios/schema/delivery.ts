/**
 * Segment delivery: the ingest pipelines, the live origin's regions, the CDN sites, and how the
 * simulation groups viewers (`delivery`). The players' side (buffer, ABR, last mile, clocks) is
 * `player.playback`. See sim/build/delivery/.
 */
import { z } from 'zod';
import { cachePolicyNames } from '../../models/edge/cache/registry.ts';
import { DEFAULT_LADDER_KBPS } from '../../models/ingest/ladder.ts';
import { bandwidth, duration, positiveCount, rate, size, wholeCount } from './quantities.ts';

export const cdnSection = z.strictObject({
  sites: positiveCount().meta({ description: 'CDN sites (locations inside ISPs and exchanges).' }),
  edgesPerSite: positiveCount().default(3).meta({ description: 'Edge servers per site; one per rendition fills the site from the origin.' }),
  siteWeights: z
    .union([z.literal('uniform'), z.strictObject({ zipf: z.number().min(0) })])
    .default({ zipf: 0.6 })
    .meta({ description: 'How viewers spread over sites: uniform, or Zipf over site rank.' }),
  edge: z
    .strictObject({
      egress: bandwidth().prefault('40Gbps'),
      rps: rate().prefault('50k/s').meta({ description: 'Requests per second served without queueing.' }),
      maxQueue: wholeCount().prefault(50_000).meta({ description: 'Requests that may wait beyond rps before the edge refuses (503).' }),
      cache: z
        .strictObject({ policy: z.enum(cachePolicyNames).default('lru'), capacity: size().prefault('2GB') })
        .prefault({}),
      latency: duration().prefault('5ms').meta({ description: 'Edge to player, one way (added to every answer).' }),
    })
    .prefault({}),
  backbone: z
    .strictObject({
      bandwidth: bandwidth().prefault('10Gbps').meta({ description: 'Per site, origin to site.' }),
      latency: duration().prefault('30ms').meta({ description: 'One way, origin to site.' }),
    })
    .prefault({}),
  fillLatency: duration().prefault('1ms').meta({ description: 'In-site fill from the fill node to a sibling edge.' }),
});
export type CdnSection = z.output<typeof cdnSection>;

const pipeline = z.strictObject({
  region: wholeCount().default(0).meta({ description: 'Cloud ingest region (index) the pipeline runs in.' }),
  encodeLatency: duration().prefault('1s').meta({ description: 'From the end of a segment\'s media to its publish.' }),
  skew: duration().prefault('0s').meta({ description: 'Added to every publish time (pipelines are not frame-aligned).' }),
});

export const ingestSection = z.strictObject({
  segment: duration().prefault('2s').meta({ description: 'Segment duration D.' }),
  ladder: z.array(z.number().positive()).min(1).max(16).default([...DEFAULT_LADDER_KBPS]).meta({ description: 'Renditions in kbps, lowest first.' }),
  pipelines: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a name of letters, digits, "_" or "-"'), pipeline)
    .prefault({ A: { region: 0 }, B: { region: 1 } })
    .meta({ description: 'Redundant encoding pipelines, each publishing every segment.' }),
  failover: z
    .strictObject({
      mode: z.enum(['automatic', 'operator']).default('automatic'),
      delay: duration().optional().meta({ description: 'Failure to switch (default 6s automatic, 10s operator).' }),
    })
    .prefault({}),
});
export type IngestSection = z.output<typeof ingestSection>;

export const originSection = z.strictObject({
  regions: z
    .record(
      z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a name of letters, digits, "_" or "-"'),
      z.strictObject({
        readRps: rate().prefault('50k/s').meta({ description: 'Reads per second (CDN fetches) at full capacity.' }),
        publishRps: rate().prefault('5k/s').meta({ description: 'Publishes per second (isolated from reads).' }),
        cacheObjects: positiveCount().default(4096).meta({ description: 'Objects in the in-memory read cache.' }),
      }),
    )
    .prefault({ primary: {} })
    .meta({ description: 'Origin regions; site i fills from region i mod (number of regions), in the order listed.' }),
  maxHold: duration().prefault('1s').meta({ description: 'Longest a request for a segment about to be published is held (0: answer 404).' }),
});
export type OriginSection = z.output<typeof originSection>;

export const deliverySection = z.strictObject({
  mode: z.enum(['cohort', 'viewer']).default('cohort').meta({
    description: 'cohort: viewers alike (site, edge, throughput class, rendition, phase, state) move as one counted group; viewer: one fetch loop per viewer.',
  }),
  // Fewer phases put more viewers on one request instant, and where edges saturate the cohorts then
  // overstate rebuffering: on the agreement fixture (seeds 7-12) 2 phases give 1.30% against the
  // per-viewer 0.80%, 4 give 0.92%, 20 give 0.87%; hit ratio and origin load barely move.
  phases: positiveCount().default(4).meta({
    description: 'Cohort mode: request phases per segment (request times are rounded up to D / phases). Fewer phases run faster but overstate rebuffering on saturated edges (2 phases: about 1.6x); keep 4 or more when rebuffering is the question.',
  }),
  stateQuantum: duration().prefault('100ms').meta({ description: 'Cohort mode: buffer, lag and stall are rounded to this, so alike cohorts merge.' }),
});
export type DeliverySection = z.output<typeof deliverySection>;
