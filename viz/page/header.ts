/** The page header: which run (or runs) this is — scenario, seed, mode, duration, status — and the SLOs. */
import type { RunData } from './run-data.ts';
import { compareTable, el, sloTable } from './compare-table.ts';
import { fmtDuration } from './format.ts';
import { RUN_COLORS } from './view.ts';

export function renderHeader(root: HTMLElement, runs: readonly RunData[]): void {
  const scenarios = [...new Set(runs.map((r) => r.scenario))];
  const title = el('div', 'title');
  title.append(el('span', 'brand', 'livetwin'), el('h1', '', scenarios.join(' vs ')));
  if (runs.length > 1) title.append(el('span', 'sub', `comparing ${runs.length} runs`));

  const facts = el('table', 'runs');
  const cols = ['run', 'scenario', 'seed', 'mode', 'duration', 'interval', 'status'];
  const head = el('tr');
  if (runs.length > 1) head.append(el('th'));
  for (const c of cols) head.append(el('th', '', c));
  facts.append(el('thead'), el('tbody'));
  facts.tHead!.append(head);
  runs.forEach((run, r) => {
    const tr = el('tr');
    tr.dataset.run = String(r);
    if (runs.length > 1) {
      const sw = el('span', 'run-swatch');
      sw.style.background = RUN_COLORS[r % RUN_COLORS.length];
      const td = el('td');
      td.append(sw);
      tr.append(td);
    }
    const s = run.summary;
    const last = run.t.length ? run.t[run.t.length - 1] : 0;
    const status = s ? s.status : 'running';
    const mode = el('td', '');
    mode.append(el('span', `mode ${run.mode}`, run.mode || '?'));
    const st = el('td');
    st.append(el('span', `status ${status}`, status === 'running' ? `running… ${fmtDuration(last)} so far` : status));
    tr.append(
      el('td', 'label', run.label),
      el('td', '', run.scenario),
      el('td', 'num', run.seed),
      mode,
      el('td', 'num', fmtDuration(s ? s.simulatedSec : last)),
      el('td', 'num', `${run.intervalSec} s`),
      st,
    );
    facts.tBodies[0].append(tr);
  });

  const tables = el('div', 'tables');
  tables.append(sloTable(runs));
  root.replaceChildren(title, facts, tables, compareTable(runs));
}
