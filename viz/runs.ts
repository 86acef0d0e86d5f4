/** The run directories a viewer shows: checked up front, each named by a short label. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError } from '../bin/exit.ts';
import type { Summary } from '../sim/record/run-files.ts';
import type { RunMeta } from './page/data-source.ts';

export interface RunDir {
  /** Absolute path. */
  dir: string;
  label: string;
  timeline: string;
}

/** Resolves and checks the directories; every bad one is named in one UsageError. */
export function resolveRunDirs(dirs: readonly string[]): RunDir[] {
  const problems: string[] = [];
  for (const d of dirs) {
    const abs = resolve(d);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) problems.push(`${d}: no such directory (expected a run directory, e.g. runs/queue-lab-1)`);
    else if (!existsSync(resolve(abs, 'timeline.arrow'))) problems.push(`${d}: not a run directory (expected timeline.arrow in it; \`livetwin run --out ${d}\` makes one)`);
  }
  if (dirs.length === 0) problems.push('viz: name at least one run directory');
  if (problems.length) throw new UsageError(problems.join('\n'));
  // Labels: the directory's name, or the path as given when two runs share a name.
  const names = dirs.map((d) => basename(resolve(d)));
  const labels = dirs.map((d, i) => (names.filter((n) => n === names[i]).length > 1 ? d.replace(/\/+$/, '') : names[i]));
  return dirs.map((d, i) => {
    const dup = labels.slice(0, i).filter((l) => l === labels[i]).length;
    return { dir: resolve(d), label: dup ? `${labels[i]} (${dup + 1})` : labels[i], timeline: resolve(d, 'timeline.arrow') };
  });
}

/** The run's label and summary; the summary is null while the run is still being written. */
export function readMeta(run: RunDir): RunMeta {
  let summary: Summary | null = null;
  try {
    summary = JSON.parse(readFileSync(resolve(run.dir, 'summary.json'), 'utf8')) as Summary;
  } catch {
    summary = null;
  }
  return { label: run.label, summary };
}
