/** SLO verdicts: a metric missing or not a number is a failure, never a silent pass. */
import type { Slo } from '../../scenarios/schema/common.ts';

export interface SloVerdict {
  metric: string;
  max?: number;
  min?: number;
  value: number | null;
  pass: boolean;
}

/** Reads `a.b.c` from nested metrics. */
export function metricAt(metrics: Record<string, unknown>, path: string): number | null {
  let v: unknown = metrics;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[k];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function judge(slos: readonly Slo[], metrics: Record<string, unknown>): SloVerdict[] {
  return slos.map((s) => {
    const value = metricAt(metrics, s.metric);
    const pass = value !== null && (s.max === undefined || value <= s.max) && (s.min === undefined || value >= s.min);
    return { metric: s.metric, ...(s.max !== undefined && { max: s.max }), ...(s.min !== undefined && { min: s.min }), value, pass };
  });
}
