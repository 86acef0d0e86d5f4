/**
 * The surge's timeline columns and summary metrics, declared and computed in one place so the
 * simulation (SurgeSim) and the real-mode host (pipeline/surge) write the same columns in the same
 * order and derive summary.json the same way.
 */
import type { Counter, Gauge, Histogram, Recorder } from '../../../models/ports.ts';
import type { RunRecorder } from '../../record/recorder.ts';
import { CAUSES } from './viewers.ts';

/** The summary metrics, by the names later issues and tools read. */
export const SURGE_METRICS = [
  'peakConcurrentViewers', 'uniqueViewers', 'playAttempts', 'playRequests', 'retryAmplification',
  'playStartSuccessRate', 'playStartP50Ms', 'playStartP99Ms', 'abandonedViewers', 'controlPlanePeakRps',
  'shedRequests', 'playTimeouts', 'refusedRequests', 'interruptedViewers', 'forecastPeakConcurrent',
  'meanSessionMin', 'maxDegradationLevel', 'viewersStillTrying',
] as const;

/** Play requests by cause: the columns whose per-interval sum is the control plane's request rate. */
export const REQUEST_COLUMNS = CAUSES.map((c) => `playRequests.${c}`);

export interface SurgeMetrics {
  concurrency: Gauge; forecast: Gauge; joins: Counter; departures: Counter; abandoned: Counter; interrupted: Counter;
  byCause: Counter[]; timeouts: Counter; playStart: Histogram; shares: Gauge[];
}

/** Declares the surge's own columns (the regions declare theirs after these). */
export function declareSurgeMetrics(recorder: Recorder, regionNames: readonly string[]): SurgeMetrics {
  const audience = 'audience';
  const control = 'control';
  return {
    concurrency: recorder.gauge('concurrency', { unit: 'viewers', panel: audience, description: 'viewers watching' }),
    forecast: recorder.gauge('forecastConcurrency', { unit: 'viewers', panel: audience, description: 'the forecast before the event' }),
    joins: recorder.counter('joins', { unit: 'viewers', panel: audience, description: 'first presses of Play' }),
    departures: recorder.counter('departures', { unit: 'viewers', panel: audience }),
    abandoned: recorder.counter('abandoned', { unit: 'viewers', panel: audience, description: 'gave up before playback started' }),
    interrupted: recorder.counter('interrupted', { unit: 'viewers', panel: audience, description: 'playback interrupted' }),
    byCause: CAUSES.map((c) => recorder.counter(`playRequests.${c}`, { unit: 'req', panel: control, description: `play requests: ${c}` })),
    timeouts: recorder.counter('playTimeouts', { unit: 'req', panel: control, description: 'client gave up waiting for an answer' }),
    playStart: recorder.histogram('playStartMs', { unit: 'ms', panel: control, description: 'press of Play to playback' }),
    shares: regionNames.map((r) => recorder.gauge(`cp.${r}.rebalancedShare`, { unit: 'ratio', panel: control, description: 'share of home traffic sent elsewhere' })),
  };
}

/** What the recorder cannot know: tallies kept by whoever ran the viewers. */
export interface SurgeFacts {
  regionNames: readonly string[];
  intervalUs: number;
  uniqueViewers: number;
  playAttempts: number;
  playStarts: number;
  meanSessionUs: number;
  viewersStillTrying: number;
}

/** summary.json's surge metrics from the recorder (REQUEST_COLUMNS tracked with `trackSum`) and the facts. */
export function surgeSummary(recorder: RunRecorder, f: SurgeFacts): Record<string, unknown> {
  const byCause = Object.fromEntries(CAUSES.map((c) => [c, recorder.total(`playRequests.${c}`)]));
  const playRequests = Object.values(byCause).reduce((a, b) => a + b, 0);
  const sum = (metric: string) => f.regionNames.reduce((a, r) => a + recorder.total(`cp.${r}.${metric}`), 0);
  const peakRps = recorder.peakOfSum(REQUEST_COLUMNS) / (f.intervalUs / 1e6);
  const ps = recorder.summarize('playStartMs');
  return {
    peakConcurrentViewers: recorder.peak('concurrency'),
    uniqueViewers: f.uniqueViewers,
    playAttempts: f.playAttempts,
    playRequests,
    retryAmplification: f.playAttempts > 0 ? playRequests / f.playAttempts : 0,
    playStartSuccessRate: f.playAttempts > 0 ? f.playStarts / f.playAttempts : 0,
    playStartP50Ms: ps.p50,
    playStartP99Ms: ps.p99,
    abandonedViewers: recorder.total('abandoned'),
    controlPlanePeakRps: peakRps,
    shedRequests: sum('shed') + sum('expired'),
    playTimeouts: recorder.total('playTimeouts'),
    refusedRequests: sum('refused'),
    interruptedViewers: recorder.total('interrupted'),
    forecastPeakConcurrent: Math.round(recorder.peak('forecastConcurrency')),
    meanSessionMin: f.meanSessionUs / 60e6,
    maxDegradationLevel: Math.max(...f.regionNames.map((r) => recorder.peak(`cp.${r}.degradationLevel`))),
    viewersStillTrying: f.viewersStillTrying,
    playRequestsByCause: byCause,
  };
}
