/**
 * Runs every `test/**\/*.test.ts` (or those whose path contains one of the arguments) in one process
 * with uvu, then prints `N passed, N failed`: CI reads that line, not uvu's own totals.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname);
const filters = process.argv.slice(2);

function find(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return name === 'fixtures' ? [] : find(p);
      return name.endsWith('.test.ts') ? [p] : [];
    });
}

const files = find(root).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
type Group = [string | null, ...Array<() => Promise<[unknown, number, number, number]>>];
const g = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: Group[] };
g.UVU_DEFER = 1;
g.UVU_QUEUE = g.UVU_QUEUE ?? [];
const uvu = await import('uvu');
for (const [i, file] of files.entries()) {
  g.UVU_INDEX = i;
  g.UVU_QUEUE.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}

// Wrap each suite runner to count tests: uvu returns [errors, passed, skipped, total] per suite.
let passed = 0;
let failed = 0;
for (const group of g.UVU_QUEUE) {
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as () => Promise<[unknown, number, number, number]>;
    group[i] = async () => {
      const r = await run();
      passed += r[1];
      failed += r[3] - r[1];
      return r;
    };
  }
}
await uvu.exec(false);
if (files.length === 0) console.error(`no test files matched ${filters.join(' ')}`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0 || files.length === 0) process.exitCode = 1;
