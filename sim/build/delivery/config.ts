/**
 * The delivery part of a scenario, resolved once into plain numbers: defaults filled, units applied,
 * the ladder as a typed array, the playback parameters as the player models take them.
 */
import type { Scenario } from '../../../scenarios/schema/scenario.ts';
import { ingestSection, originSection, type CdnSection, type IngestSection, type OriginSection } from '../../../scenarios/schema/delivery.ts';
import { playbackParams, type PlaybackParams } from '../../../models/player/playback.ts';
import { segmentBytes, segmentCount } from '../../../models/ingest/ladder.ts';
import { FAILOVER_DELAYS } from '../../../models/ingest/failover.ts';
import type { Micros } from '../../../models/ports.ts';

export interface DeliveryConfig {
  mode: 'cohort' | 'viewer';
  /** Segment duration D, µs. */
  segment: Micros;
  ladder: Float64Array;
  /** Bytes of one segment per rendition. */
  bytes: Float64Array;
  /** Segments the run can need (its duration plus a margin for clocks running ahead). */
  segments: number;
  cdn: CdnSection;
  ingest: IngestSection;
  origin: OriginSection;
  failoverDelay: Micros;
  playback: PlaybackParams;
  lastMile: { meanBps: number; cv: number; classes: number };
  clockSkew: { share: number; ahead: Micros };
  phases: number;
  /** Cohort mode: the request grid, D / phases. */
  slot: Micros;
  stateQuantum: Micros;
  /** The earliest template publish time offset: min over pipelines of encodeLatency + skew. */
  publishLatency: Micros;
}

export function deliveryConfig(s: Scenario): DeliveryConfig {
  const ingest = s.topology.ingest ?? ingestSection.parse({});
  const origin = s.topology.origin ?? originSection.parse({});
  const pb = s.player!.playback;
  const D = ingest.segment;
  const ladder = Float64Array.from(ingest.ladder);
  const pipes = Object.values(ingest.pipelines);
  return {
    mode: s.delivery.mode,
    segment: D,
    ladder,
    bytes: Float64Array.from(ingest.ladder, (k) => segmentBytes(k, D)),
    segments: segmentCount(s.duration + pb.clockSkew.ahead + 4 * D, D),
    cdn: s.topology.cdn!,
    ingest,
    origin,
    failoverDelay: ingest.failover.delay ?? FAILOVER_DELAYS[ingest.failover.mode],
    playback: playbackParams({
      segment: D,
      targetBuffer: pb.targetBuffer,
      slowFactor: pb.slowFactor,
      errorsToSwitch: pb.errorsToSwitch,
      slowToSwitch: pb.slowToSwitch,
      stallGiveUp: pb.stallGiveUp,
      abr: pb.abr,
    }),
    lastMile: { meanBps: pb.lastMile.mean, cv: pb.lastMile.cv, classes: pb.lastMile.classes },
    clockSkew: { share: pb.clockSkew.share, ahead: pb.clockSkew.ahead },
    phases: s.delivery.phases,
    slot: D / s.delivery.phases,
    stateQuantum: s.delivery.stateQuantum,
    publishLatency: Math.min(...pipes.map((p) => p.encodeLatency + p.skew)),
  };
}
