/** `livetwin compare` on constructed run directories: the table and the exit codes 0, 1 and 2. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-compare-'));

const BASE = { playRequests: 20_000, retryAmplification: 6.5, playStartSuccessRate: 0.6, playStartP50Ms: 4000, shedRequests: 18_000, uniqueViewers: 3000 };

function runDir(name: string, metrics: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({
    scenario: 'surge-lab', seed: 1, mode: 'sim', status: 'complete', simulatedSec: 150, intervalSec: 1, events: 1, slo: [], metrics, faults: [], ...extra,
  }));
  return dir;
}

function compare(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/livetwin.js'), 'compare', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('every metric within its tolerance: exit 0, one row per metric with both values and the difference', () => {
  const a = runDir('a', BASE);
  // Just inside each tolerance: +4.9%, −4.9%, −1.9 points, +24%, −9.9%.
  const b = runDir('b', { ...BASE, playRequests: 20_980, retryAmplification: 6.5 * 0.951, playStartSuccessRate: 0.581, playStartP50Ms: 4960, shedRequests: 16_220 }, { mode: 'real' });
  const r = compare(a, b);
  assert.is(r.code, 0, r.stdout + r.stderr);
  for (const m of ['playRequests', 'retryAmplification', 'playStartSuccessRate', 'playStartP50Ms', 'shedRequests']) assert.match(r.stdout, new RegExp(`^${m} .* ok$`, 'm'));
  assert.match(r.stdout, /^playRequests\s+20,000\s+20,980\s+\+980\s+\+4\.9%\s+±5%\s+ok$/m);
  assert.match(r.stdout, /All 5 metrics within tolerance/);
});

test('a metric outside its tolerance, or missing: exit 1, and the table says which', () => {
  const a = runDir('c', BASE);
  const { playStartP50Ms: _, ...rest } = BASE;
  const b = runDir('d', { ...rest, shedRequests: 19_900 }, { scenario: 'other' }); // +10.6%, no P50
  const r = compare(a, b);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^shedRequests .* OUTSIDE$/m);
  assert.match(r.stdout, /^playStartP50Ms .* MISSING$/m);
  assert.match(r.stdout, /note: the runs are of different scenarios/);
  assert.match(r.stdout, /2 of 5 metrics outside tolerance/);
  const j = compare(a, b, '--json');
  assert.is(j.code, 1);
  assert.equal(JSON.parse(j.stdout).metrics.map((m: { pass: boolean }) => m.pass), [true, true, true, false, false]);
});

test('not a run directory: exit 2 with the path in the message', () => {
  const r = compare(join(tmp, 'nope'), runDir('j', BASE));
  assert.is(r.code, 2);
  assert.match(r.stderr, /nope\/summary\.json: cannot read/);
});

test.run();
