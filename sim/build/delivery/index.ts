/**
 * The delivery builder: `topology.ingest`, `topology.origin`, `topology.cdn` and `player.playback` become
 * pipelines, live origins, CDN sites and players fetching segments, for the viewers the surge starts.
 * Applies when the scenario has `topology.cdn`; needs the surge (audience, player, control plane),
 * which hands it each viewer that starts playing and takes back those whose playback it gives up on.
 */
import type { Scenario } from '../../../scenarios/schema/scenario.ts';
import { PIPELINE_FAULT_KINDS } from '../../../scenarios/schema/common.ts';
import { ingestSection, originSection } from '../../../scenarios/schema/delivery.ts';
import type { Builder } from '../types.ts';
import type { SurgeSim } from '../surge/surge.ts';
import { deliveryConfig } from './config.ts';
import { DELIVERY_METRICS, DeliveryMetrics, DeliveryTally } from './metrics.ts';
import { PlayerStep } from './step.ts';
import { DeliveryWorld, splitTarget } from './world.ts';
import { ViewerMode } from './viewer-mode.ts';
import { CohortMode } from './cohort-mode.ts';

export { DELIVERY_METRICS };

type Problem = { path: string; message: string };

const SURGE_SECTIONS = (s: Scenario) =>
  [['audience', s.audience], ['player', s.player], ['topology.controlPlane', s.topology.controlPlane]] as const;

/** Fault kinds by target family. */
const KINDS: Record<string, readonly string[]> = {
  pipeline: PIPELINE_FAULT_KINDS,
  ingestRegion: ['down'],
  origin: ['down', 'degraded', 'slow'],
  site: ['down', 'degraded', 'slow'],
  sites: ['down', 'degraded', 'slow'],
  link: ['down', 'degraded', 'slow'],
};

function pipelineNames(s: Scenario): string[] {
  return Object.keys((s.topology.ingest ?? ingestSection.parse({})).pipelines);
}

function originNames(s: Scenario): string[] {
  return Object.keys((s.topology.origin ?? originSection.parse({})).regions);
}

function ingestRegionIds(s: Scenario): number[] {
  const ingest = s.topology.ingest ?? ingestSection.parse({});
  const set = new Set<number>(Object.values(ingest.pipelines).map((p) => p.region));
  originNames(s).forEach((_, i) => set.add(i));
  return [...set].sort((a, b) => a - b);
}

export const deliveryBuilder: Builder = {
  name: 'delivery',
  applies: (s) => Boolean(s.topology?.cdn),
  metrics: () => [...DELIVERY_METRICS],
  targets(s) {
    const sites = s.topology.cdn?.sites ?? 0;
    const names = [
      ...pipelineNames(s).map((n) => `pipeline/${n}`),
      ...ingestRegionIds(s).map((r) => `ingestRegion/${r}`),
      ...originNames(s).map((n) => `origin/${n}`),
      'sites',
    ];
    for (let i = 0; i < sites; i++) names.push(`site/${i}`, `link/${i}`);
    return names;
  },
  check(s) {
    const problems: Problem[] = [];
    for (const [path, v] of SURGE_SECTIONS(s)) {
      if (!v) problems.push({ path, message: 'segment delivery (topology.cdn) needs audience, player and topology.controlPlane; this one is missing' });
    }
    const cdn = s.topology.cdn!;
    if (cdn.sites > 65_535) problems.push({ path: 'topology.cdn.sites', message: 'at most 65,535 sites' });
    if (cdn.edgesPerSite > 255) problems.push({ path: 'topology.cdn.edgesPerSite', message: 'at most 255 edges per site' });
    const ingest = s.topology.ingest ?? ingestSection.parse({});
    if (Object.keys(ingest.pipelines).length === 0) problems.push({ path: 'topology.ingest.pipelines', message: 'expected at least one pipeline' });
    if (!(ingest.segment > 0)) problems.push({ path: 'topology.ingest.segment', message: 'expected a positive duration' });
    else if (ingest.segment % s.delivery.phases !== 0) {
      problems.push({ path: 'delivery.phases', message: `the segment (${ingest.segment} µs) must divide into ${s.delivery.phases} whole-µs phases` });
    }
    ingest.ladder.forEach((k, i) => {
      if (i > 0 && k <= ingest.ladder[i - 1]) problems.push({ path: `topology.ingest.ladder[${i}]`, message: 'expected bitrates in increasing order' });
    });
    if (Object.keys((s.topology.origin ?? originSection.parse({})).regions).length === 0) {
      problems.push({ path: 'topology.origin.regions', message: 'expected at least one origin region' });
    }
    const pb = s.player?.playback;
    if (pb && pb.lastMile.classes > 16) problems.push({ path: 'player.playback.lastMile.classes', message: 'at most 16 classes' });
    s.faults.forEach((f, i) => {
      const [family] = splitTarget(f.target);
      const kinds = KINDS[family];
      if (!kinds) return;
      if (!kinds.includes(f.kind)) {
        problems.push({ path: `faults[${i}].kind`, message: `a ${family} fault is one of: ${kinds.join(', ')}; got "${f.kind}"` });
      }
      if (family === 'sites' && f.share === undefined) problems.push({ path: `faults[${i}].share`, message: 'a "sites" fault needs `share` (the fraction of sites hit, e.g. 5%)' });
    });
    return problems;
  },
  build(ctx) {
    const s = ctx.scenario;
    const surge = ctx.shared.get('surge') as SurgeSim | undefined;
    if (!surge) throw new Error('delivery: built without the surge (checkScenario prevents this)');
    const c = deliveryConfig(s);
    const homes = surge.regionNames.length;
    const world = new DeliveryWorld(s, c, ctx.clock, ctx.rngs, surge.regionNames, ctx.faultTargets);
    const step = new PlayerStep(c);
    const tally = new DeliveryTally(c.ladder.length);
    const capRung = new Uint8Array(homes);
    const refreshCaps = () => { for (let h = 0; h < homes; h++) capRung[h] = step.capRung(surge.bitrateCap(h)); };
    refreshCaps();
    const rngs = { edge: ctx.rngs.stream('delivery/edges'), cls: ctx.rngs.stream('delivery/classes'), clock: ctx.rngs.stream('delivery/clocks') };
    const viewers = Math.round(s.audience!.uniqueViewers);
    const mode = c.mode === 'viewer'
      ? new ViewerMode(c, world, surge, step, tally, ctx.clock, rngs, capRung, viewers)
      : new CohortMode(c, world, surge, step, tally, ctx.clock, rngs, capRung, viewers, homes, s.duration,
        ctx.rngs.stream('delivery/cohorts'), ctx.rngs.stream('delivery/interrupts'));
    surge.setPlaybackListener(mode);
    const metrics = new DeliveryMetrics(ctx.recorder, world, tally, c.ladder, s.interval);
    ctx.shared.set('delivery', { world, tally, mode });
    return {
      onInterval(t) {
        refreshCaps();
        metrics.onInterval(t);
      },
      summary: () => metrics.summary(),
    };
  },
};
