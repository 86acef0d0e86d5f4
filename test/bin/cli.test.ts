/** The command line end to end, as a user runs it: exit codes, outputs, determinism. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tableFromIPC } from 'apache-arrow';

const ROOT = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-cli-'));

function livetwin(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/livetwin.js'), ...args], { cwd: tmp, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LAB = join(ROOT, 'scenarios/queue-lab.yaml');
const SHORT = ['--set', 'duration=2m', '--set', 'faults=[]', '--quiet'];

test('same scenario and seed: byte-identical summary.json and timeline.arrow; another seed differs', () => {
  const a = livetwin('run', LAB, '--seed', '7', '--out', 'A', ...SHORT);
  const b = livetwin('run', LAB, '--seed', '7', '--out', 'B', ...SHORT);
  const c = livetwin('run', LAB, '--seed', '8', '--out', 'C', ...SHORT);
  assert.is(a.code, 0, a.stderr);
  assert.is(b.code, 0, b.stderr);
  assert.is(c.code, 0, c.stderr);
  for (const f of ['summary.json', 'timeline.arrow']) {
    assert.ok(readFileSync(join(tmp, 'A', f)).equals(readFileSync(join(tmp, 'B', f))), `${f} differs between identical runs`);
    assert.not.ok(readFileSync(join(tmp, 'A', f)).equals(readFileSync(join(tmp, 'C', f))), `${f} identical across seeds`);
  }
  const summary = JSON.parse(readFileSync(join(tmp, 'A/summary.json'), 'utf8'));
  assert.is(summary.seed, 7);
  assert.is(summary.mode, 'sim');
  assert.is(summary.status, 'complete');
  assert.is(summary.simulatedSec, 120);
  const run = JSON.parse(readFileSync(join(tmp, 'A/run.json'), 'utf8'));
  assert.ok(run.wallSec > 0 && run.eventsPerSec > 0 && run.versions.node);
  const t = tableFromIPC(readFileSync(join(tmp, 'A/timeline.arrow')));
  assert.is(t.numRows, 120);
  assert.ok(t.schema.fields.some((f) => f.name === 'api.queueDepth'));
});

test('the simulated M/M/10 station agrees with Erlang-C', () => {
  const r = livetwin('run', LAB, '--out', 'E', '--json', '--set', 'duration=30m', '--set', 'faults=[]', '--quiet');
  assert.is(r.code, 0, r.stderr);
  const api = JSON.parse(r.stdout).metrics.stations.api;
  // 1.6 million requests: the mean wait is within 5% of the analytic 6.69 ms, utilisation within 1%.
  assert.ok(Math.abs(api.meanWaitMs / api.erlangCMeanWaitMs - 1) < 0.05, JSON.stringify(api));
  assert.ok(Math.abs(api.utilization / api.erlangCUtilization - 1) < 0.01, JSON.stringify(api));
});

test('a failed SLO exits 1; --json prints the summary', () => {
  const r = livetwin('run', LAB, '--out', 'F', '--json', ...SHORT, '--set', 'slo=[{metric: stations.api.waitP99Ms, max: 0.001}]');
  assert.is(r.code, 1, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.is(s.slo[0].pass, false);
});

test('bad input: exit 2, every problem named by path, nothing written', () => {
  const bad = join(tmp, 'bad.yaml');
  writeFileSync(bad, readFileSync(LAB, 'utf8')
    .replace('servers: 10', 'servers: ten')
    .replace('seed: 1', 'seed: 1\nspeed: 3')
    .replace('mean: 10ms', 'mean: 10 furlongs')
    .replace('stations.api.rejected', 'stations.api.happiness'));
  const r = livetwin('run', bad, '--out', 'never');
  assert.is(r.code, 2);
  // A wrong type, an unknown field, a bad unit and an SLO on an unknown metric: all four at once.
  for (const path of ['topology.stations.api.servers', 'speed', 'topology.stations.api.service.mean', 'slo[1].metric']) {
    assert.ok(r.stderr.includes(`: ${path}: `), `${path} not in:\n${r.stderr}`);
  }
  assert.ok(r.stderr.includes('bad.yaml:'));
  assert.not.ok(existsSync(join(tmp, 'never')));
  const v = livetwin('validate', bad);
  assert.is(v.code, 2);
  const slo = join(tmp, 'slo.yaml');
  writeFileSync(slo, readFileSync(LAB, 'utf8').replace('stations.api.rejected', 'stations.api.happiness'));
  const s = livetwin('validate', slo);
  assert.is(s.code, 2);
  assert.match(s.stderr, /slo\[1\]\.metric: unknown metric "stations.api.happiness"/);
  assert.is(livetwin('run', 'no-such-scenario.yaml').code, 2);
  assert.is(livetwin('run', LAB, '--bogus').code, 2);
});

test('schema prints a JSON Schema; validate accepts the presets', () => {
  const r = livetwin('schema');
  assert.is(r.code, 0);
  const schema = JSON.parse(r.stdout);
  assert.is(schema.type, 'object');
  assert.ok(schema.properties.duration);
  const v = livetwin('validate', LAB);
  assert.is(v.code, 0, v.stderr);
});

test('a preset name is the preset even beside a directory of that name (a run directory named after it)', () => {
  const first = livetwin('run', 'queue-lab', '--out', 'queue-lab', ...SHORT);
  assert.is(first.code, 0, first.stderr);
  assert.ok(existsSync(join(tmp, 'queue-lab/summary.json')));
  const again = livetwin('validate', 'queue-lab');
  assert.is(again.code, 0, again.stderr);
  // A path to a directory still reads as one, with a message naming it.
  const dir = livetwin('validate', './queue-lab');
  assert.is(dir.code, 2);
  assert.match(dir.stderr, /queue-lab: \(top level\): is a directory; expected a scenario file/);
});

test('bench delivery --set runs its scenario changed; --set on a bench without one, or a bad value, exits 2', () => {
  const small = ['topology.cdn.sites=30', 'duration=64s', 'audience.uniqueViewers=20k', 'audience.peakConcurrent=15k'];
  const r = livetwin('bench', 'delivery', '--json', ...small.flatMap((x) => ['--set', x]));
  assert.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.equal([d.name, d.sites, d.edges, d.windowSec], ['delivery', 30, 90, [60, 64]]);
  const cache = livetwin('bench', 'cache', '--set', 'duration=1m');
  assert.is(cache.code, 2);
  assert.match(cache.stderr, /--set changes the scenario a bench simulates; cache simulates none \(benches that take it: delivery\)/);
  const all = livetwin('bench', '--set', 'duration=1m');
  assert.is(all.code, 2);
  assert.match(all.stderr, /; kernel, cache and memory simulate none/);
  const bad = livetwin('bench', 'delivery', '--set', 'topology.cdn.edgesPerSite=none');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /topology\.cdn\.edgesPerSite/);
  const short = livetwin('bench', 'delivery', '--set', 'duration=30s');
  assert.is(short.code, 2);
  assert.match(short.stderr, /--set: duration: the bench times the window from 60 s on, so the run must be longer; got 30 s/);
});

test.run();
