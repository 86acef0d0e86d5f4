/**
 * `livetwin viz --export report.html`: the viewer as one self-contained file — page, style, script and
 * every run's data inline — that opens from disk with no server and no network. Timelines are gzipped
 * (the page inflates them with the browser's DecompressionStream) and base64-encoded into a JSON block.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pageCss, pageHtml, pageScript } from './bundle.ts';
import { readMeta, type RunDir } from './runs.ts';
import type { EmbeddedRuns } from './page/data-source.ts';

const STYLE_TAG = '<link rel="stylesheet" href="style.css">';
const SCRIPT_TAG = '<script src="app.js"></script>';

/** The report's HTML text. */
export async function reportHtml(runs: readonly RunDir[]): Promise<string> {
  const data: EmbeddedRuns = {
    runs: runs.map((r) => ({ ...readMeta(r), timelineGzipBase64: gzipSync(readFileSync(r.timeline)).toString('base64') })),
  };
  const html = pageHtml();
  if (!html.includes(STYLE_TAG) || !html.includes(SCRIPT_TAG)) throw new Error('viz/page/index.html: the style or script tag the export replaces is missing');
  // Inside <script>, "</script" and "<!--" would end or confuse the element; in JSON "<" can be escaped
  // outright, and in the minified script both only occur in strings and regexes, where "\/" and "\!" read as before.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const js = (await pageScript()).replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
  return html
    .replace(STYLE_TAG, () => `<style>\n${pageCss()}</style>`)
    .replace(SCRIPT_TAG, () => `<script type="application/json" id="livetwin-data">${json}</script>\n<script>${js}</script>`);
}

/** Writes the report; returns its size in bytes. */
export async function exportReport(runs: readonly RunDir[], file: string): Promise<number> {
  const html = await reportHtml(runs);
  writeFileSync(file, html);
  return Buffer.byteLength(html);
}
