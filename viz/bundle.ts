/**
 * The page's assets. The browser code (viz/page/*.ts, with d3 and apache-arrow) is bundled by esbuild
 * into one script in memory the first time it is asked for, and kept for the life of the process: there
 * is no build step to forget, and nothing is fetched from the internet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const PAGE = join(import.meta.dirname, 'page');
let bundle: Promise<string> | null = null;

/** The page script: an IIFE, minified (~0.5 MB: d3 and apache-arrow included). */
export function pageScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [join(PAGE, 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  bundle.catch(() => (bundle = null)); // a failed build is retried on the next request
  return bundle;
}

export function pageHtml(): string {
  return readFileSync(join(PAGE, 'index.html'), 'utf8');
}

export function pageCss(): string {
  return readFileSync(join(PAGE, 'style.css'), 'utf8');
}
