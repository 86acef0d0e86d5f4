/**
 * The stacked panels: one section per panel, one chart per unit inside it, all on the view's shared
 * time window. Each chart has its own y axis (labelled with its unit), a legend that toggles series and
 * reads their values at the cursor, the fault bands, and a brush: dragging zooms every chart.
 */
import { axisBottom, axisLeft, brushX, pointer, scaleLinear, select, type BrushBehavior, type D3BrushEvent, type ScaleLinear, type Selection } from 'd3';
import { extentOf, lowerBound, pathOf, thin, visibleRange } from './decimate.ts';
import { fmtClock, fmtValue, timeTicks } from './format.ts';
import type { ChartSpec, FaultBand, PanelSpec, SeriesInfo } from './run-data.ts';
import { strokeOf, type View } from './view.ts';

const HEIGHT = 156;
const M = { top: 22, right: 24, bottom: 22, left: 54 };

type G = Selection<SVGGElement, unknown, null, undefined>;
let clipIds = 0;

export class Panels {
  private charts: Chart[] = [];
  private layoutKey = '';

  constructor(private readonly root: HTMLElement, private readonly view: View) {}

  /** Builds the panels for the view's layout (again only if the layout changed); then draws. */
  build(): void {
    const key = JSON.stringify(this.view.panels.map((p) => p.charts.map((c) => [c.key, c.series.map((s) => s.name)])));
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.root.replaceChildren();
      this.charts = this.view.panels.flatMap((p) => this.buildPanel(p));
    }
    this.draw();
  }

  draw(): void {
    // Every chart has the same width: measure once, before drawing (reading a width after writing to
    // the page would lay it out again, per chart).
    const width = this.charts[0]?.measure() ?? 0;
    for (const c of this.charts) c.draw(width);
  }

  drawCursor(): void {
    for (const c of this.charts) c.drawCursor();
  }

  private buildPanel(p: PanelSpec): Chart[] {
    const section = document.createElement('section');
    section.className = 'panel';
    section.dataset.panel = p.id;
    const h = document.createElement('h2');
    h.textContent = p.title;
    section.append(h);
    this.root.append(section);
    return p.charts.map((spec, i) => new Chart(section, spec, this.view, i === 0));
  }
}

class Chart {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly plot: G;
  private readonly faults: G;
  private readonly faultLabels: G;
  private readonly grid: G;
  private readonly xAxis: G;
  private readonly yAxis: G;
  private readonly lines: G;
  private readonly rule: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly brushG: G;
  private readonly brush: BrushBehavior<unknown>;
  private readonly clipRect: Selection<SVGRectElement, unknown, null, undefined>;
  private readonly paths: Array<{ s: SeriesInfo; i: number; r: number; el: SVGPathElement }> = [];
  private readonly readouts = new Map<string, HTMLElement[]>();
  private readonly items = new Map<string, HTMLElement>();
  private x: ScaleLinear<number, number> = scaleLinear();
  private innerW = 0;
  private readonly wrap: HTMLDivElement;

  constructor(parent: HTMLElement, private readonly spec: ChartSpec, private readonly view: View, private readonly labelFaults: boolean) {
    const box = document.createElement('div');
    box.className = 'chart';
    box.dataset.unit = spec.unit;
    parent.append(box);
    const id = `clip-${++clipIds}`;

    this.wrap = select(box).append('div').attr('class', 'plot-wrap').node()!;
    this.svg = select(this.wrap).append('svg').attr('class', 'plot').attr('height', HEIGHT);
    this.clipRect = this.svg.append('defs').append('clipPath').attr('id', id).append('rect');
    this.plot = this.svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
    this.faults = this.plot.append('g').attr('class', 'faults');
    this.grid = this.plot.append('g').attr('class', 'grid');
    this.xAxis = this.plot.append('g').attr('class', 'axis x');
    this.yAxis = this.plot.append('g').attr('class', 'axis y');
    this.svg.append('text').attr('class', 'unit').attr('x', 6).attr('y', 13).text(spec.unit || '(no unit)');
    this.lines = this.plot.append('g').attr('class', 'lines').attr('clip-path', `url(#${id})`);
    this.faultLabels = this.plot.append('g').attr('class', 'fault-labels').attr('clip-path', `url(#${id})`);
    this.rule = this.plot.append('line').attr('class', 'rule').attr('y1', 0).attr('y2', HEIGHT - M.top - M.bottom);
    this.brushG = this.plot.append('g').attr('class', 'brush');

    spec.series.forEach((s, i) => {
      view.runs.forEach((run, r) => {
        if (!run.values.has(s.name)) return;
        const { color, dash } = strokeOf(view, i, r);
        const el = this.lines.append('path').attr('class', 'series').attr('data-series', s.name).attr('data-run', r)
          .attr('stroke', color).attr('stroke-dasharray', dash || null).node()!;
        this.paths.push({ s, i, r, el });
      });
    });

    this.brush = brushX().on('end', (ev: D3BrushEvent<unknown>) => this.brushed(ev));
    this.svg
      .on('pointermove', (ev: PointerEvent) => {
        const [px] = pointer(ev, this.plot.node());
        this.view.setCursor(px >= 0 && px <= this.innerW ? this.x.invert(px) : null);
      })
      .on('pointerleave', () => this.view.setCursor(null))
      .on('dblclick', () => this.view.setZoom(null));

    box.append(this.legend());
  }

