/** The viewer's HTTP surface without a browser: the page, the bundle, the runs API, conditional GETs. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { makeRun } from '../fixtures/make-run.ts';
import { resolveRunDirs } from '../../viz/runs.ts';
import { serveViewer, type Viewer } from '../../viz/server.ts';

const tmp = mkdtempSync(join(tmpdir(), 'livetwin-viz-server-'));
let viewer: Viewer;

test.before(async () => {
  makeRun(join(tmp, 'A'), { durationSec: 600 });
  viewer = await serveViewer(resolveRunDirs([join(tmp, 'A')]), { port: 0 });
});

test.after(() => viewer.close());

test('binds 127.0.0.1 on a free port; serves the page, its style and its bundled script', async () => {
  assert.match(viewer.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await fetch(viewer.url);
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  assert.match(await page.text(), /<script src="app\.js"><\/script>/);
  const js = await fetch(`${viewer.url}app.js`);
  assert.match(js.headers.get('content-type')!, /javascript/);
  assert.ok((await js.text()).length > 100_000, 'd3 and apache-arrow bundled in');
  assert.is((await fetch(`${viewer.url}style.css`)).status, 200);
});

test('runs API: metadata, the Arrow file with an ETag (304 when unchanged), 404 for unknown runs', async () => {
  const runs = (await (await fetch(`${viewer.url}api/runs`)).json()) as Array<{ label: string; summary: { seed: number } }>;
  assert.equal(runs.map((r) => [r.label, r.summary.seed]), [['A', 1]]);
  const one = (await (await fetch(`${viewer.url}api/runs/0`)).json()) as { label: string };
  assert.is(one.label, 'A');
  const r = await fetch(`${viewer.url}runs/0/timeline.arrow`);
  assert.is(r.status, 200);
  assert.is(tableFromIPC(new Uint8Array(await r.arrayBuffer())).numRows, 600);
  const etag = r.headers.get('etag')!;
  assert.ok(etag);
  // (Not with fetch: it adds "Cache-Control: no-cache" to a request carrying If-None-Match.)
  const status = await new Promise<number>((res) =>
    get(`${viewer.url}runs/0/timeline.arrow`, { headers: { 'If-None-Match': etag } }, (m) => res(m.resume().statusCode!)));
  assert.is(status, 304);
  assert.is((await fetch(`${viewer.url}runs/0/summary.json`)).status, 200);
  for (const path of ['runs/1/timeline.arrow', 'runs/x/summary.json', 'api/runs/5', 'nothing']) {
    assert.is((await fetch(viewer.url + path)).status, 404, path);
  }
});

test.run();
