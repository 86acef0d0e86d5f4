/**
 * `livetwin compare <runDir> <runDir>`: per compared metric, both values, the difference and a verdict
 * against its tolerance (pipeline/compare/compare.ts). Exit 0 when every metric is within tolerance,
 * 1 otherwise, 2 when a directory holds no readable summary.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../sim/record/run-files.ts';
import { compareMetrics, type ComparedMetric } from '../../pipeline/compare/compare.ts';
import { EXIT, UsageError } from '../exit.ts';
import { formatValue } from './print-summary.ts';

function readSummary(dir: string): Summary {
  const path = join(dir, 'summary.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); expected a run directory written by livetwin run or livetwin real`);
  }
  try {
    const s = JSON.parse(text) as Summary;
    if (!s || typeof s !== 'object' || typeof s.metrics !== 'object' || s.metrics === null) throw new Error('no "metrics" object');
    return s;
  } catch (e) {
    throw new UsageError(`${path}: not a run summary (${(e as Error).message})`);
  }
}

const signed = (v: number, text: string) => (v > 0 ? `+${text}` : text);

function row(c: ComparedMetric): string[] {
  const diff = c.diff === null ? 'n/a' : signed(c.diff, formatValue(c.diff));
  const rel = c.relative === null ? (c.diff === 0 ? '0.0%' : 'n/a') : signed(c.relative, `${(c.relative * 100).toFixed(1)}%`);
  const verdict = c.a === null || c.b === null ? 'MISSING' : c.pass ? 'ok' : 'OUTSIDE';
  return [c.metric, formatValue(c.a ?? NaN), formatValue(c.b ?? NaN), diff, rel, c.tolerance.label, verdict];
}

export function compareCommand(dirA: string, dirB: string, flags: { json?: boolean }): number {
  const a = readSummary(dirA);
  const b = readSummary(dirB);
  const rows = compareMetrics(a.metrics, b.metrics);
  const pass = rows.every((r) => r.pass);
  const notes: string[] = [];
  if (a.scenario !== b.scenario) notes.push(`the runs are of different scenarios ("${a.scenario}" and "${b.scenario}")`);
  if (a.seed !== b.seed) notes.push(`the runs have different seeds (${a.seed} and ${b.seed})`);
  for (const [name, s] of [['A', a], ['B', b]] as const) if (s.status !== 'complete') notes.push(`run ${name} did not complete (status "${s.status}")`);
  if (flags.json) {
    process.stdout.write(JSON.stringify({ a: dirA, b: dirB, pass, notes, metrics: rows }, null, 2) + '\n');
    return pass ? EXIT.ok : EXIT.sloFailed;
  }
  const runLine = (name: string, dir: string, s: Summary) => `${name}  ${dir}  ${s.scenario}  seed ${s.seed}  ${s.mode}  ${s.simulatedSec}s  ${s.status}`;
  const table = [['metric', 'A', 'B', 'B − A', 'rel. diff', 'tolerance', 'verdict'], ...rows.map(row)];
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  const fmt = (r: string[]) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('   ');
  const out = [runLine('A', dirA, a), runLine('B', dirB, b), '', ...table.map(fmt), ''];
  for (const n of notes) out.push(`note: ${n}`);
  const outside = rows.filter((r) => !r.pass).length;
  out.push(pass ? `All ${rows.length} metrics within tolerance.` : `${outside} of ${rows.length} metrics outside tolerance.`);
  console.log(out.join('\n'));
  return pass ? EXIT.ok : EXIT.sloFailed;
}
