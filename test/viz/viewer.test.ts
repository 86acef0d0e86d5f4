/**
 * The viewer in a real browser: playwright-core driving Debian's Chromium (headless, no sandbox, a fresh
 * profile), against a fixture run with every panel, a real `livetwin run` of queue-lab, a compared pair,
 * a run still being written, an exported report opened offline, and `npm start`. Screenshots are kept in
 * the temporary directory printed at the end.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { FIXTURE_PANELS, makeRun, startRun } from '../fixtures/make-run.ts';
import { resolveRunDirs } from '../../viz/runs.ts';
import { serveViewer, type Viewer } from '../../viz/server.ts';
import { vizCommand } from '../../viz/command.ts';
import { UsageError } from '../../bin/exit.ts';
import type { Summary } from '../../sim/record/run-files.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const CHROMIUM = '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'livetwin-viz-'));
const A = join(tmp, 'A');
const B = join(tmp, 'B');
let ctx: BrowserContext;
const viewers: Viewer[] = [];
let single: Viewer;
let pair: Viewer;
/** The fixture run's page, shared by the single-run tests (in order: look, hover, toggle, zoom). */
let shared: Opened;

async function serve(...dirs: string[]): Promise<Viewer> {
  const v = await serveViewer(resolveRunDirs(dirs), { port: 0 });
  viewers.push(v);
  return v;
}

interface Opened {
  page: Page;
  errors: string[];
}

/** Opens a viewer page, failing on any console error or uncaught exception (checked by `done`). */
async function open(url: string): Promise<Opened> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 15000 });
  const state = await page.evaluate(() => [document.body.dataset.state, document.getElementById('error')?.textContent]);
  assert.is(state[0], 'ready', `page not ready: ${state[1]} ${errors.join('\n')}`);
  return { page, errors };
}

async function done(o: Opened, screenshot?: string): Promise<void> {
  if (screenshot) await o.page.screenshot({ path: join(tmp, screenshot), fullPage: true });
  assert.equal(o.errors, [], 'console errors');
  await o.page.close();
}

interface ChartState {
  panel: string;
  unit: string;
  domain: number[];
  paths: Array<{ series: string; run: string; d: number; points: number; shown: boolean; stroke: string }>;
}

function charts(page: Page): Promise<ChartState[]> {
  return page.$$eval('svg.plot', (els) =>
    els.map((e) => ({
      panel: (e.closest('section') as HTMLElement).dataset.panel!,
      unit: e.querySelector('text.unit')!.textContent!,
      domain: e.dataset.domain!.split(',').map(Number),
      paths: Array.from(e.querySelectorAll<SVGPathElement>('path.series')).map((p) => ({
        series: p.dataset.series!,
        run: p.dataset.run!,
        d: (p.getAttribute('d') ?? '').length,
        points: (p.getAttribute('d') ?? '').split(/[ML]/).length - 1,
        shown: p.style.display !== 'none',
        stroke: p.getAttribute('stroke')!,
      })),
    })),
  );
}

function verdicts(page: Page): Promise<Array<[string, string[]]>> {
  return page.$$eval('table.slo-table tbody tr', (rows) =>
    rows.map((r) => [(r as HTMLElement).dataset.metric!, Array.from(r.querySelectorAll<HTMLElement>('td.verdict')).map((c) => c.dataset.verdict ?? '')] as [string, string[]]),
  );
}

/** Drags across the plot area of a chart, from fraction f0 to f1 of its width. */
async function brush(page: Page, selector: string, f0: number, f1: number): Promise<void> {
  const chart = page.locator(selector).first();
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  const left = box.x + 54;
  const w = box.width - 54 - 24;
  const y = box.y + 60;
  await page.mouse.move(left + f0 * w, y);
  await page.mouse.down();
  await page.mouse.move(left + ((f0 + f1) / 2) * w, y, { steps: 4 });
  await page.mouse.move(left + f1 * w, y, { steps: 4 });
  await page.mouse.up();
}

interface Spawned {
  child: ChildProcess;
  /** The first viewer URL the command prints. */
  url: Promise<string>;
  exited: Promise<{ code: number | null; out: string; err: string }>;
}

