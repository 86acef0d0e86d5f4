/**
 * Holding two runs against each other (`livetwin compare`): for each compared metric, both values,
 * their difference and a verdict against the metric's tolerance. The first run is the reference:
 * a relative difference is taken against its value. A metric missing from either run, or not a
 * number, fails (as a missing SLO metric does): a comparison never passes by leaving something out.
 */
import { metricAt } from '../../sim/record/slo.ts';

export interface Tolerance {
  metric: string;
  /** `relative`: |b − a| / |a| at most `limit`; `absolute`: |b − a| at most `limit`. */
  kind: 'relative' | 'absolute';
  limit: number;
  /** How the tolerance reads in the table ("±5%", "±2 points"). */
  label: string;
}

/** The surge's tolerances for sim against real (issue 5). */
export const SURGE_TOLERANCES: readonly Tolerance[] = [
  { metric: 'playRequests', kind: 'relative', limit: 0.05, label: '±5%' },
  { metric: 'retryAmplification', kind: 'relative', limit: 0.05, label: '±5%' },
  { metric: 'playStartSuccessRate', kind: 'absolute', limit: 0.02, label: '±2 points' },
  { metric: 'playStartP50Ms', kind: 'relative', limit: 0.25, label: '±25%' },
  { metric: 'shedRequests', kind: 'relative', limit: 0.1, label: '±10%' },
];

export interface ComparedMetric {
  metric: string;
  a: number | null;
  b: number | null;
  /** b − a. */
  diff: number | null;
  /** (b − a) / |a|; null when a is 0 or missing. */
  relative: number | null;
  tolerance: Tolerance;
  pass: boolean;
}

export function compareMetrics(a: Record<string, unknown>, b: Record<string, unknown>, tolerances: readonly Tolerance[] = SURGE_TOLERANCES): ComparedMetric[] {
  return tolerances.map((t) => {
    const va = metricAt(a, t.metric);
    const vb = metricAt(b, t.metric);
    if (va === null || vb === null) return { metric: t.metric, a: va, b: vb, diff: null, relative: null, tolerance: t, pass: false };
    const diff = vb - va;
    const relative = va !== 0 ? diff / Math.abs(va) : null;
    const pass = t.kind === 'absolute'
      ? Math.abs(diff) <= t.limit + 1e-12
      // Against a reference of 0 only 0 is within a relative tolerance.
      : relative === null ? diff === 0 : Math.abs(relative) <= t.limit + 1e-12;
    return { metric: t.metric, a: va, b: vb, diff, relative, tolerance: t, pass };
  });
}