  private brushed(ev: D3BrushEvent<unknown>): void {
    if (!ev.sourceEvent) return; // our own clearing of the brush
    const sel = ev.selection as [number, number] | null;
    if (sel) {
      // The selection only says where to zoom: every chart then shows it, so the brush itself goes.
      if (sel[1] - sel[0] >= 4) this.view.setZoom([this.x.invert(sel[0]), this.x.invert(sel[1])]);
      this.brushG.call(this.brush.move, null);
    } else {
      // A click without a drag pins the readout there; a second click lets it follow the pointer again.
      const [px] = pointer(ev.sourceEvent, this.plot.node());
      this.view.setCursor(this.x.invert(px), !this.view.pinned);
    }
  }

  private legend(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'legend';
    const head = document.createElement('div');
    head.className = 'legend-head';
    const title = document.createElement('span');
    title.textContent = `${this.spec.series.length} series`;
    const all = button('all', () => this.view.setVisible(this.spec.series.map((s) => s.name), true));
    const none = button('none', () => this.view.setVisible(this.spec.series.map((s) => s.name), false));
    head.append(title, all, none);
    el.append(head);
    const list = document.createElement('div');
    list.className = 'legend-items';
    el.append(list);
    this.spec.series.forEach((s, i) => {
      const item = document.createElement('div');
      item.className = 'item';
      item.dataset.series = s.name;
      item.title = `${s.name} (${s.kind}, ${s.unit})${s.description ? `\n${s.description}` : ''}\nclick: show/hide · double-click: only this`;
      const sw = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      sw.setAttribute('class', 'swatch');
      sw.setAttribute('width', '22');
      sw.setAttribute('height', '10');
      const { color, dash } = strokeOf(this.view, i, 0);
      const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      Object.entries({ x1: '1', x2: '21', y1: '5', y2: '5', stroke: this.view.compare ? '#444' : color, 'stroke-width': '2.5' })
        .forEach(([k, v]) => line.setAttribute(k, v));
      if (dash) line.setAttribute('stroke-dasharray', dash);
      sw.append(line);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = shortName(s.name, this.spec.panel);
      const vals = document.createElement('span');
      vals.className = 'vals';
      const readouts = this.view.runs.map((_, r) => {
        const v = document.createElement('span');
        v.className = 'v';
        if (this.view.compare) v.style.color = strokeOf(this.view, i, r).color;
        vals.append(v);
        return v;
      });
      this.readouts.set(s.name, readouts);
      item.append(sw, name, vals);
      item.addEventListener('click', (e) => {
        if (e.detail > 1) return;
        this.view.setVisible([s.name], !this.view.visible(s.name));
      });
      item.addEventListener('dblclick', () => {
        this.view.setVisible(this.spec.series.map((x) => x.name), false);
        this.view.setVisible([s.name], true);
      });
      this.items.set(s.name, item);
      list.append(item);
    });
    return el;
  }

  /** The width to draw at (reading it forces layout, so Panels reads it once before drawing). */
  measure(): number {
    return Math.max(240, this.wrap.clientWidth || 900);
  }

