/**
 * The overview strip above the panels: the whole run at a glance (the first chart's first series per
 * run, the labelled fault bands) with a brush holding the zoomed window. Dragging or resizing the brush
 * zooms every panel as it moves; the panels' own brushes and double-click move it back in step.
 */
import { axisBottom, brushX, pointer, scaleLinear, select, type D3BrushEvent } from 'd3';
import { extentOf, linePath } from './decimate.ts';
import { fmtClock, timeTicks } from './format.ts';
import { RUN_COLORS, type View } from './view.ts';

const HEIGHT = 64;
const M = { top: 16, right: 24, bottom: 18, left: 54 };

export class Overview {
  private readonly svg;
  private readonly plot;
  private readonly ctx;
  private readonly faults;
  private readonly axis;
  private readonly rule;
  private readonly brushG;
  private readonly brush = brushX();
  private readonly title: HTMLElement;
  private readonly clock: HTMLElement;
  private x = scaleLinear();
  /** While the user drags the brush it is theirs: following the view would fight the gesture. */
  private dragging = false;

  constructor(private readonly root: HTMLElement, private readonly view: View) {
    const head = document.createElement('div');
    head.className = 'overview-title';
    this.title = document.createElement('span');
    this.clock = document.createElement('span');
    this.clock.className = 'clock';
    head.append(this.title, this.clock);
    root.append(head);
    this.svg = select(root).append('svg').attr('class', 'overview').attr('height', HEIGHT);
    this.plot = this.svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
    this.faults = this.plot.append('g').attr('class', 'faults');
    this.ctx = this.plot.append('g').attr('class', 'context');
    this.axis = this.plot.append('g').attr('class', 'axis x');
    this.rule = this.plot.append('line').attr('class', 'rule').attr('y1', 0).attr('y2', HEIGHT - M.top - M.bottom);
    this.brushG = this.plot.append('g').attr('class', 'brush');
    this.brush.on('start brush end', (ev: D3BrushEvent<unknown>) => {
      if (!ev.sourceEvent) return; // moved by us to follow the view
      this.dragging = ev.type !== 'end';
      if (ev.type === 'start') return; // a new selection starts empty: not a request to zoom out
      const sel = ev.selection as [number, number] | null;
      this.view.setZoom(sel && sel[1] - sel[0] > 1 ? [this.x.invert(sel[0]), this.x.invert(sel[1])] : null);
    });
    this.svg
      .on('pointermove', (ev: PointerEvent) => {
        const [px] = pointer(ev, this.plot.node());
        const [x0, x1] = this.x.range();
        this.view.setCursor(px >= x0 && px <= x1 ? this.x.invert(px) : null);
      })
      .on('pointerleave', () => this.view.setCursor(null));
  }

  draw(): void {
    const { view } = this;
    const width = Math.max(240, this.root.clientWidth || 900);
    const iw = width - M.left - M.right;
    const ih = HEIGHT - M.top - M.bottom;
    this.svg.attr('width', width);
    const [f0, f1] = view.full;
    const x = (this.x = scaleLinear([f0, f1], [0, iw]));

    // Context: the first series of the first chart (the audience's size, when there is an audience).
    const first = view.panels[0]?.charts[0]?.series[0];
    this.title.textContent = first ? `Overview: ${first.name} (${first.unit})` : 'Overview';
    let hi = 0;
    for (const r of view.runs) {
      const v = first && r.values.get(first.name);
      if (v) hi = Math.max(hi, extentOf(v, 0, v.length)[1] || 0);
    }
    const y = scaleLinear([0, hi || 1], [ih, 0]);
    this.ctx.selectAll('path').data(view.runs).join('path')
      .attr('fill', view.compare ? 'none' : '#c9d6e8')
      .attr('stroke', (_, r) => (view.compare ? RUN_COLORS[r % RUN_COLORS.length] : '#6b8bb8'))
      .attr('d', (r) => {
        const v = first && r.values.get(first.name);
        if (!v || r.t.length === 0) return '';
        const line = linePath(r.t, v, 0, r.t.length, x, y, iw, first.kind === 'counter' ? 'mean' : 'envelope');
        if (view.compare || !line) return line;
        // Close the line down to the axis as an area.
        return `${line}L${x(r.t[r.t.length - 1])},${ih}L${x(r.t[0])},${ih}Z`;
      });

    const bands = this.faults.selectAll<SVGGElement, (typeof view.faults)[number]>('g.fault').data(view.faults).join((e) => {
      const g = e.append('g').attr('class', 'fault');
      g.append('rect');
      g.append('text');
      return g;
    });
    bands.select('rect').attr('x', (f) => x(f.startSec)).attr('y', -M.top + 2).attr('height', ih + M.top - 2)
      .attr('width', (f) => Math.max(1.5, x(f.endSec) - x(f.startSec)));
    bands.select('text').attr('x', (f) => x(f.startSec) + 3).attr('y', -M.top + 12).text((f) => f.label);

    const withHours = f1 >= 3600;
    this.axis.attr('transform', `translate(0,${ih})`)
      .call(axisBottom(x).tickValues(timeTicks(f0, f1, Math.max(2, iw / 95))).tickFormat((d) => fmtClock(+d, withHours)).tickSizeOuter(0));
    this.brush.extent([[0, 0], [iw, ih]]);
    this.brushG.call(this.brush);
    this.follow();
  }

  /** Puts the brush on the view's window (no events: only user moves change the view). */
  follow(): void {
    if (this.dragging) return;
    const z = this.view.zoom;
    this.brushG.call(this.brush.move, z ? [this.x(z[0]), this.x(z[1])] : null);
  }

  drawCursor(): void {
    const t = this.view.cursor;
    this.rule.attr('display', t === null ? 'none' : null);
    const [z0, z1] = this.view.domain;
    const withHours = this.view.full[1] >= 3600;
    const win = this.view.zoom ? `window ${fmtClock(z0, withHours)}–${fmtClock(z1, withHours)}` : 'whole run';
    this.clock.textContent = t === null ? win : `${win} · at ${fmtClock(t, withHours)}${this.view.pinned ? ' (pinned: click a chart to release)' : ''}`;
    if (t !== null) this.rule.attr('x1', this.x(t)).attr('x2', this.x(t));
  }
}
