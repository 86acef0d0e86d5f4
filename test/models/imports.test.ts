/**
 * The one rule of the layout (DESIGN.md): models are shared by sim and real mode, so nothing under
 * models/ may import sim/ or pipeline/, or reach for ambient randomness or time.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const MODELS = join(ROOT, 'models');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

test('models/ imports nothing from sim/ or pipeline/', () => {
  const offences: string[] = [];
  const all = files(MODELS);
  assert.ok(all.length > 10, 'expected to find the model sources');
  for (const f of all) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith('.')) continue;
      const target = relative(ROOT, resolve(dirname(f), spec));
      if (!target.startsWith('models/')) offences.push(`${relative(ROOT, f)} imports ${spec}`);
    }
  }
  assert.equal(offences, []);
});

test('models/ never reaches for Math.random, Date.now or performance.now', () => {
  const offences = files(MODELS).flatMap((f) => {
    const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    return /Math\.random|Date\.now|performance\.now|new Date\(/.test(code) ? [relative(ROOT, f)] : [];
  });
  assert.equal(offences, []);
});

test('the scan catches an offending import (it can fail)', () => {
  const sample = "import { Kernel } from '../../sim/kernel.ts';";
  const m = [...sample.matchAll(IMPORT)][0];
  assert.is(relative(ROOT, resolve(dirname(join(MODELS, 'x/y.ts')), m[1])), 'sim/kernel.ts');
});

test.run();