  draw(width: number): void {
    const { view, spec } = this;
    const [x0, x1] = view.domain;
    const iw = (this.innerW = width - M.left - M.right);
    const ih = HEIGHT - M.top - M.bottom;
    this.svg.attr('width', width).attr('data-domain', `${x0},${x1}`);
    this.clipRect.attr('width', iw).attr('height', ih + 1).attr('y', -1);
    const x = (this.x = scaleLinear([x0, x1], [0, iw]));

    // Thin each shown series for this window and width first: the y range fits what is drawn.
    let lo = Infinity;
    let hi = -Infinity;
    const ranges = view.runs.map((run) => visibleRange(run.t, x0, x1));
    const points = this.paths.map((p) => {
      if (!view.visible(p.s.name)) return null;
      const run = view.runs[p.r];
      const pts = thin(run.t, run.values.get(p.s.name)!, ...ranges[p.r], x, iw, p.s.kind === 'counter' ? 'mean' : 'envelope');
      const [a, b] = extentOf(pts.ys, 0, pts.n);
      if (a < lo) lo = a;
      if (b > hi) hi = b;
      return pts;
    });
    const y = scaleLinear().range([ih, 0]);
    if (!(lo <= hi)) y.domain([0, 1]);
    else if (spec.unit === 'ratio') {
      const pad = Math.max((hi - lo) * 0.1, 0.005);
      y.domain([Math.max(0, lo - pad), Math.min(1, hi + pad)]).nice(4);
    } else y.domain([Math.min(0, lo), hi > Math.min(0, lo) ? hi : Math.min(0, lo) + 1]).nice(4);

    const withHours = view.full[1] >= 3600;
    this.xAxis.attr('transform', `translate(0,${ih})`)
      .call(axisBottom(x).tickValues(timeTicks(x0, x1, Math.max(2, iw / 95))).tickFormat((d) => fmtClock(+d, withHours)).tickSizeOuter(0));
    this.yAxis.call(axisLeft(y).ticks(4).tickFormat((d) => fmtValue(+d, spec.unit)).tickSizeOuter(0));
    this.grid.call(axisLeft(y).ticks(4).tickSize(-iw).tickFormat(() => '')).call((g) => g.select('.domain').remove());

    const sx = (v: number) => x(v);
    const sy = (v: number) => y(v);
    this.paths.forEach((p, k) => {
      const pts = points[k];
      p.el.style.display = pts ? '' : 'none';
      p.el.setAttribute('d', pts ? pathOf(pts.xs, pts.ys, pts.n, sx, sy) : '');
    });
    for (const [name, item] of this.items) item.classList.toggle('off', !view.visible(name));

    // Bands under the lines, their labels (first chart of a panel only) over them.
    const inView = (f: FaultBand) => f.endSec >= x0 && f.startSec <= x1;
    this.faults.selectAll('rect.fault').data(view.faults).join('rect').attr('class', 'fault')
      .attr('x', (f) => clampPx(x(f.startSec), iw)).attr('y', 0).attr('height', ih)
      .attr('width', (f) => Math.max(1, clampPx(x(f.endSec), iw) - clampPx(x(f.startSec), iw)))
      .attr('display', (f) => (inView(f) ? null : 'none'));
    this.faultLabels.selectAll('text.fault-label').data(this.labelFaults ? view.faults : []).join('text').attr('class', 'fault-label')
      .attr('x', (f) => Math.max(0, x(f.startSec)) + 4).attr('y', 11)
      .attr('display', (f) => (inView(f) ? null : 'none'))
      .text((f) => f.label);

    this.brush.extent([[0, 0], [iw, ih]]);
    this.brushG.call(this.brush);
    this.drawCursor();
  }

  drawCursor(): void {
    const { view } = this;
    const t = view.cursor;
    const [x0, x1] = view.domain;
    const inside = t !== null && t >= x0 && t <= x1;
    this.rule.attr('display', inside ? null : 'none').classed('pinned', view.pinned);
    if (inside) this.rule.attr('x1', this.x(t)).attr('x2', this.x(t));
    for (const [name, cells] of this.readouts) {
      cells.forEach((cell, r) => {
        const run = view.runs[r];
        const v = run.values.get(name);
        let text = '';
        if (t !== null && v) {
          const i = lowerBound(run.t, t);
          if (i < run.t.length && run.t[i] - run.intervalSec < t + 1e-9) text = fmtValue(v[i], this.spec.unit);
        }
        if (cell.textContent !== text) cell.textContent = text;
      });
    }
  }
}

function clampPx(v: number, w: number): number {
  return Math.max(0, Math.min(w, v));
}

/** A series' name without its panel's prefix ("control.api.retry" in control: "api.retry"). */
function shortName(name: string, panel: string): string {
  return name.startsWith(`${panel}.`) ? name.slice(panel.length + 1) : name;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
