/**
 * From an Arrow timeline to what the panels draw. Everything is driven by the columns' metadata: a
 * column's `panel` picks its panel, its display unit picks its chart (one axis, one unit), and counters
 * become per-second rates. No metric name is known here, so new models' columns appear by themselves.
 */
import type { Table } from 'apache-arrow';
import type { Summary } from '../../sim/record/run-files.ts';

export const PANELS: ReadonlyArray<{ id: string; title: string }> = [
  { id: 'audience', title: 'Audience' },
  { id: 'control', title: 'Control plane' },
  { id: 'cdn', title: 'CDN' },
  { id: 'origin', title: 'Origin' },
  { id: 'ingest', title: 'Ingest' },
  { id: 'push', title: 'Push fan-out' },
];
/** Columns naming no known panel still show, in a last panel, rather than vanish. */
const OTHER = { id: 'other', title: 'Other' };

export interface SeriesInfo {
  name: string;
  kind: string;
  /** The unit as drawn: a counter's unit per second ("req" → "req/s"). */
  unit: string;
  panel: string;
  description: string;
}

export interface RunData {
  label: string;
  summary: Summary | null;
  scenario: string;
  seed: string;
  mode: string;
  intervalSec: number;
  /** Interval ends, seconds, ascending. */
  t: Float64Array;
  /** Drawable values per column (counters already divided by the interval). */
  values: Map<string, Float64Array>;
  series: SeriesInfo[];
}

export function fromTable(table: Table, label: string, summary: Summary | null): RunData {
  const md = table.schema.metadata;
  const t = columnArray(table, 't');
  const intervalSec = Number(md.get('intervalSec')) || summary?.intervalSec || (t.length > 1 ? t[1] - t[0] : 1);
  const values = new Map<string, Float64Array>();
  const series: SeriesInfo[] = [];
  for (const f of table.schema.fields) {
    if (f.name === 't') continue;
    const kind = f.metadata.get('kind') ?? 'gauge';
    const unit = f.metadata.get('unit') ?? '';
    const known = PANELS.some((p) => p.id === f.metadata.get('panel'));
    const raw = columnArray(table, f.name);
    const rate = kind === 'counter';
    values.set(f.name, rate ? raw.map((v) => v / intervalSec) : raw);
    series.push({
      name: f.name,
      kind,
      unit: rate ? `${unit || 'events'}/s` : unit,
      panel: known ? f.metadata.get('panel')! : OTHER.id,
      description: f.metadata.get('description') ?? '',
    });
  }
  return {
    label,
    summary,
    scenario: summary?.scenario ?? md.get('scenario') ?? label,
    seed: String(summary?.seed ?? md.get('seed') ?? ''),
    mode: summary?.mode ?? md.get('mode') ?? '',
    intervalSec,
    t,
    values,
    series,
  };
}

function columnArray(table: Table, name: string): Float64Array {
  const v = table.getChild(name);
  if (!v) return new Float64Array(0);
  const a = v.toArray() as unknown;
  return a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number>);
}

export interface ChartSpec {
  /** Unique on the page: panel and unit. */
  key: string;
  panel: string;
  unit: string;
  series: SeriesInfo[];
}

export interface PanelSpec {
  id: string;
  title: string;
  charts: ChartSpec[];
}

/**
 * Panels in their fixed order, each present only if some run has a column for it; within a panel one
 * chart per unit, in the order columns first appear; series are the union over runs (by name).
 */
export function layout(runs: readonly RunData[]): PanelSpec[] {
  const charts = new Map<string, ChartSpec>();
  const seen = new Set<string>();
  for (const run of runs) {
    for (const s of run.series) {
      if (seen.has(s.name)) continue;
      seen.add(s.name);
      const key = `${s.panel}|${s.unit}`;
      let c = charts.get(key);
      if (!c) charts.set(key, (c = { key, panel: s.panel, unit: s.unit, series: [] }));
      c.series.push(s);
    }
  }
  return [...PANELS, OTHER]
    .map((p) => ({ ...p, charts: [...charts.values()].filter((c) => c.panel === p.id) }))
    .filter((p) => p.charts.length > 0);
}

/** The time span every run covers together: from the first interval's start to the last end. */
export function fullExtent(runs: readonly RunData[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of runs) {
    if (r.t.length === 0) continue;
    lo = Math.min(lo, r.t[0] - r.intervalSec);
    hi = Math.max(hi, r.t[r.t.length - 1]);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  return [Math.max(0, lo), Math.max(hi, lo + 1)];
}

export interface FaultBand {
  startSec: number;
  endSec: number;
  label: string;
  /** Runs that have this fault, as indices; all runs when the fault is common. */
  runs: number[];
}

/** The faults of all runs, a fault shared by several runs listed once. */
export function faultBands(runs: readonly RunData[]): FaultBand[] {
  const bands = new Map<string, FaultBand>();
  runs.forEach((r, i) => {
    for (const f of r.summary?.faults ?? []) {
      const key = `${f.startSec}|${f.endSec}|${f.label}`;
      const b = bands.get(key);
      if (b) b.runs.push(i);
      else bands.set(key, { startSec: f.startSec, endSec: f.endSec, label: f.label, runs: [i] });
    }
  });
  return [...bands.values()].sort((a, b) => a.startSec - b.startSec);
}
