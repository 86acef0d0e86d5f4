/** `livetwin bench [name] [--json]`: named benchmarks, figures printed (never asserted). */
import { benches } from '../../sim/bench/index.ts';
import { UsageError } from '../exit.ts';
import { formatValue } from './print-summary.ts';

export async function benchCommand(name: string | undefined, flags: { json?: boolean }): Promise<number> {
  const names = name ? [name] : Object.keys(benches);
  for (const n of names) {
    if (!benches[n]) throw new UsageError(`unknown benchmark "${n}"; known: ${Object.keys(benches).join(', ')}`);
  }
  for (const n of names) {
    if (!flags.json) process.stderr.write(`bench ${n}: ${benches[n].describe} ...\n`);
    const r = await benches[n].run();
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
