/** The surge builder: `audience` + `player` + `topology.controlPlane` become a SurgeSim. */
import type { Scenario } from '../../../scenarios/schema/scenario.ts';
import { arrivalCurves } from '../../../models/audience/curves/registry.ts';
import { joinsPerBin, maxPeak } from '../../../models/audience/forecast.ts';
import { MIN } from '../../../models/time.ts';
import type { Builder } from '../types.ts';
import { SurgeSim } from './surge.ts';
import { CAUSES } from './viewers.ts';
import { REQUEST_COLUMNS, SURGE_METRICS, surgeSummary } from './metrics.ts';

export { SURGE_METRICS };

const present = (s: Scenario) => [s.audience, s.player, s.topology.controlPlane].filter(Boolean).length;

export const surgeBuilder: Builder = {
  name: 'surge',
  applies: (s) => present(s) === 3,
  metrics: () => [...SURGE_METRICS, ...CAUSES.map((c) => `playRequestsByCause.${c}`)],
  targets: (s) => {
    const regions = Object.keys(s.topology.controlPlane?.regions ?? {});
    return [...regions.map((r) => `controlPlane/${r}`), 'playback', ...regions.map((r) => `playback/${r}`)];
  },
  check(s) {
    const problems: Array<{ path: string; message: string }> = [];
    const n = present(s);
    if (n === 0) return problems;
    if (n < 3) {
      for (const [path, v] of [['audience', s.audience], ['player', s.player], ['topology.controlPlane', s.topology.controlPlane]] as const) {
        if (!v) problems.push({ path, message: 'the surge model needs audience, player and topology.controlPlane together; this one is missing' });
      }
      return problems;
    }
    const a = s.audience!;
    const regions = Object.keys(s.topology.controlPlane!.regions);
    if (regions.length === 0) problems.push({ path: 'topology.controlPlane.regions', message: 'expected at least one region' });
    if (regions.length > 255) problems.push({ path: 'topology.controlPlane.regions', message: 'at most 255 regions' });
    for (const r of Object.keys(a.regions)) {
      if (!regions.includes(r)) problems.push({ path: `audience.regions.${r}`, message: `no control-plane region "${r}" (known: ${regions.join(', ')})` });
    }
    if (!Number.isInteger(a.uniqueViewers) || a.uniqueViewers < 1) problems.push({ path: 'audience.uniqueViewers', message: 'expected a whole number of at least 1' });
    if (a.peakConcurrent > a.uniqueViewers) problems.push({ path: 'audience.peakConcurrent', message: `cannot exceed uniqueViewers (${a.uniqueViewers})` });
    if (s.duration % s.interval !== 0) problems.push({ path: 'duration', message: 'expected a whole number of recording intervals' });
    if (s.interval > MIN) problems.push({ path: 'interval', message: 'the surge model records at most a minute per interval' });
    if (problems.length === 0) {
      const bins = s.duration / s.interval;
      const density = arrivalCurves[a.curve]({ start: a.start, length: a.length, spread: a.spread, preShow: a.preShow, lateJoiners: a.lateJoiners });
      try {
        const joins = joinsPerBin(density, bins, s.interval, a.uniqueViewers);
        const most = maxPeak(joins, s.interval, a.start + a.length, a.exodus);
        if (a.peakConcurrent > most * 0.999) {
          problems.push({ path: 'audience.peakConcurrent', message: `this curve and run length reach at most ${Math.floor(most).toLocaleString('en-US')} at once; lower it or raise uniqueViewers` });
        }
      } catch (e) {
        problems.push({ path: 'audience.curve', message: (e as Error).message });
      }
    }
    s.faults.forEach((f, i) => {
      if (f.target.startsWith('playback') && f.kind !== 'down') problems.push({ path: `faults[${i}].kind`, message: 'playback faults are interruptions: expected kind "down"' });
    });
    return problems;
  },
  build(ctx) {
    const sim = new SurgeSim(ctx);
    ctx.shared.set('surge', sim);
    const { recorder } = ctx;
    recorder.trackSum(REQUEST_COLUMNS);
    return {
      onInterval: (t) => sim.onInterval(t),
      summary: () => surgeSummary(recorder, {
        regionNames: sim.regionNames,
        intervalUs: ctx.scenario.interval,
        uniqueViewers: sim.uniqueViewers(),
        playAttempts: sim.playAttempts,
        playStarts: sim.playStarts,
        meanSessionUs: sim.meanSession,
        viewersStillTrying: sim.stillTrying(),
      }),
    };
  },
};
