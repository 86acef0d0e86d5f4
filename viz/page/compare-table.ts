/**
 * The tables under the header: SLO verdicts (value against threshold, per run) and the summary metrics
 * side by side, with each later run's difference from the first. One run is the same table with one
 * column, so single and compare mode share the code.
 */
import type { RunData } from './run-data.ts';
import { fmtCell } from './format.ts';
import { RUN_COLORS } from './view.ts';

type Verdict = NonNullable<RunData['summary']>['slo'][number];

export function sloTable(runs: readonly RunData[]): HTMLElement {
  const box = el('div', 'slo');
  box.append(el('h3', '', 'SLOs'));
  const slos = new Map<string, { target: string; metric: string; per: Array<Verdict | undefined> }>();
  runs.forEach((run, r) => {
    for (const v of run.summary?.slo ?? []) {
      const target = [v.min !== undefined ? `≥ ${fmtCell(v.min)}` : '', v.max !== undefined ? `≤ ${fmtCell(v.max)}` : ''].filter(Boolean).join(', ');
      const key = `${v.metric} ${target}`;
      const row = slos.get(key) ?? { target, metric: v.metric, per: runs.map(() => undefined) };
      row.per[r] = v;
      slos.set(key, row);
    }
  });
  if (slos.size === 0) {
    box.append(el('p', 'muted', runs.some((r) => !r.summary) ? 'The run is still being written: verdicts come at its end.' : 'This scenario sets no SLOs.'));
    return box;
  }
  const table = el('table', 'slo-table');
  const head = el('tr');
  head.append(el('th', '', 'metric'), el('th', '', 'target'));
  if (runs.length === 1) {
    const th = el('th', 'num', 'value');
    th.colSpan = 2;
    head.append(th);
  } else for (const [r, run] of runs.entries()) head.append(runHeader(run, r, true, 2));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const row of slos.values()) {
    const tr = el('tr');
    tr.dataset.metric = row.metric;
    tr.append(el('td', 'metric', row.metric), el('td', 'num', row.target));
    row.per.forEach((v) => {
      const verdict = el('td', 'verdict');
      if (v) {
        verdict.append(el('span', v.pass ? 'badge pass' : 'badge fail', v.pass ? 'pass' : 'fail'));
        verdict.dataset.verdict = v.pass ? 'pass' : 'fail';
      }
      tr.append(el('td', 'num', v ? fmtCell(v.value) : '–'), verdict);
    });
    table.tBodies[0].append(tr);
  }
  box.append(table);
  return box;
}

/** Summary metrics: one column per run, then the difference of each later run from the first. */
export function compareTable(runs: readonly RunData[]): HTMLElement {
  const rows = new Map<string, unknown[]>();
  const add = (key: string, r: number, v: unknown) => {
    const row = rows.get(key) ?? runs.map(() => undefined);
    row[r] = v;
    rows.set(key, row);
  };
  runs.forEach((run, r) => {
    if (!run.summary) return;
    add('simulatedSec', r, run.summary.simulatedSec);
    add('events', r, run.summary.events);
    for (const [k, v] of flatten(run.summary.metrics)) add(k, r, v);
  });
  const details = document.createElement('details');
  details.className = 'metrics';
  details.open = runs.length > 1;
  const cmp = runs.length > 1 ? 'side by side, with differences from the first run' : '';
  details.append(el('summary', '', `Summary metrics (${rows.size}) ${cmp}`));
  const table = el('table', 'compare-table');
  const head = el('tr');
  head.append(el('th', '', 'metric'));
  runs.forEach((run, r) => {
    head.append(runs.length > 1 ? runHeader(run, r, true, 1) : el('th', 'num', 'value'));
    if (r > 0) head.append(el('th', 'num', `Δ ${run.label} − ${runs[0].label}`));
  });
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const [key, vals] of rows) {
    const tr = el('tr');
    tr.dataset.metric = key;
    tr.append(el('td', 'metric', key));
    vals.forEach((v, r) => {
      tr.append(el('td', 'num', fmtCell(v)));
      if (r > 0) {
        const base = vals[0];
        const td = el('td', 'num delta');
        if (typeof v === 'number' && typeof base === 'number' && Number.isFinite(v) && Number.isFinite(base)) {
          const d = v - base;
          td.textContent = d === 0 ? '0' : `${d > 0 ? '+' : '−'}${fmtCell(Math.abs(d))}${base !== 0 ? ` (${d > 0 ? '+' : '−'}${fmtCell(Math.abs((d / base) * 100))}%)` : ''}`;
          td.classList.add(d > 0 ? 'up' : d < 0 ? 'down' : 'same');
        } else td.textContent = '–';
        tr.append(td);
      }
    });
    table.tBodies[0].append(tr);
  }
  details.append(table);
  return details;
}

function runHeader(run: RunData, r: number, colored: boolean, span: number): HTMLElement {
  const th = el('th', 'num');
  th.colSpan = span;
  if (colored) {
    const sw = el('span', 'run-swatch');
    sw.style.background = RUN_COLORS[r % RUN_COLORS.length];
    th.append(sw);
  }
  th.append(run.label);
  return th;
}

export function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? flatten(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
