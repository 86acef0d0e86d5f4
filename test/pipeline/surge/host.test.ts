/**
 * Real mode end to end, as a user runs it: `livetwin real` on 127.0.0.1 at a small scale, bounded in
 * time; its outputs, the scaled scenario `livetwin run` accepts, and no process left behind — after a
 * complete run and after Ctrl-C.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { tableFromIPC } from 'apache-arrow';
import { loadScenarioFile } from '../../../scenarios/load.ts';
import { scenarioChecks } from '../../../sim/build/registry.ts';
import { realModeProblems } from '../../../pipeline/surge/host.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/livetwin.js');
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-real-'));
/** surge-lab at a quarter (750 players, 1 + 1 workers) with its rush moved into a 16-second run. */
const SMALL = ['--scale', '4', '--set', 'audience.start=6s', '--set', 'audience.preShow=4s', '--set', 'audience.spread=6s', '--quiet'];

/** Processes whose parent is `pid` (from /proc), with their command lines. */
function childrenOf(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // An exited child not yet reaped has no command line; its name is in `comm`.
      if (ppid === pid) out.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() || `[${readFileSync(`/proc/${d}/comm`, 'utf8').trim()}]`);
    } catch { /* gone meanwhile */ }
  }
  return out;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

/**
 * What the run started beside its threads: nothing of livetwin's own (players are threads), only, on a
 * cold tsx cache, esbuild's transpiler service; and after the run, whether any of them still lives.
 */
async function childrenLeft(children: Map<number, string>): Promise<string[]> {
  const own = [...children.values()].filter((cmd) => !/\/esbuild --service|^\[esbuild\]$/.test(cmd));
  let left = [...children.keys()].filter((p) => { try { return alive(p); } catch { return false; } });
  if (left.length) {
    await new Promise((r) => setTimeout(r, 1000));
    left = left.filter((p) => { try { return alive(p); } catch { return false; } });
  }
  return [...own.map((c) => `started: ${c}`), ...left.map((p) => `still running: ${p} ${children.get(p)}`)];
}

/** Processes whose command line mentions `text` (described, for the failure message). */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid).filter((d) => {
    try {
      return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  }).map((d) => { try { return `${d}: ${readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ')} ${readFileSync(`/proc/${d}/stat`, 'utf8')}`; } catch { return d; } });
}

/** Processes still mentioning `text` a moment after the command exited (none, or the test fails with what they are). */
async function leftBehind(text: string): Promise<string[]> {
  const first = processesMentioning(text);
  if (first.length === 0) return first;
  await new Promise((r) => setTimeout(r, 1000));
  return processesMentioning(text);
}

const rows = (dir: string) => (existsSync(join(dir, 'timeline.arrow')) ? tableFromIPC(readFileSync(join(dir, 'timeline.arrow'))).numRows : 0);

/** Runs `livetwin real` in the background, watching its children; `interrupt` sends SIGINT once `rowsFirst` rows are on disk. */
function real(out: string, args: string[], interrupt?: { rowsFirst: number }) {
  return new Promise<{ code: number | null; stderr: string; children: Map<number, string> }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'real', join(ROOT, 'scenarios/surge-lab.yaml'), '--out', out, ...args], { cwd: tmp });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const children = new Map<number, string>();
    let sent = false;
    const watch = setInterval(() => {
      for (const [pid, cmd] of childrenOf(child.pid!)) children.set(pid, cmd);
      if (interrupt && !sent && rows(out) >= interrupt.rowsFirst) {
        sent = true;
        child.kill('SIGINT');
      }
    }, 200);
    const limit = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(watch);
      clearTimeout(limit);
      resolve({ code, stderr, children });
    });
  });
}

