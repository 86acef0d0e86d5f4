/**
 * `livetwin bench [name] [--json] [--set path=value ...]`: named benchmarks, figures printed (never
 * asserted). `--set` changes the scenario of a bench that simulates one (delivery), so a planner can
 * ask what the delivery side costs per simulated second for another CDN shape before a long run.
 */
import { benches } from '../../sim/bench/index.ts';
import { UsageError } from '../exit.ts';
import { formatValue } from './print-summary.ts';

export async function benchCommand(name: string | undefined, flags: { json?: boolean; set?: string[] }): Promise<number> {
  const names = name ? [name] : Object.keys(benches);
  for (const n of names) {
    if (!benches[n]) throw new UsageError(`unknown benchmark "${n}"; known: ${Object.keys(benches).join(', ')}`);
  }
  const sets = flags.set ?? [];
  if (sets.length > 0) {
    const takes = Object.keys(benches).filter((n) => benches[n]!.takesSets);
    const refuse = names.filter((n) => !benches[n]!.takesSets);
    if (refuse.length > 0) {
      const which = refuse.length === 1 ? `${refuse[0]} simulates` : `${refuse.slice(0, -1).join(', ')} and ${refuse.at(-1)} simulate`;
      throw new UsageError(`--set changes the scenario a bench simulates; ${which} none (benches that take it: ${takes.join(', ')})`);
    }
  }
  for (const n of names) {
    if (!flags.json) process.stderr.write(`bench ${n}: ${benches[n]!.describe}${sets.length > 0 ? ` (with ${sets.join(', ')})` : ''} ...\n`);
    const r = await benches[n]!.run({ sets });
    if (flags.json) process.stdout.write(JSON.stringify(r) + '\n');
    else {
      const width = Math.max(...Object.keys(r).map((k) => k.length));
      for (const [k, v] of Object.entries(r as object)) {
        console.log(`  ${k.padEnd(width)} ${Array.isArray(v) ? v.map(formatValue).join(', ') : formatValue(v)}`);
      }
    }
  }
  return 0;
}