/** Starts `livetwin ...` in `cwd`. The slow commands start in `before`, to run while the browser works. */
function livetwin(cwd: string, ...args: string[]): Spawned {
  const child = spawn(process.execPath, [join(ROOT, 'bin/livetwin.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (err += b));
  const exited = new Promise<{ code: number | null; out: string; err: string }>((res) => child.on('exit', (code) => res({ code, out, err })));
  const url = new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no URL in 60 s:\n${out}\n${err}`)), 60000);
    child.stdout!.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[0]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      rej(new Error(`exited before serving:\n${out}\n${err}`));
    });
  });
  url.catch(() => {}); // only the tests that wait for a URL care
  return { child, url, exited };
}
let queueLab: Spawned | undefined;
let npmStart: Spawned | undefined;
// Never leave a viewer serving behind, however this process ends.
process.on('exit', () => npmStart?.child.kill());

test.before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`);
  queueLab = livetwin(tmp, 'run', join(ROOT, 'scenarios/queue-lab.yaml'), '--set', 'duration=2m', '--out', 'Q', '--quiet');
  npmStart = livetwin(mkdtempSync(join(tmpdir(), 'livetwin-start-')), 'start', '--quiet');
  makeRun(A);
  makeRun(B, { seed: 2, variant: 'what-if' });
  [single, pair] = await Promise.all([serve(A), serve(A, B)]);
  ctx = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  shared = await open(single.url);
});

test.after(async () => {
  npmStart?.child.kill('SIGINT');
  queueLab?.child.kill('SIGINT');
  await ctx?.close();
  await Promise.all(viewers.map((v) => v.close()));
  rmSync(join(tmp, 'profile'), { recursive: true, force: true });
  console.log(`viewer screenshots in ${tmp}`);
});

test('every panel of the fixture run draws lines with data; header, SLO verdicts, fault bands', async () => {
  const { page } = shared;
  assert.equal(await page.$$eval('section.panel', (s) => s.map((e) => (e as HTMLElement).dataset.panel)), FIXTURE_PANELS);
  const all = await charts(page);
  for (const c of all) {
    assert.ok(c.unit && c.unit !== '(no unit)', `${c.panel}: axis without a unit`);
    const shown = c.paths.filter((p) => p.shown);
    assert.ok(shown.length > 0, `${c.panel} ${c.unit}: no series shown`);
    for (const p of shown) {
      assert.ok(p.d > 200, `${c.panel} ${p.series}: empty path`);
      // 7,200 points thinned to at most two per pixel column of the ~1,000-pixel plot.
      assert.ok(p.points <= 2 * 1100, `${c.panel} ${p.series}: ${p.points} points drawn`);
    }
    assert.equal(c.domain, [0, 7200]);
  }
  assert.ok(all.some((c) => c.unit === 'req/s'), 'counters drawn as rates');
  const summary = JSON.parse(readFileSync(join(A, 'summary.json'), 'utf8')) as Summary;
  assert.equal(await verdicts(page), summary.slo.map((v) => [v.metric, [v.pass ? 'pass' : 'fail']]));
  assert.equal(await verdicts(page), [['playStartP99Ms', ['pass']], ['fanout.deliveredRatio', ['fail']]]);
  const head = await page.textContent('header');
  for (const s of ['fight-night', 'sim', '2h 0m', 'complete']) assert.ok(head!.includes(s), `header lacks ${s}`);
  // A shaded band per fault in every chart, labelled once per panel and in the overview.
  assert.is(await page.locator('svg.plot rect.fault:not([display=none])').count(), all.length * 2);
  const labels = await page.$$eval('section.panel text.fault-label:not([display=none])', (t) => t.map((e) => e.textContent));
  assert.is(labels.filter((l) => l === 'cdn-b edge outage').length, FIXTURE_PANELS.length);
  assert.ok((await page.textContent('svg.overview'))!.includes('primary encoder lost'));
  await page.screenshot({ path: join(tmp, 'single.png'), fullPage: true });
  assert.equal(shared.errors, []);
});

test('the hover rule reads every shown series of every panel; legends toggle series', async () => {
  const { page } = shared;
  const box = (await page.locator('svg.plot').first().boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + 60);
  await page.waitForFunction(() => document.querySelector('.overview-title .clock')!.textContent!.includes('at '));
  const readouts = await page.$$eval('.legend .item:not(.off) .v', (v) => v.map((e) => e.textContent));
  assert.ok(readouts.length >= 20 && readouts.every((t) => t && t !== '–'), `readouts: ${readouts}`);
  assert.is(await page.locator('line.rule:not([display=none])').count(), (await charts(page)).length + 1);
  // A click pins the readout (and the permalink keeps it); another releases it.
  await page.mouse.click(box.x + box.width * 0.6, box.y + 60);
  await page.waitForFunction(() => location.hash.includes('at='));
  await page.mouse.click(box.x + box.width * 0.6, box.y + 60);
  await page.waitForFunction(() => !location.hash.includes('at='));

  const item = page.locator('section[data-panel=audience] .item[data-series="audience.joins"]');
  await item.click();
  await page.waitForFunction(() => location.hash.includes('off=audience.joins'));
  const hidden = (await charts(page)).flatMap((c) => c.paths).find((p) => p.series === 'audience.joins')!;
  assert.is(hidden.shown, false);
  await item.click();
  await page.waitForFunction(() => !location.hash.includes('off='));
  assert.equal(shared.errors, []);
});

test('brushing one chart zooms every chart; the permalink restores it; double-click zooms out', async () => {
  const { page } = shared;
  await brush(page, 'section[data-panel=control] svg.plot', 0.25, 0.5);
  await page.waitForFunction(() => Array.from(document.querySelectorAll('svg.plot')).every((e) => (e as SVGElement).dataset.domain !== '0,7200'));
  const zoomed = await charts(page);
  const d = zoomed[0].domain;
  assert.ok(Math.abs(d[0] - 1800) < 60 && Math.abs(d[1] - 3600) < 60, `domain ${d}`);
  for (const c of zoomed) {
    assert.equal(c.domain, d, `${c.panel} ${c.unit} not in step`);
    for (const p of c.paths.filter((x) => x.shown)) assert.ok(p.d > 50, `${c.panel} ${p.series}: empty after zoom`);
  }
  // A generous bound (shared CI machines are slow): redrawing 17 charts takes tens of milliseconds.
  const drawMs = Number(await page.evaluate(() => document.body.dataset.drawMs));
  assert.ok(drawMs < 1000, `redrawing every panel took ${drawMs} ms`);
  await page.waitForFunction(() => location.hash.includes('z='));
  const link = page.url();

  const again = await open(link);
  for (const c of await charts(again.page)) assert.ok(Math.abs(c.domain[0] - d[0]) < 0.01 && Math.abs(c.domain[1] - d[1]) < 0.01, `restored ${c.domain}, not ${d}`);
  await done(again);

  await page.locator('section[data-panel=cdn] svg.plot').first().dblclick({ position: { x: 300, y: 60 } });
  await page.waitForFunction(() => Array.from(document.querySelectorAll('svg.plot')).every((e) => (e as SVGElement).dataset.domain === '0,7200'));
  await page.waitForFunction(() => !location.hash.includes('z='));
  await done(shared);
});

test('compare: two runs overlaid in two colours, verdicts per run, metrics side by side with differences', async () => {
  const o = await open(pair.url);
  const { page } = o;
  for (const c of await charts(page)) {
    const shown = c.paths.filter((p) => p.shown);
    const names = [...new Set(shown.map((p) => p.series))];
    assert.ok(names.length > 0, `${c.panel} ${c.unit}: nothing shown`);
    for (const n of names) {
      const two = shown.filter((p) => p.series === n);
      assert.equal(two.map((p) => p.run), ['0', '1'], `${n}: not one path per run`);
      assert.ok(two.every((p) => p.d > 200), `${n}: empty path`);
      assert.is.not(two[0].stroke, two[1].stroke, `${n}: runs in the same colour`);
    }
  }
  assert.equal(await page.$$eval('table.runs tbody td.label', (t) => t.map((e) => e.textContent)), ['A', 'B']);
  assert.is(await page.locator('table.runs .run-swatch').count(), 2);
  assert.equal(await verdicts(page), [['playStartP99Ms', ['pass', 'pass']], ['fanout.deliveredRatio', ['fail', 'pass']]]);
  const row = await page.$$eval('table.compare-table tr[data-metric=playStartP99Ms] td', (t) => t.map((e) => e.textContent));
  assert.equal(row, ['playStartP99Ms', '2,780', '2,310', '−470 (−16.91%)']);
  assert.ok(await page.locator('details.metrics[open]').count());
  await done(o, 'compare.png');
});

test('a real `livetwin run` of queue-lab: its panels and verdicts', async () => {
  const r = await queueLab!.exited;
  assert.ok(r.code === 0 || r.code === 1, r.err);
  const summary = JSON.parse(readFileSync(join(tmp, 'Q/summary.json'), 'utf8')) as Summary;
  const o = await open((await serve(join(tmp, 'Q'))).url);
  const panels = await o.page.$$eval('section.panel', (s) => s.map((e) => (e as HTMLElement).dataset.panel));
  assert.ok(panels.includes('control'), `panels: ${panels}`);
  for (const c of await charts(o.page)) {
    assert.equal(c.domain, [0, 120]);
    assert.ok(c.paths.some((p) => p.shown && p.d > 100), `${c.panel} ${c.unit}: no line`);
  }
  assert.equal(await verdicts(o.page), summary.slo.map((v) => [v.metric, [v.pass ? 'pass' : 'fail']]));
  await done(o, 'queue-lab.png');
});

test('a run still being written grows on the page, then shows its verdicts', async () => {
  const dir = join(tmp, 'live');
  const run = startRun(dir, { durationSec: 600 });
  run.write(120);
  const o = await open((await serve(dir)).url);
  const { page } = o;
  assert.ok((await page.textContent('table.runs'))!.includes('running'));
  assert.equal((await charts(page))[0].domain, [0, 120]);
  run.write(240);
  await page.waitForFunction(() => document.querySelector<SVGElement>('svg.plot')!.dataset.domain === '0,360', null, { timeout: 5000 });
  run.finish();
  await page.waitForFunction(() => document.querySelectorAll('table.slo-table td.verdict').length === 2, null, { timeout: 5000 });
  assert.equal((await charts(page))[0].domain, [0, 600]);
  assert.ok((await page.textContent('table.runs'))!.includes('complete'));
  await done(o);
});

test('--export writes one HTML file that renders the same panels with the network off', async () => {
  const file = join(tmp, 'report.html');
  assert.is(await vizCommand([A], { export: file }), 0);
  assert.ok(existsSync(file));
  const requests: string[] = [];
  await ctx.setOffline(true);
  const page = await ctx.newPage();
  await page.route('**', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  page.on('request', (q) => !/^(file|data):/.test(q.url()) && requests.push(q.url()));
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 15000 });
    assert.is(await page.evaluate(() => document.body.dataset.state), 'ready', errors.join('\n'));
    assert.equal(await page.$$eval('section.panel', (s) => s.map((e) => (e as HTMLElement).dataset.panel)), FIXTURE_PANELS);
    for (const c of await charts(page)) assert.ok(c.paths.some((p) => p.shown) && c.paths.filter((p) => p.shown).every((p) => p.d > 200));
    assert.equal(await verdicts(page), [['playStartP99Ms', ['pass']], ['fanout.deliveredRatio', ['fail']]]);
    await brush(page, 'svg.plot', 0.1, 0.2);
    await page.waitForFunction(() => location.hash.includes('z='));
    await page.screenshot({ path: join(tmp, 'export.png'), fullPage: true });
    assert.equal(requests, [], 'the report fetched from the network');
    assert.equal(errors, []);
  } finally {
    await page.close();
    await ctx.setOffline(false);
  }
});

