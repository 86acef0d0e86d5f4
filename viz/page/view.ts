/**
 * The state every panel shares: the runs, the time window, the cursor and which series are shown.
 * Panels read it when they draw and change it only through its setters, which tell the listeners;
 * nothing else holds state, so the URL, the panels and the overview cannot disagree.
 */
import { faultBands, fullExtent, layout, type FaultBand, type PanelSpec, type RunData } from './run-data.ts';

export type ViewEvent = 'domain' | 'cursor' | 'series' | 'data';

/** Default number of series shown per chart (the rest are a click away in the legend). */
const SHOWN_SINGLE = 8;
const SHOWN_COMPARE = 3;

export class View {
  runs: RunData[] = [];
  panels: PanelSpec[] = [];
  faults: FaultBand[] = [];
  full: [number, number] = [0, 1];
  zoom: [number, number] | null = null;
  cursor: number | null = null;
  pinned = false;
  readonly off = new Set<string>();
  readonly on = new Set<string>();
  private defaults = new Map<string, boolean>();
  private listeners = new Map<ViewEvent, Array<() => void>>();

  get compare(): boolean {
    return this.runs.length > 1;
  }

  get domain(): [number, number] {
    return this.zoom ?? this.full;
  }

  setRuns(runs: RunData[]): void {
    this.runs = runs;
    this.panels = layout(runs);
    this.faults = faultBands(runs);
    this.full = fullExtent(runs);
    const shown = this.compare ? SHOWN_COMPARE : SHOWN_SINGLE;
    this.defaults.clear();
    for (const p of this.panels) for (const c of p.charts) c.series.forEach((s, i) => this.defaults.set(s.name, i < shown));
    if (this.zoom) this.zoom = this.clamp(this.zoom);
    this.emit('data');
  }

  setZoom(z: [number, number] | null): void {
    const next = z ? this.clamp(z) : null;
    if (next === this.zoom || (next && this.zoom && next[0] === this.zoom[0] && next[1] === this.zoom[1])) return;
    this.zoom = next;
    this.emit('domain');
  }

  /** Moves the cursor (ignored while pinned, unless `pin` is given). */
  setCursor(t: number | null, pin?: boolean): void {
    if (this.pinned && pin === undefined) return;
    const pinned = pin === undefined ? this.pinned : pin && t !== null;
    if (t === this.cursor && pinned === this.pinned) return;
    this.cursor = t;
    this.pinned = pinned;
    this.emit('cursor');
  }

  /** Whether a series is drawn (a series absent from the layout never is). */
  visible(name: string): boolean {
    return this.defaults.get(name) ? !this.off.has(name) : this.on.has(name);
  }

  setVisible(names: readonly string[], shown: boolean): void {
    for (const name of names) {
      const byDefault = this.defaults.get(name) ?? false;
      const [add, del] = shown === byDefault ? [null, shown ? this.off : this.on] : [shown ? this.on : this.off, null];
      add?.add(name);
      del?.delete(name);
    }
    this.emit('series');
  }

  listen(event: ViewEvent, fn: () => void): void {
    const list = this.listeners.get(event) ?? [];
    list.push(fn);
    this.listeners.set(event, list);
  }

  private emit(event: ViewEvent): void {
    for (const fn of this.listeners.get(event) ?? []) fn();
  }

  /** Keeps a window inside the runs' extent and at least one interval wide; the whole extent is no zoom. */
  private clamp([a, b]: [number, number]): [number, number] | null {
    const [lo, hi] = this.full;
    const minSpan = Math.min(hi - lo, Math.max(...this.runs.map((r) => r.intervalSec), 1e-3) * 2);
    let x0 = Math.max(lo, Math.min(a, b));
    let x1 = Math.min(hi, Math.max(a, b));
    if (x1 - x0 < minSpan) {
      const mid = (x0 + x1) / 2;
      x0 = Math.max(lo, mid - minSpan / 2);
      x1 = Math.min(hi, x0 + minSpan);
    }
    return x0 <= lo && x1 >= hi ? null : [x0, x1];
  }
}

export const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
/** Runs in compare mode: the first two as far apart as possible (blue, orange), then more. */
export const RUN_COLORS = ['#1f6fd1', '#e8710a', '#16a05d', '#c23b80', '#7b4fd0', '#6b7280'];
/** In compare mode colour means the run, so a chart's series differ by dash. */
export const DASHES = ['', '7 3', '2 2.5', '10 3 2 3', '1 3'];

/** The stroke of series `i` (its index within its chart) for run `r`. */
export function strokeOf(view: View, i: number, r: number): { color: string; dash: string } {
  return view.compare
    ? { color: RUN_COLORS[r % RUN_COLORS.length], dash: DASHES[i % DASHES.length] }
    : { color: SERIES_COLORS[i % SERIES_COLORS.length], dash: '' };
}
