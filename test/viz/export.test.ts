/** The exported report is one file: nothing it needs lives anywhere else. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeRun } from '../fixtures/make-run.ts';
import { resolveRunDirs } from '../../viz/runs.ts';
import { reportHtml } from '../../viz/export.ts';
import type { EmbeddedRuns } from '../../viz/page/data-source.ts';

test('page, style, script and the runs inline; the timeline round-trips byte for byte', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'livetwin-viz-export-'));
  makeRun(join(tmp, 'A'), { durationSec: 300, scenario: 'a </script> b' });
  const html = await reportHtml(resolveRunDirs([join(tmp, 'A')]));
  assert.not.match(html, /<script[^>]+src=/);
  assert.not.match(html, /<link[^>]+stylesheet/);
  assert.not.match(html, /(src|href)="https?:/);
  // Exactly two script elements end: the data block and the page script ("</script>" in data is escaped).
  assert.is(html.match(/<\/script>/g)!.length, 2);
  const json = /<script type="application\/json" id="livetwin-data">(.*?)<\/script>/s.exec(html)![1];
  const data = JSON.parse(json) as EmbeddedRuns;
  assert.is(data.runs[0].summary!.scenario, 'a </script> b');
  const arrow = gunzipSync(Buffer.from(data.runs[0].timelineGzipBase64, 'base64'));
  assert.ok(arrow.equals(readFileSync(join(tmp, 'A/timeline.arrow'))));
});

test.run();
