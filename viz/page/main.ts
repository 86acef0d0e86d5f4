/**
 * The viewer page: read the runs from the data source (embedded in an exported file, else the viz
 * server), build the view, and keep the header, overview, panels and URL in step with it. Redraws are
 * coalesced to one per animation frame, so dragging a brush over a two-hour run stays smooth.
 */
import { embeddedSource, findEmbedded, httpSource, type DataSource } from './data-source.ts';
import { fromTable, type RunData } from './run-data.ts';
import { RUN_COLORS, View } from './view.ts';
import { Panels } from './panels.ts';
import { Overview } from './brush.ts';
import { renderHeader } from './header.ts';
import { parseHash, urlWriter } from './url-state.ts';

const byId = (id: string) => document.getElementById(id)!;

async function main(): Promise<void> {
  const embedded = findEmbedded(document);
  const source: DataSource = embedded ? embeddedSource(embedded) : httpSource();
  const metas = await source.runs();
  if (metas.length === 0) throw new Error('no runs to show');
  const runs: RunData[] = await Promise.all(metas.map(async (m, i) => fromTable(await source.load(i), m.label, m.summary)));

  const view = new View();
  view.setRuns(runs);
  applyHash(view, location.hash);
  document.body.classList.toggle('compare', view.compare);
  document.title = `${[...new Set(runs.map((r) => r.scenario))].join(' vs ')} · livetwin`;

  renderHeader(byId('header'), view.runs);
  if (view.compare) byId('toolbar').insertBefore(runLegend(view.runs), byId('toolbar').querySelector('.hint'));
  const overview = new Overview(byId('overview'), view);
  const panels = new Panels(byId('panels'), view);
  panels.build();
  overview.draw();

  // One redraw per frame at most, whatever the number of events that asked for it.
  let frame = 0;
  let full = false;
  const schedule = (redraw: boolean) => {
    full ||= redraw;
    frame ||= requestAnimationFrame(() => {
      const started = performance.now();
      if (full) {
        panels.draw();
        overview.follow();
      } else panels.drawCursor();
      overview.drawCursor();
      if (full) document.body.dataset.drawMs = (performance.now() - started).toFixed(1);
      frame = 0;
      full = false;
    });
  };
  const writeUrl = urlWriter(window);
  const saveUrl = () => writeUrl({ zoom: view.zoom, at: view.pinned ? view.cursor : null, off: view.off, on: view.on });
  const reset = byId('reset') as HTMLButtonElement;
  view.listen('domain', () => {
    reset.disabled = view.zoom === null;
    schedule(true);
    saveUrl();
  });
  view.listen('series', () => {
    schedule(true);
    saveUrl();
  });
  view.listen('cursor', () => {
    schedule(false);
    saveUrl(); // at most once a frame, and the address only changes when a pin is set or released
  });
  view.listen('data', () => {
    renderHeader(byId('header'), view.runs);
    panels.build();
    overview.draw();
  });
  reset.disabled = view.zoom === null;
  reset.addEventListener('click', () => view.setZoom(null));
  byId('copy').addEventListener('click', async (e) => {
    const b = e.currentTarget as HTMLButtonElement;
    try {
      await navigator.clipboard.writeText(location.href);
      b.textContent = 'link copied';
    } catch {
      b.textContent = 'copy the address bar';
    }
    setTimeout(() => (b.textContent = 'copy link'), 1500);
  });
  addEventListener('keydown', (e) => {
    if (e.key === 'Escape') view.setZoom(null);
  });
  addEventListener('resize', () => {
    overview.draw();
    schedule(true);
  });
  addEventListener('hashchange', () => {
    applyHash(view, location.hash);
  document.body.classList.toggle('compare', view.compare);
    schedule(true);
  });

  // Runs still being written grow in place; the panels just redraw.
  metas.forEach((m, i) => {
    if (m.summary || !source.subscribe) return;
    source.subscribe(i, (u) => {
      runs[i] = fromTable(u.table, m.label, u.summary);
      view.setRuns([...runs]);
    });
  });
  document.body.dataset.state = 'ready';
}

/** Which colour is which run, kept in sight above the panels. */
function runLegend(runs: readonly RunData[]): HTMLElement {
  const box = document.createElement('span');
  box.className = 'run-legend';
  runs.forEach((r, i) => {
    const item = document.createElement('span');
    const sw = document.createElement('span');
    sw.className = 'run-swatch';
    sw.style.background = RUN_COLORS[i % RUN_COLORS.length];
    item.append(sw, r.label);
    box.append(item);
  });
  return box;
}

function applyHash(view: View, hash: string): void {
  const s = parseHash(hash);
  view.off.clear();
  view.on.clear();
  s.off.forEach((n) => view.off.add(n));
  s.on.forEach((n) => view.on.add(n));
  view.setZoom(s.zoom);
  view.setCursor(s.at, s.at !== null);
}

main().catch((e: unknown) => {
  const box = byId('error');
  box.hidden = false;
  box.textContent = `The viewer could not show this run: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.state = 'error';
  console.error(e);
});