test('livetwin viz: a directory that is not a run is bad input, every one named', async () => {
  const err = await vizCommand(['nowhere', tmp], {}).then(() => null, (e: unknown) => e);
  assert.instance(err, UsageError); // the command line turns it into exit code 2
  const msg = (err as Error).message;
  assert.match(msg, /nowhere: no such directory/);
  assert.match(msg, /not a run directory \(expected timeline\.arrow/);
  const port = await vizCommand([A], { port: 'eighty' }).then(() => null, (e: unknown) => e);
  assert.match((port as Error).message, /--port: expected a port number/);
});

test('npm start runs the default scenario, then serves its viewer until Ctrl-C', async () => {
  const { child, url, exited } = npmStart!;
  try {
    const runs = (await (await fetch(`${await url}api/runs`)).json()) as Array<{ label: string; summary: Summary }>;
    assert.is(runs.length, 1);
    assert.is(runs[0].label, `${runs[0].summary.scenario}-${runs[0].summary.seed}`, 'the default run directory');
    const o = await open(await url);
    assert.ok((await charts(o.page)).length > 0);
    await done(o);
  } finally {
    child.kill('SIGINT');
  }
  const { code, err } = await exited;
  assert.ok(code === 0 || code === 1, `exit ${code}: ${err}`);
});

test.run();