test('livetwin real: ends by itself, writes the run directory (mode "real"), leaves no process behind', async () => {
  const out = join(tmp, 'R');
  const r = await real(out, ['--duration', '16', ...SMALL]);
  assert.is(r.code, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.is(summary.mode, 'real');
  assert.is(summary.status, 'complete');
  assert.is(summary.simulatedSec, 16);
  const m = summary.metrics;
  assert.is(m.uniqueViewers, 750);
  assert.is(m.playAttempts >= 750, true);
  assert.ok(m.playRequests > m.playAttempts, 'the rush overran 1 + 1 workers: some requests were retries');
  assert.ok(m.shedRequests > 0 && m.playStartSuccessRate > 0, JSON.stringify(m));
  assert.ok(Math.abs(m.playStartSuccessRate * m.playAttempts + m.abandonedViewers + m.viewersStillTrying - m.playAttempts) < 1e-6, JSON.stringify(m));
  const t = tableFromIPC(readFileSync(join(out, 'timeline.arrow')));
  assert.is(t.numRows, 16);
  assert.is(t.schema.metadata.get('mode'), 'real');
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  assert.ok(run.wallSec >= 16 && run.real.threads >= 1 && run.real.regions['lab-east'].ok > 0, JSON.stringify(run.real));
  // Threads, not processes: nothing of livetwin's own was started beside it, and nothing is left.
  assert.equal(await childrenLeft(r.children), []);
  assert.equal(await leftBehind(out), []);

  // The scaled scenario is one `livetwin run` accepts; the simulation writes the same columns, in order.
  const sim = join(tmp, 'S');
  const s = spawnSync(process.execPath, [BIN, 'run', join(out, 'scenario.yaml'), '--out', sim, '--quiet'], { encoding: 'utf8' });
  assert.is(s.status, 0, s.stderr);
  const st = tableFromIPC(readFileSync(join(sim, 'timeline.arrow')));
  assert.equal(st.schema.fields.map((f) => f.name), t.schema.fields.map((f) => f.name));
  const simSummary = JSON.parse(readFileSync(join(sim, 'summary.json'), 'utf8'));
  assert.equal(Object.keys(simSummary.metrics), Object.keys(m));
  assert.is(simSummary.metrics.uniqueViewers, 750);
  const c = spawnSync(process.execPath, [BIN, 'compare', sim, out], { encoding: 'utf8' });
  assert.ok(c.status === 0 || c.status === 1, c.stderr);
  assert.match(c.stdout, /playRequests/);
});

test('Ctrl-C: exit 130, outputs closed with status "aborted", timeline readable, no process left', async () => {
  const out = join(tmp, 'A');
  const r = await real(out, ['--duration', '30', ...SMALL], { rowsFirst: 2 });
  assert.is(r.code, 130, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.is(summary.status, 'aborted');
  assert.is(summary.mode, 'real');
  assert.ok(summary.simulatedSec >= 2 && summary.simulatedSec < 30, String(summary.simulatedSec));
  assert.is(rows(out), summary.simulatedSec);
  assert.ok(existsSync(join(out, 'run.json')));
  assert.equal(await childrenLeft(r.children), []);
  assert.equal(await leftBehind(out), []);
});

test('bad input: exit 2 and nothing written (here, a scenario real mode does not host)', () => {
  const out = join(tmp, 'bad');
  const r = spawnSync(process.execPath, [BIN, 'real', join(ROOT, 'scenarios/queue-lab.yaml'), '--out', out], { encoding: 'utf8' });
  assert.is(r.status, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /queue-lab\.yaml: topology\.stations: real mode does not host stations/);
  assert.not.ok(existsSync(out), `${out} was written`);
});

test('what real mode will not host, by field: other models, and more players than one machine runs', () => {
  const load = (name: string, sets: string[] = []) => loadScenarioFile(join(ROOT, 'scenarios', name), sets, scenarioChecks).scenario;
  assert.equal(realModeProblems(load('surge-lab.yaml')), []);
  assert.equal(realModeProblems(load('boxing-2024.yaml')).map((p) => p.path), ['audience.uniqueViewers']);
  assert.match(realModeProblems(load('boxing-2024.yaml'))[0].message, /--scale/);
  assert.equal(realModeProblems(load('queue-lab.yaml')).map((p) => p.path), ['audience', 'player', 'topology.controlPlane', 'topology.stations', 'workload']);
});

test.run();
