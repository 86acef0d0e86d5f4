/** The compact end-of-run report: SLO verdicts first, then the metrics. */
import type { Summary } from '../../sim/record/run-files.ts';

const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: number, s: string) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);

export function formatValue(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return 'n/a';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  return v.toFixed(abs >= 100 ? 1 : abs >= 1 ? 2 : 4);
}

/** Flattens nested metrics into `a.b.c` rows. */
export function flatten(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? flatten(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

export function printSummary(s: Summary, outDir: string, wallSec: number): void {
  const out: string[] = [];
  const status = s.status === 'aborted' ? paint(33, ' (aborted)') : '';
  out.push(`${s.scenario}  seed ${s.seed}  ${s.mode}  ${s.simulatedSec}s simulated  ${s.events.toLocaleString('en-US')} events  ${wallSec.toFixed(1)}s wall${status}`);
  if (s.slo.length) {
    out.push('', 'SLOs');
    for (const v of s.slo) {
      const bound = [v.min !== undefined ? `>= ${v.min}` : '', v.max !== undefined ? `<= ${v.max}` : ''].filter(Boolean).join(', ');
      const mark = v.pass ? paint(32, 'PASS') : paint(31, 'FAIL');
      out.push(`  ${mark}  ${v.metric} = ${formatValue(v.value)}  (want ${bound})`);
    }
  }
  out.push('', 'Metrics');
  const rows = flatten(s.metrics);
  const width = Math.max(...rows.map(([k]) => k.length), 10);
  for (const [k, v] of rows) out.push(`  ${k.padEnd(width)}  ${formatValue(v)}`);
  out.push('', `Outputs in ${outDir}/ (summary.json, timeline.arrow, run.json)`);
  console.log(out.join('\n'));
}
