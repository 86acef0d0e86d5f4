/** Panels come from the columns' metadata alone: order, grouping by unit, counters as rates, unions. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { TimelineWriter } from '../../../sim/record/timeline-writer.ts';
import { faultBands, fromTable, fullExtent, layout } from '../../../viz/page/run-data.ts';
import type { Summary } from '../../../sim/record/run-files.ts';

const tmp = mkdtempSync(join(tmpdir(), 'livetwin-run-data-'));

function table(name: string, cols: Array<[string, string, string, string]>, rows: number[][], intervalSec = 2) {
  const path = join(tmp, `${name}.arrow`);
  const w = new TimelineWriter(path, cols.map(([n, kind, unit, panel]) => ({ name: n, metadata: { kind, unit, panel } })),
    { scenario: name, seed: '3', mode: 'sim', intervalSec: String(intervalSec) }, 10);
  rows.forEach((r, i) => w.row((i + 1) * intervalSec, r));
  w.close();
  return tableFromIPC(readFileSync(path));
}

const COLS: Array<[string, string, string, string]> = [
  ['q.depth', 'gauge', 'req', 'control'],
  ['viewers', 'gauge', 'viewers', 'audience'],
  ['q.arrivals', 'counter', 'req', 'control'],
  ['q.waitMsP99', 'histogram', 'ms', 'control'],
  ['mystery', 'gauge', 'things', 'nowhere'],
];

test('counters become rates in "<unit>/s"; metadata read from the schema', () => {
  const run = fromTable(table('a', COLS, [[1, 100, 10, 5, 0], [2, 200, 30, NaN, 0]]), 'A', null);
  assert.is(run.intervalSec, 2);
  assert.is(run.scenario, 'a');
  assert.is(run.seed, '3');
  assert.equal(Array.from(run.t), [2, 4]);
  assert.equal(Array.from(run.values.get('q.arrivals')!), [5, 15]);
  assert.equal(Array.from(run.values.get('q.depth')!), [1, 2]);
  assert.ok(Number.isNaN(run.values.get('q.waitMsP99')![1]));
  assert.equal(run.series.map((s) => s.unit), ['req', 'viewers', 'req/s', 'ms', 'things']);
  assert.equal(fullExtent([run]), [0, 4]);
});

test('layout: fixed panel order, one chart per unit, unknown panels last, union over runs', () => {
  const a = fromTable(table('b', COLS, [[1, 1, 1, 1, 1]]), 'A', null);
  const b = fromTable(table('c', [['q.depth', 'gauge', 'req', 'control'], ['push.ratio', 'gauge', 'ratio', 'push']], [[1, 1]]), 'B', null);
  const l = layout([a, b]);
  assert.equal(l.map((p) => p.id), ['audience', 'control', 'push', 'other']);
  const control = l[1];
  assert.equal(control.charts.map((c) => c.unit), ['req', 'req/s', 'ms']);
  assert.equal(control.charts[0].series.map((s) => s.name), ['q.depth']);
  assert.equal(l[2].charts[0].series.map((s) => s.name), ['push.ratio']);
  assert.equal(l[3].charts[0].series.map((s) => s.name), ['mystery']);
});

test('fault bands: shared faults once, with the runs that have them', () => {
  const f = (label: string, startSec: number) => ({ target: 'x', kind: 'down', startSec, endSec: startSec + 10, label });
  const summary = (faults: Summary['faults']) => ({ faults }) as Summary;
  const t = table('d', COLS, [[1, 1, 1, 1, 1]]);
  const bands = faultBands([fromTable(t, 'A', summary([f('late', 50), f('early', 5)])), fromTable(t, 'B', summary([f('early', 5)]))]);
  assert.equal(bands.map((b) => [b.label, b.runs]), [['early', [0, 1]], ['late', [0]]]);
});

test.run();
